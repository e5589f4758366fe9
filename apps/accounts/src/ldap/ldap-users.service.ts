import { Injectable, Logger } from '@nestjs/common';
import { authorizationListRoles, DomainError, ErrorCode, roomsInvite, roomsJoinDefaultRooms, roomsKick, type IUser } from '@rc/contracts';
import { isDuplicateKeyError, UsersRepository } from '@rc/models';
import { newUserDocument } from '../users/new-user-document.js';
import { InjectConfig, RpcClient } from '@rc/platform';
import type { Entry } from 'ldapts';
import type { AccountsConfig } from '../accounts.env.js';
import { RoleChangeNotifier } from '../common/role-change-notifier.js';
import { SessionRevocation } from '../common/session-revocation.js';
import { normalizeEmail } from '../users/user-rules.js';
import type { LdapConnection } from './ldap-connection.js';
import { fillFilterTemplate } from './ldap-filter.js';
import type { LdapSettings } from './ldap-settings.js';
import { mapLdapUser, parseGroupMap, type LdapUserData } from './ldap-user-mapping.js';

const USERNAME_PATTERN = /^[0-9a-zA-Z-_.]+$/;

/** Rocket.Chat's refusal when the directory's user collides with a local account and merging is off. */
const existingLocalUser = (username: string) =>
  new DomainError(
    ErrorCode.LdapLoginError,
    `LDAP Authentication succeeded, but there's already an existing user with provided username [${username}] in Mongo.`,
  );

/**
 * Writes what the directory says into the users collection: creates the user on first sight (`ldap: true`,
 * `services.ldap`, no local password), updates name and e-mail afterwards, and applies the group → role and
 * group → channel maps. Shared by the login and the background sync.
 */
@Injectable()
export class LdapUsers {
  private readonly logger = new Logger('LDAP');

