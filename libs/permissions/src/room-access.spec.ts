import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rc/contracts';
import type { RoomsRepository, SubscriptionsRepository } from '@rc/models';
import type { PermissionChecker } from './permission-checker.js';
import { RoomAccess } from './room-access.js';

type Room = Pick<IRoom, '_id' | 't' | 'teamId' | 'teamMain'> & { prid?: string };

/** In-memory rooms, memberships and permissions (unit test of the access rules only). */
function service(rooms: Room[], members: Record<string, string[]>, permissions: Record<string, string[]>) {
  const byId = new Map(rooms.map((r) => [r._id, r]));
  const roomsRepo = {
    findById: (id: string) => Promise.resolve(byId.get(id) ?? null),
    findTeamMainRoom: (teamId: string) => Promise.resolve(rooms.find((r) => r.teamId === teamId && r.teamMain) ?? null),
  } as unknown as RoomsRepository;
  const subscriptions = {
    findMembership: (rid: string, userId: string) => Promise.resolve(members[rid]?.includes(userId) ? { rid } : null),
  } as unknown as SubscriptionsRepository;
  const checker = {
    check: (userId: string, asked: string[], mode: 'all' | 'any' = 'all') => {
      const held = permissions[userId] ?? [];
      return Promise.resolve(mode === 'all' ? asked.every((p) => held.includes(p)) : asked.some((p) => held.includes(p)));
    },
  } as unknown as PermissionChecker;
  return new RoomAccess(roomsRepo, subscriptions, checker);
}

const rooms: Room[] = [
  { _id: 'pub', t: 'c' },
  { _id: 'grp', t: 'p' },
  { _id: 'team-main', t: 'p', teamId: 'T', teamMain: true },
  { _id: 'team-chan', t: 'c', teamId: 'T' },
  { _id: 'disc', t: 'p', prid: 'grp' },
  { _id: 'loop-a', t: 'p', prid: 'loop-b' },
  { _id: 'loop-b', t: 'p', prid: 'loop-a' },
];
const members = { grp: ['member'], 'team-main': ['member'] };
const userPermissions = ['view-c-room', 'view-p-room', 'view-d-room'];

describe('canAccessRoom', () => {
  const access = service(rooms, members, { member: userPermissions, outsider: userPermissions, nobody: [] });

  it.each([
    ['pub', 'outsider', true],
    ['pub', 'nobody', false],
    ['grp', 'member', true],
    ['grp', 'outsider', false],
    ['team-chan', 'member', true],
    ['team-chan', 'outsider', false],
    ['disc', 'member', true],
    ['disc', 'outsider', false],
    ['loop-a', 'member', false],
    ['missing', 'member', false],
  ])('room %s, user %s → %s', async (room, user, allowed) => {
    expect(await access.canAccessRoom(user, room)).toBe(allowed);
  });

  it('requires view-<type>-room (or view-joined-room) of members too', async () => {
    const strict = service(rooms, { grp: ['guest'] }, { guest: ['view-joined-room'], bare: [] });
    expect(await strict.canAccessRoom('guest', 'grp')).toBe(true);
    const bare = service(rooms, { grp: ['bare'] }, { bare: [] });
    expect(await bare.canAccessRoom('bare', 'grp')).toBe(false);
  });
});
