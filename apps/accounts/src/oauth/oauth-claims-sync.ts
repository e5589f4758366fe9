import { Injectable, Logger } from '@nestjs/common';
import { authorizationListRoles, roomsInvite, roomsKick, type IUser } from '@rc/contracts';
import { SubscriptionsRepository, UsersRepository, type ILoginServiceConfiguration } from '@rc/models';
import { RpcClient } from '@rc/platform';
import { RoleChangeNotifier } from '../common/role-change-notifier.js';
import { parseGroupMap } from '../ldap/ldap-user-mapping.js';

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** A claim's value as a list of names (a single string counts as one). */
export function claimList(identity: Record<string, unknown>, claim: string | undefined): string[] {
  if (!claim) return [];
  const value = identity[claim];
  const values = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return values.filter((entry): entry is string => typeof entry === 'string' && entry !== '');
}

/**
 * Rocket.Chat's `updateRolesFromSSO`: with `merge_roles`, the roles of the `roles_claim` that exist are given; with
 * `roles_to_sync` (comma-separated) only those are given, and those the claim no longer names are taken away
 * (without it, nothing is taken away). Returns the roles to add and to remove.
 */
export function rolesFromClaim(
  current: readonly string[],
  claimed: readonly string[],
  known: ReadonlySet<string>,
  rolesToSync: string,
): { add: string[]; remove: string[] } {
  const sync = rolesToSync
    .split(',')
    .map((role) => role.trim())
    .filter(Boolean);
  const fromSso = claimed.filter((role) => known.has(role));
  return {
    add: [...new Set(fromSso.filter((role) => !current.includes(role) && (sync.length === 0 || sync.includes(role))))],
    remove: current.filter((role) => !fromSso.includes(role) && sync.includes(role)),
  };
}

/**
 * The roles and channels a custom OAuth provider's claims give a user at each login (Rocket.Chat's
 * `afterProcessOAuthUser` hooks, `OAuthEEManager`): `-merge_roles` with `-roles_claim` and `-roles_to_sync`;
 * `-map_channels` with `-groups_claim`, `-groups_channel_map` (JSON: group → channel or channels) and
 * `-channels_admin` (who adds and removes: core checks that user's rights). A member of a mapped group joins its
 * channels; a user no longer in the group leaves them. Failures are logged, never the login's.
 */
@Injectable()
export class OAuthClaimsSync {
  private readonly logger = new Logger(OAuthClaimsSync.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly rpc: RpcClient,
    private readonly roleChanges: RoleChangeNotifier,
  ) {}

  async apply(configuration: ILoginServiceConfiguration, user: IUser, identity: Record<string, unknown>): Promise<void> {
    const settings: Record<string, unknown> = configuration;
    if (settings.mergeRoles === true) {
      await this.syncRoles(user, claimList(identity, settings.rolesClaim as string), text(settings.rolesToSync)).catch((error: unknown) =>
        this.logger.warn(`roles of ${user.username ?? user._id} from ${configuration.service}: ${String(error)}`),
      );
    }
    if (settings.mapChannels === true) {
      await this.syncChannels(user, claimList(identity, settings.groupsClaim as string), settings).catch((error: unknown) =>
        this.logger.warn(`channels of ${user.username ?? user._id} from ${configuration.service}: ${String(error)}`),
      );
    }
  }

  private async syncRoles(user: IUser, claimed: string[], rolesToSync: string): Promise<void> {
    const known = new Set((await this.rpc.request(authorizationListRoles, {})).roles.map((role) => role._id));
    const { add, remove } = rolesFromClaim(user.roles ?? [], claimed, known, rolesToSync);
    if (!add.length && !remove.length) return;
    if (add.length) await this.users.addRoles(user._id, add);
    if (remove.length) await this.users.removeRoles(user._id, remove);
    await this.roleChanges.accessChanged(user._id);
    this.logger.log(`roles of ${user.username ?? user._id}: +[${add.join(',')}] -[${remove.join(',')}]`);
  }

  private async syncChannels(user: IUser, groups: string[], settings: Record<string, unknown>): Promise<void> {
    const { map, error } = parseGroupMap(text(settings.channelsMap));
    if (error) return this.logger.warn(`groups_channel_map is ${error}`);
    if (map.size === 0) return;
    const admin = await this.users.findByUsername(text(settings.channelsAdmin));
    if (!admin?.username) return this.logger.warn(`channels_admin ${text(settings.channelsAdmin)} does not exist`);
    const actor = { userId: admin._id, username: admin.username };
    const joined = new Set((await this.subscriptions.findBriefRoomsOfUser(user._id)).map((room) => room.name));
    for (const [group, channels] of map) {
      const member = groups.includes(group);
      for (const roomName of channels) {
        if (member === joined.has(roomName)) continue;
        try {
          if (member) await this.rpc.request(roomsInvite, { actor, roomName, userIds: [user._id], usernames: [] });
          else await this.rpc.request(roomsKick, { actor, roomName, userId: user._id });
        } catch (failure) {
          this.logger.warn(`channel ${roomName} for ${user.username ?? user._id} (${member ? 'add' : 'remove'}): ${String(failure)}`);
        }
      }
    }
  }
}
