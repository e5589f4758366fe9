import type { RoleOrderedMember } from '@rc/contracts';

/** Rocket.Chat's `ROOM_ROLE_PRIORITY_MAP`: the lower, the higher in a room's members list. */
const ROLE_PRIORITY: Readonly<Record<string, number>> = { owner: 0, leader: 250, moderator: 500 };
const NO_ROLE_PRIORITY = 10000;

/** How a caller may reorder the list (`sort={"rolePriority":-1}`, `sort={"username":1}`); other keys are ignored. */
export interface MemberOrder {
  rolePriority?: 1 | -1;
  username?: 1 | -1;
}

/** A member's place by their room roles: their highest role's, or after every role holder. */
export function rolePriority(roles: readonly string[] | undefined): number {
  return Math.min(NO_ROLE_PRIORITY, ...(roles ?? []).map((role) => ROLE_PRIORITY[role] ?? NO_ROLE_PRIORITY));
}

/**
 * The order of Rocket.Chat's `findUsersOfRoomOrderedByRole`: by role priority; then members not offline first (by
 * status, descending, as its sort key does); then by username, or by name when `byName` (`UI_Use_Real_Name`) unless
 * the caller sorts by username. Strings compare as MongoDB compares them (code units, a missing value first).
 */
export function orderByRole<M extends RoleOrderedMember>(members: readonly M[], order: MemberOrder, byName: boolean): M[] {
  const priorities = new Map(members.map((member) => [member, rolePriority(member.roles)]));
  const roleDirection = order.rolePriority ?? 1;
  const nameKey = order.username || !byName ? 'username' : 'name';
  const nameDirection = order.username ?? 1;
  return [...members].sort(
    (a, b) =>
      (priorities.get(a)! - priorities.get(b)!) * roleDirection ||
      -compareValues(statusKey(a), statusKey(b)) ||
      compareValues(a[nameKey], b[nameKey]) * nameDirection,
  );
}

/** Offline (or no status) sorts after every other status. */
function statusKey(member: RoleOrderedMember): string | undefined {
  return member.status === 'offline' ? undefined : member.status;
}

function compareValues(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}
