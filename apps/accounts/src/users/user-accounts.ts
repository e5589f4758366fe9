import { Injectable, Logger } from '@nestjs/common';
import {
  authorizationListRoles,
  DomainError,
  ErrorCode,
  roomsJoinDefaultRooms,
  userCreatedEvent,
  type InactiveReason,
  type IUser,
} from '@rc/contracts';
import { isDuplicateKeyError, UsersRepository } from '@rc/models';
import type { CustomFieldsUpdate } from './custom-fields.js';
import { newUserDocument } from './new-user-document.js';
import { EventBus, InjectConfig, RpcClient } from '@rc/platform';
import { randomBytes } from 'node:crypto';
import type { AccountsConfig } from '../accounts.env.js';
import { assertPasswordPolicy, passwordPolicyFromSettings } from '../auth/password-policy.js';
import { hashPasswordDigest, passwordDigest, verifyPasswordDigest } from '../auth/password.js';
import { SettingsCache } from '@rc/settings';
import {
  assertEmailDomainAllowed,
  assertValidUsername,
  fieldUnavailable,
  isReservedUsername,
  normalizeEmail,
  usernamePattern,
} from './user-rules.js';

export type NewUser = Pick<IUser, 'username' | 'roles' | 'active'> &
  Partial<Pick<IUser, 'name' | 'bio' | 'nickname' | 'statusText' | 'requirePasswordChange' | 'language' | 'settings'>> & {
    username: string;
    email: string;
    verified: boolean;
    password: string;
    reason?: string;
    inactiveReason?: InactiveReason;
    /** Validated custom fields (`AccountCustomFields`), written with the new user. */
    customFields?: CustomFieldsUpdate;
  };

/**
 * What registration, creation and profile changes share: name and e-mail availability, the password policy
 * and hashing, role validation, and the insert of a new user followed by the default-room join (core).
 */
@Injectable()
export class UserAccounts {
  private readonly logger = new Logger(UserAccounts.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly rpc: RpcClient,
    @InjectConfig() private readonly config: AccountsConfig,
    private readonly events: EventBus,
    private readonly settings: SettingsCache,
  ) {}

  /** The usernames `UTF8_User_Names_Validation` allows, read live. */
  usernamePattern(): RegExp {
    return usernamePattern(this.settings.get<string>('UTF8_User_Names_Validation'));
  }

  /** `Accounts_AllowedDomainsList` / `Accounts_BlockedDomainsList` applied to a new address (Rocket.Chat's `validateEmailDomain`). */
  assertEmailDomainAllowed(address: string): void {
    assertEmailDomainAllowed(address, {
      allowed: this.settings.get<string>('Accounts_AllowedDomainsList'),
      blocked: this.settings.get<string>('Accounts_BlockedDomainsList'),
    });
  }

  /** Free for this user: not reserved, and no other user has it (compared case-insensitively). */
  async usernameAvailable(username: string, exceptUserId?: string): Promise<boolean> {
    if (isReservedUsername(username)) return false;
    const holder = await this.users.findByUsername(username);
    return !holder || holder._id === exceptUserId;
  }

  async assertUsernameAvailable(username: string, exceptUserId?: string): Promise<void> {
    if (!(await this.usernameAvailable(username, exceptUserId))) throw fieldUnavailable(username);
  }

  async assertEmailAvailable(address: string, exceptUserId?: string): Promise<void> {
    const holder = await this.users.findByEmail(address);
    if (holder && holder._id !== exceptUserId) throw fieldUnavailable(address);
  }

  assertPasswordPolicy(password: string): void {
    assertPasswordPolicy(password, passwordPolicyFromSettings(this.settings));
  }

  hashPassword(password: string): Promise<string> {
    return hashPasswordDigest(passwordDigest(password), this.config.BCRYPT_ROUNDS);
  }