  constructor(
    private readonly users: UsersRepository,
    private readonly rpc: RpcClient,
    private readonly roleChanges: RoleChangeNotifier,
    private readonly revocation: SessionRevocation,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  map(entry: Entry, settings: LdapSettings, typedName?: string): LdapUserData {
    return mapLdapUser(entry, settings, typedName);
  }

  /** The user linked to the entry (by its unique id), or else the local user of that username. */
  async findExisting(data: LdapUserData): Promise<IUser | null> {
    return (
      (await this.users.findByLdapId(data.ldapId.id, data.ldapId.idAttribute)) ??
      (data.username ? await this.users.findByUsername(data.username) : null)
    );
  }

  /**
   * Creates or updates the user of an entry. A local user of the same name is merged only with
   * LDAP_Merge_Existing_Users (Rocket.Chat's LDAP-login-error otherwise); `update` false leaves a linked user as is.
   */
  async upsert(data: LdapUserData, settings: LdapSettings, update: boolean): Promise<{ user: IUser; created: boolean }> {
    const existing = await this.findExisting(data);
    if (!existing) return { user: await this.create(data), created: true };
    if (existing.ldap !== true && !settings.mergeExistingUsers) throw existingLocalUser(existing.username ?? '');
    // A local user being merged is always synced (Rocket.Chat does the same).
    if (!update && existing.ldap === true) return { user: existing, created: false };
    return { user: await this.update(existing, data), created: false };
  }

  private async create(data: LdapUserData): Promise<IUser> {
    const username = data.username;
    if (!username || !USERNAME_PATTERN.test(username)) {
      throw new DomainError(ErrorCode.LdapLoginError, `The LDAP entry has no valid username (${username ?? 'none'})`);
    }
    if (!data.email) throw new DomainError(ErrorCode.LdapLoginError, 'Failed to get email address from LDAP user');
    let user: IUser;
    try {
      user = await this.users.insert(
        newUserDocument({
          username,
          ...(data.name && { name: data.name }),
          emails: [{ address: normalizeEmail(data.email), verified: true }],
          roles: ['user'],
          ldap: true,
          services: { ldap: data.ldapId },
        }),
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw new DomainError(ErrorCode.LdapLoginError, `${username} or ${data.email} is already in use`);
    }
    this.logger.log(`created user ${username} from ${data.dn}`);
    try {
      await this.rpc.request(roomsJoinDefaultRooms, { userId: user._id }, { timeoutMs: this.config.CORE_CALL_TIMEOUT_MS });
    } catch (error) {
      this.logger.warn(`LDAP user ${username} was created without joining the default rooms: ${String(error)}`);
    }
    return user;
  }

  /** Name and e-mail from the directory, and the link to the entry; nothing written when nothing changed. */
  async update(user: IUser, data: LdapUserData): Promise<IUser> {
    const set: Record<string, unknown> = {};
    if (user.ldap !== true) set.ldap = true;
    const linked = user.services?.ldap as { id?: string; idAttribute?: string } | undefined;
    if (linked?.id !== data.ldapId.id || linked?.idAttribute !== data.ldapId.idAttribute) set['services.ldap'] = data.ldapId;
    if (data.name && data.name !== user.name) set.name = data.name;
    if (data.email && data.email !== user.emails?.[0]?.address) {
      const holder = await this.users.findByEmail(data.email);
      if (holder && holder._id !== user._id) this.logger.warn(`${data.email} of ${data.dn} belongs to another user: not copied`);
      else set.emails = [{ address: normalizeEmail(data.email), verified: true }];
    }
    if (Object.keys(set).length === 0) return user;
    return (await this.users.updateProfile(user._id, set)) ?? user;
  }

  /** Deactivates a user no longer in the directory: every session ends. */
  async deactivate(user: IUser): Promise<void> {
    await this.users.setActive(user._id, false);
    await this.revocation.revoke(user._id, () => this.users.removeAllLoginTokens(user._id), { everySession: true, forceLogout: true });
    await this.roleChanges.accessChanged(user._id);
    this.logger.log(`deactivated ${user.username ?? user._id}: no longer in the directory`);
  }

  async reactivate(user: IUser): Promise<void> {
    await this.users.setActive(user._id, true);
    await this.roleChanges.accessChanged(user._id);
  }

  /**
   * Group → role map (LDAP_Sync_User_Data_Roles*): for each LDAP group of the map, a search with the role filter
   * (`#{groupName}`, `#{username}`, `#{userdn}` filled in, escaped) says whether the user is a member; a member gets
   * the mapped roles, a non-member loses them with AutoRemove. Roles that do not exist are skipped.
   */
  async syncRoles(ldap: LdapConnection, user: IUser, dn: string, settings: LdapSettings): Promise<void> {
    if (!settings.roles || !user.username) return;
    const { map, error } = parseGroupMap(settings.roles.map);
    if (error) return this.logger.warn(`LDAP_Sync_User_Data_RolesMap is ${error}`);
    const add = new Set<string>();
    const remove = new Set<string>();
    for (const [group, roles] of map) {
      const member = await this.isMember(ldap, settings.roles.baseDn || settings.baseDn, settings.roles.filter, group, user.username, dn);
      for (const role of roles) (member ? add : settings.roles.autoRemove ? remove : new Set()).add(role);
    }
    for (const role of add) remove.delete(role);
    const known = new Set((await this.rpc.request(authorizationListRoles, {})).roles.map((role) => role._id));
    const adding = [...add].filter((role) => known.has(role) && !user.roles.includes(role));
    const removing = [...remove].filter((role) => user.roles.includes(role));
    if (!adding.length && !removing.length) return;
    if (adding.length) await this.users.addRoles(user._id, adding);
    if (removing.length) await this.users.removeRoles(user._id, removing);
    await this.roleChanges.accessChanged(user._id);
    this.logger.log(`roles of ${user.username}: +[${adding.join(',')}] -[${removing.join(',')}]`);
  }

  /**
   * Group → channel map (LDAP_Sync_User_Data_Channels*): a member of the group is added to the mapped channels, by
   * the user named in LDAP_Sync_User_Data_Channels_Admin (core checks that user's rights); with Enforce_AutoChannels
   * a non-member is removed from them.
   */
  async syncChannels(ldap: LdapConnection, user: IUser, dn: string, settings: LdapSettings): Promise<void> {
    if (!settings.channels || !user.username) return;
    const { map, error } = parseGroupMap(settings.channels.map);
    if (error) return this.logger.warn(`LDAP_Sync_User_Data_ChannelsMap is ${error}`);
    const admin = await this.users.findByUsername(settings.channels.admin);
    if (!admin?.username) return this.logger.warn(`LDAP_Sync_User_Data_Channels_Admin ${settings.channels.admin} does not exist`);
    const actor = { userId: admin._id, username: admin.username };
    for (const [group, channels] of map) {
      const member = await this.isMember(
        ldap,
        settings.channels.baseDn || settings.baseDn,
        settings.channels.filter,
        group,
        user.username,
        dn,
      );
      if (!member && !settings.channels.enforce) continue;
      for (const roomName of channels) {
        try {
          if (member) await this.rpc.request(roomsInvite, { actor, roomName, userIds: [user._id], usernames: [] });
          else await this.rpc.request(roomsKick, { actor, roomName, userId: user._id });
        } catch (failure) {
          // Already out of the room, or a room that does not exist: logged, the rest goes on.
          this.logger.warn(`channel ${roomName} for ${user.username} (${member ? 'add' : 'remove'}): ${String(failure)}`);
        }
      }
    }
  }

  private async isMember(ldap: LdapConnection, baseDn: string, template: string, groupName: string, username: string, userdn: string) {
    const filter = fillFilterTemplate(template, { groupName, username, userdn });
    return (await ldap.search(baseDn, filter, 'sub', ['dn'])).length > 0;
  }
}