  /**
   * Checks a password typed by the user: Rocket.Chat's clients send its SHA-256 hex digest, bots the
   * password itself.
   */
  /**
   * A new username and/or e-mail for a user, validated and checked free: the fields to `$set` (none when
   * nothing changes). A new address is unverified unless `verified`.
   */
  async identityUpdate(user: IUser, change: { username?: string; email?: string; verified?: boolean }): Promise<Record<string, unknown>> {
    const set: Record<string, unknown> = {};
    if (change.username !== undefined && change.username !== user.username) {
      assertValidUsername(change.username, this.usernamePattern());
      await this.assertUsernameAvailable(change.username, user._id);
      set.username = change.username;
    }
    if (change.email !== undefined) {
      const email = normalizeEmail(change.email);
      if (email !== user.emails?.[0]?.address) {
        await this.assertEmailAvailable(email, user._id);
        set.emails = [{ address: email, verified: change.verified === true }];
      }
    }
    return set;
  }

  async passwordMatches(user: IUser, typed: string): Promise<boolean> {
    const hash = user.services?.password?.bcrypt;
    if (!hash) return false;
    const digest = /^[a-f0-9]{64}$/i.test(typed) ? typed : passwordDigest(typed);
    return verifyPasswordDigest(digest, hash);
  }

  /** A password nobody knows (users.create with `setRandomPassword`); it meets any sensible policy. */
  randomPassword(): string {
    return `${randomBytes(15).toString('base64url')}aA1!`;
  }

  /** Refuses role ids that do not exist (Rocket.Chat: "The field Roles consist invalid role id"). */
  async assertRolesExist(roles: readonly string[]): Promise<void> {
    if (roles.length === 0) return;
    const known = new Set((await this.rpc.request(authorizationListRoles, {})).roles.map((role) => role._id));
    if (roles.some((role) => !known.has(role))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'The field Roles consist invalid role id', { action: 'Assign_role' });
    }
  }

  /** Inserts the user (unique indexes settle a race for the same name or e-mail), then joins default rooms. */
  async insert(user: NewUser, joinDefaultRooms: boolean): Promise<IUser> {
    let created: IUser;
    try {
      created = await this.users.insert(
        newUserDocument({
          username: user.username,
          ...(user.name !== undefined && { name: user.name }),
          emails: [{ address: user.email, verified: user.verified }],
          roles: user.roles,
          active: user.active,
          settings: user.settings ?? {},
          ...(user.bio && { bio: user.bio }),
          ...(user.nickname && { nickname: user.nickname }),
          ...(user.statusText && { statusText: user.statusText }),
          ...(user.requirePasswordChange !== undefined && { requirePasswordChange: user.requirePasswordChange }),
          ...(user.language && { language: user.language }),
          ...(user.reason && { reason: user.reason }),
          ...(user.inactiveReason && { inactiveReason: user.inactiveReason }),
          services: { password: { bcrypt: await this.hashPassword(user.password) } },
        }),
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      throw fieldUnavailable((await this.users.findByEmail(user.email)) ? user.email : user.username);
    }
    if (user.customFields && Object.keys(user.customFields.set).length + Object.keys(user.customFields.addToSet).length > 0) {
      created = (await this.users.updateProfile(created._id, user.customFields.set, [], user.customFields.addToSet)) ?? created;
    }
    if (joinDefaultRooms) await this.joinDefaultRooms(created._id);
    // Rocket.Chat's `afterCreateUser` (outgoing webhooks on `userCreated`): never the credentials.
    const { services: _services, ...visible } = created;
    this.events.publish(userCreatedEvent, created._id, { user: visible });
    return created;
  }

  /**
   * Rocket.Chat adds new users to the default rooms. Core does it; a registration does not fail when core
   * is down or slow, it is logged and the user is created without them.
   */
  private async joinDefaultRooms(userId: string): Promise<void> {
    try {
      await this.rpc.request(roomsJoinDefaultRooms, { userId }, { timeoutMs: this.config.CORE_CALL_TIMEOUT_MS });
    } catch (error) {
      this.logger.warn(`user ${userId} was created without joining the default rooms: ${String(error)}`);
    }
  }
}
