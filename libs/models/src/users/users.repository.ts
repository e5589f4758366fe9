import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { InactiveReason, IUser, LivechatStatus, LivechatUser, LoginToken, UserStatus } from '@rc/contracts';
import type { Model, ProjectionType, UpdateQuery } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { USER_MODEL } from './user.schema.js';

/** A filter of users.list: field → plain value, built by the service from an allow-list of fields. */
/** users.list's filter: field equalities, combined with `$or` / `$and` (checked by the caller). */
export interface UserFieldFilter {
  /** A value, `$or` / `$and` of filters, or `{$eq: document}` (a field equal to a whole document or array). */
  [field: string]: string | number | boolean | UserFieldFilter[] | { $eq: unknown };
}

/** What the room, message and team services read of a user: never `services`, never e-mails. */
export type RoomUser = Pick<IUser, '_id' | 'username' | 'name' | 'active' | 'type' | 'status' | 'statusText' | 'utcOffset' | 'roles'>;

const ROOM_USER_FIELDS = { _id: 1, username: 1, name: 1, active: 1, type: 1, status: 1, statusText: 1, utcOffset: 1, roles: 1 } as const;

/** A member as Rocket.Chat's role-ordered members list shows them (`rooms.membersOrderedByRole`). */
export type ListedMember = Pick<IUser, '_id' | 'username' | 'name' | 'nickname' | 'status' | 'avatarETag' | '_updatedAt'>;
const LISTED_MEMBER_FIELDS = { _id: 1, username: 1, name: 1, nickname: 1, status: 1, avatarETag: 1, _updatedAt: 1 } as const;

/** The fields the presence service reads and writes on a user. */
export type PushReceiverFields = Pick<IUser, '_id' | 'username' | 'active' | 'statusConnection' | 'settings'>;

/** What the desktop notification rules read of a member. */
export type DesktopReceiverFields = Pick<IUser, '_id' | 'status' | 'statusConnection' | 'settings'>;

/** What the offline e-mail notification needs of a member. */
export type EmailReceiverFields = Pick<IUser, '_id' | 'username' | 'name' | 'active' | 'statusConnection' | 'emails' | 'settings'>;

export type PresenceFields = Pick<
  IUser,
  '_id' | 'username' | 'name' | 'roles' | 'active' | 'status' | 'statusConnection' | 'statusDefault' | 'statusText' | 'utcOffset'
>;

const PRESENCE_FIELDS = {
  username: 1,
  name: 1,
  roles: 1,
  active: 1,
  status: 1,
  statusConnection: 1,
  statusDefault: 1,
  statusText: 1,
  utcOffset: 1,
} as const;

/** What the VoIP service reads of a user: an omnichannel agent and their extension (Rocket.Chat's `users.extension`). */
export interface VoipAgent {
  _id: string;
  username: string;
  name?: string;
  roles: string[];
  active?: boolean;
  statusLivechat?: string;
  extension?: string;
}

const VOIP_AGENT_FIELDS = { username: 1, name: 1, roles: 1, active: 1, statusLivechat: 1, extension: 1 } as const;

export const LIVECHAT_AGENT_ROLE = 'livechat-agent';
/** A livechat agent or manager as omnichannel reads them. */
export type LivechatAgentDocument = LivechatUser & {
  roles?: string[];
  active?: boolean;
  livechatCount?: number;
  lastRoutingTime?: Date;
  utcOffset?: number;
};

const LIVECHAT_AGENT_FIELDS = {
  username: 1,
  name: 1,
  emails: 1,
  status: 1,
  statusLivechat: 1,
  livechat: 1,
  roles: 1,
  active: 1,
  livechatCount: 1,
  utcOffset: 1,
} as const;

/** Projection of `users.presence` (Rocket.Chat's). */
const PRESENCE_LIST_FIELDS = { username: 1, name: 1, status: 1, utcOffset: 1, statusText: 1, avatarETag: 1 } as const;

/**
 * Users (`users`), for every service: accounts owns the documents (whole users, login tokens, global roles);
 * the room, message and team services read them as `RoomUser`; presence reads and writes the status fields
 * (`PresenceFields`). Returns plain objects; callers strip secrets before anything leaves the service.
 */
@Injectable()
export class UsersRepository {
  constructor(@InjectModel(USER_MODEL) private readonly users: Model<IUser>) {}

  findById(id: string): Promise<IUser | null> {
    return this.users.findById(id).lean<IUser>().exec();
  }

  /** Only what permission checks need (served by `_id`). */
  findRolesById(id: string): Promise<Pick<IUser, '_id' | 'roles' | 'active'> | null> {
    return this.users.findById(id, { roles: 1, active: 1 }).lean<Pick<IUser, '_id' | 'roles' | 'active'>>().exec();
  }

  findByUsername(username: string): Promise<IUser | null> {
    return this.findOneByUsername<IUser>(username);
  }

  /** An installed app's user (the apps-engine marks it `type: 'app'` with the app's id). */
  findByAppId(appId: string): Promise<IUser | null> {
    return this.users.findOne({ appId, type: 'app' }).lean<IUser>().exec();
  }

  /** The apps-engine's one write on `users`: marks the user accounts created for an app as that app's. */
  async markAppUser(id: string, appId: string): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { type: 'app', appId } }).exec();
  }

  countActive(): Promise<number> {
    return this.users.countDocuments({ active: true }).exec();
  }

  /**
   * By e-mail, written as `$elemMatch` on `emails` and sent through the driver (mongoose would rewrite it to
   * `'emails.address'`): MongoDB serves it from the `emails.address` index all the same, and the local
   * mongo-java-server, whose unique sparse index on that array path finds nothing for a plain
   * `'emails.address'` equality, answers it correctly.
   */
  findByEmail(email: string): Promise<IUser | null> {
    return this.users.collection.findOne<IUser>(emailIs(email));
  }

  /** The user linked to an LDAP entry: its unique id and the attribute it was read from. */
  findByLdapId(id: string, idAttribute: string): Promise<IUser | null> {
    return this.users.findOne({ 'services.ldap.id': id, 'services.ldap.idAttribute': idAttribute }).lean<IUser>().exec();
  }

  /** Every user an LDAP login or sync created or merged (the background sync walks them). */
  findLdapUsers(): Promise<IUser[]> {
    return this.users.find({ ldap: true }).lean<IUser[]>().exec();
  }

  findByIdAndHashedToken(id: string, hashedToken: string): Promise<IUser | null> {
    return this.users.findOne({ _id: id, 'services.resume.loginTokens.hashedToken': hashedToken }).lean<IUser>().exec();
  }

  findByHashedToken(hashedToken: string): Promise<IUser | null> {
    return this.users.findOne({ 'services.resume.loginTokens.hashedToken': hashedToken }).lean<IUser>().exec();
  }

  /** The user an external login service knows by this id (`services.<service>.id`; service: `[a-z0-9_]+`). */
  findByServiceId(service: string, id: string): Promise<IUser | null> {
    return this.users
      .findOne({ [`services.${service}.id`]: id })
      .lean<IUser>()
      .exec();
  }

  /** An index for `findByServiceId` of a login service (created when the service is enabled; idempotent). */
  async ensureServiceIdIndex(service: string): Promise<void> {
    await this.users.collection.createIndex({ [`services.${service}.id`]: 1 }, { sparse: true });
  }

  /** Links or refreshes an external login service's data on the user (`services.<service>`). */
  async setServiceData(id: string, service: string, data: Record<string, unknown>): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { [`services.${service}`]: data } }).exec();
  }

  async existsWithRole(role: string): Promise<boolean> {
    return (await this.users.exists({ roles: role })) !== null;
  }

  /** How many users hold a global role (the last administrator cannot be removed or deleted). */
  /** Users whose presence is `online` (the shield of type `online`). */
  countOnline(): Promise<number> {
    return this.users.countDocuments({ status: 'online' }).exec();
  }

  countWithRole(role: string): Promise<number> {
    return this.users.countDocuments({ roles: role }).exec();
  }

  /**
   * Active holders of a role idle since a date (users.deactivateIdle), as Rocket.Chat's
   * `setActiveNotLoggedInAfterWithRole`: last logged in at or before it, or never logged in and created by then.
   */
  async findIdleIds(role: string, lastLoginBefore: Date): Promise<string[]> {
    const idle = [{ lastLogin: { $lte: lastLoginBefore } }, { lastLogin: { $exists: false }, createdAt: { $lte: lastLoginBefore } }];
    const users = await this.users.find({ active: true, roles: role, $or: idle }, { _id: 1 }).lean<Array<{ _id: string }>>().exec();
    return users.map((user) => user._id);
  }

  /**
   * Rocket.Chat's `setUserActive`: an inactive user keeps why (`inactiveReason`), an active one loses it.
   */
  setActive(id: string, active: boolean, inactiveReason: InactiveReason = 'deactivated'): Promise<IUser | null> {
    const update: UpdateQuery<IUser> = active ? { $set: { active }, $unset: { inactiveReason: 1 } } : { $set: { active, inactiveReason } };
    return this.users.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean<IUser>().exec();
  }

  async insert(user: Omit<IUser, '_updatedAt'>): Promise<IUser> {
    const created = await this.users.create(user);
    return created.toObject<IUser>();
  }

  /**
   * users.list: one page of users matching plain field values, with the total count. Sent through the driver
   * for the same reason as findByEmail (an `emails.address` filter becomes `$elemMatch`).
   */
  async findPage(
    filter: UserFieldFilter,
    options: { sort: Record<string, 1 | -1>; skip: number; limit: number; projection: Record<string, 0 | 1> },
  ): Promise<{ users: IUser[]; total: number }> {
    const query = toUserQuery(filter);
    const [users, total] = await Promise.all([
      this.users.collection.find<IUser>(query, options).toArray(),
      this.users.collection.countDocuments(query),
    ]);
    return { users, total };
  }

  /**
   * roles.getUsersInRole: one page of the users holding a global role (index `roles`), or of the given ids
   * (members holding a room role), by username.
   */
  /**
   * users.listByStatus (Rocket.Chat's `findPaginatedUsersByStatus`): active or deactivated, logged in ever or
   * not, of a type, holding one of some roles, and a case-insensitive substring of username or name (and of an
   * e-mail address when `searchEmails`).
   */
  async findPageByStatus(
    query: {
      active?: boolean;
      hasLoggedIn?: boolean;
      type?: string;
      roles?: string[];
      searchTerm?: string;
      searchEmails: boolean;
      inactiveReasons?: InactiveReason[];
    },
    options: { sort: Record<string, 1 | -1>; skip: number; limit: number; projection: Record<string, 1> },
  ): Promise<{ users: IUser[]; total: number }> {
    const filter: Record<string, unknown> = {};
    if (query.active !== undefined) filter.active = query.active;
    if (query.hasLoggedIn !== undefined) filter.lastLogin = { $exists: query.hasLoggedIn };
    if (query.type) filter.type = query.type;
    if (query.roles?.length && !query.roles.includes('all')) filter.roles = { $in: query.roles };
    if (query.searchTerm) {
      const pattern = new RegExp(escapeRegExp(query.searchTerm), 'i');
      filter.$or = [{ username: pattern }, { name: pattern }, ...(query.searchEmails ? [{ 'emails.address': pattern }] : [])];
    }
    if (query.inactiveReasons) {
      // Rocket.Chat's rule: users deactivated before reasons were kept have none, and count as deactivated or idle.
      const reasons = query.inactiveReasons;
      const unrecorded = reasons.includes('deactivated') || reasons.includes('idle_too_long');
      const byReason = [{ inactiveReason: { $in: reasons } }, ...(unrecorded ? [{ inactiveReason: { $exists: false } }] : [])];
      if (filter.$or) {
        filter.$and = [{ $or: filter.$or }, { $or: byReason }];
        delete filter.$or;
      } else filter.$or = byReason;
    }
    const [users, total] = await Promise.all([
      this.users.find(filter, options.projection).sort(options.sort).skip(options.skip).limit(options.limit).lean<IUser[]>().exec(),
      this.users.countDocuments(filter).exec(),
    ]);
    return { users, total };
  }

  async findPageInRole(
    selector: { role: string } | { ids: string[] },
    options: { skip: number; limit: number; projection: Record<string, 1> },
  ): Promise<{ users: IUser[]; total: number }> {
    const query = 'role' in selector ? { roles: selector.role } : { _id: { $in: selector.ids } };
    const [users, total] = await Promise.all([
      this.users.find(query, options.projection).sort({ username: 1 }).skip(options.skip).limit(options.limit).lean<IUser[]>().exec(),
      this.users.countDocuments(query).exec(),
    ]);
    return { users, total };
  }

  /** Username and roles of every user holding one of `roles` (index `roles`), by username. */
  findHoldersOfRoles(roles: string[]): Promise<Array<Pick<IUser, '_id' | 'username' | 'roles'>>> {
    return this.users
      .find({ roles: { $in: roles } }, { username: 1, roles: 1 })
      .sort({ username: 1 })
      .lean<Array<Pick<IUser, '_id' | 'username' | 'roles'>>>()
      .exec();
  }

  /** The addresses of a role's holders (index `roles`): whom a registration waiting for approval is announced to. */
  async findEmailsOfRole(role: string): Promise<string[]> {
    const holders = await this.users.find({ roles: role }, { emails: 1 }).lean<Array<Pick<IUser, 'emails'>>>().exec();
    return holders.flatMap((holder) => (holder.emails ?? []).map((email) => email.address));
  }

  /** Ids of up to `limit` active users holding one of `roles` (index `roles`): whom a role-bound banner is sent to. */
  async findActiveIdsInRoles(roles: string[], limit: number): Promise<string[]> {
    const users = await this.users
      .find({ roles: { $in: roles }, active: true }, { _id: 1 })
      .limit(limit)
      .lean<Array<Pick<IUser, '_id'>>>()
      .exec();
    return users.map(({ _id }) => _id);
  }

  /**
   * Saves profile fields (`$set`), drops others (`$unset`) and adds values to array fields (`$addToSet`, custom
   * fields copied to the record); returns the updated user.
   */
  updateProfile(
    id: string,
    set: Partial<IUser> & Record<string, unknown>,
    unset: string[] = [],
    addToSet: Record<string, unknown> = {},
  ): Promise<IUser | null> {
    const update: UpdateQuery<IUser> = { $set: set };
    if (unset.length) update.$unset = Object.fromEntries(unset.map((field) => [field, 1]));
    if (Object.keys(addToSet).length) update.$addToSet = addToSet;
    return this.users.findOneAndUpdate({ _id: id }, update, { returnDocument: 'after' }).lean<IUser>().exec();
  }

  setPasswordHash(id: string, bcryptHash: string): Promise<IUser | null> {
    return this.users
      .findOneAndUpdate({ _id: id }, { $set: { 'services.password.bcrypt': bcryptHash } }, { returnDocument: 'after' })
      .lean<IUser>()
      .exec();
  }

  /** Global roles: `$addToSet`, so giving a role twice keeps one. */
  addRoles(id: string, roles: string[]): Promise<IUser | null> {
    return this.users
      .findOneAndUpdate({ _id: id }, { $addToSet: { roles: { $each: roles } } }, { returnDocument: 'after' })
      .lean<IUser>()
      .exec();
  }

  removeRoles(id: string, roles: string[]): Promise<IUser | null> {
    return this.users
      .findOneAndUpdate({ _id: id }, { $pull: { roles: { $in: roles } } }, { returnDocument: 'after' })
      .lean<IUser>()
      .exec();
  }

  async deleteById(id: string): Promise<boolean> {
    return (await this.users.deleteOne({ _id: id }).exec()).deletedCount > 0;
  }

  async setUtcOffset(id: string, utcOffset: number): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { utcOffset } }).exec();
  }

  async addLoginToken(id: string, token: LoginToken): Promise<void> {
    await this.users.updateOne({ _id: id }, { $push: { 'services.resume.loginTokens': token } }).exec();
  }

  async removeLoginToken(id: string, hashedToken: string): Promise<void> {
    await this.users.updateOne({ _id: id }, { $pull: { 'services.resume.loginTokens': { hashedToken } } }).exec();
  }

  /**
   * After a password change: every other session ends (personal access tokens stay). Answers whether any went (the
   * filter matches only then: the schema's `_updatedAt` makes every update a modification).
   */
  async removeOtherLoginTokens(id: string, keepHashedToken?: string): Promise<boolean> {
    const others = { type: { $ne: 'personalAccessToken' }, ...(keepHashedToken && { hashedToken: { $ne: keepHashedToken } }) };
    const result = await this.users
      .updateOne({ _id: id, 'services.resume.loginTokens': { $elemMatch: others } }, { $pull: { 'services.resume.loginTokens': others } })
      .exec();
    return result.matchedCount > 0;
  }

  /** Logs the user out everywhere (deactivation): every login token and personal access token goes. */
  async removeAllLoginTokens(id: string): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { 'services.resume.loginTokens': [] } }).exec();
  }

  /** Drops the tokens that expired before `expiredBefore` (login tokens, not personal access tokens). */
  async removeExpiredLoginTokens(id: string, expiredBefore: Date): Promise<void> {
    await this.users
      .updateOne({ _id: id }, { $pull: { 'services.resume.loginTokens': { when: { $lt: expiredBefore }, type: { $exists: false } } } })
      .exec();
  }

  /**
   * Adds a personal access token unless one of that name exists (the condition and the push are one
   * atomic update, so two concurrent requests cannot both add it). Returns whether it was added.
   */
  async addPersonalAccessToken(id: string, token: LoginToken & { name: string }): Promise<boolean> {
    const result = await this.users
      .updateOne(
        // Only personal access tokens carry a name: no element of that name means no such token yet.
        { _id: id, 'services.resume.loginTokens.name': { $ne: token.name } },
        { $push: { 'services.resume.loginTokens': token } },
      )
      .exec();
    return result.modifiedCount > 0;
  }

  /** Removes the named personal access token; returns whether one was removed. */
  async removePersonalAccessToken(id: string, name: string): Promise<boolean> {
    const result = await this.users
      .updateOne(
        { _id: id, 'services.resume.loginTokens': { $elemMatch: { type: 'personalAccessToken', name } } },
        { $pull: { 'services.resume.loginTokens': { type: 'personalAccessToken', name } } },
      )
      .exec();
    return result.modifiedCount > 0;
  }

  /** Remembers a passed second-factor check on one login token, for one client, until `until`. */
  async rememberSecondFactor(id: string, hashedToken: string, clientHash: string, until: Date): Promise<void> {
    await this.users
      .updateOne(
        { _id: id, 'services.resume.loginTokens.hashedToken': hashedToken },
        {
          $set: {
            'services.resume.loginTokens.$.twoFactorAuthorizedHash': clientHash,
            'services.resume.loginTokens.$.twoFactorAuthorizedUntil': until,
          },
        },
      )
      .exec();
  }

  // ── TOTP (Rocket.Chat's `services.totp`) ──────────────────────────────────────────────────────────

  /** A new TOTP set-up: TOTP off, the secret pending until a code from it confirms it. */
  async setTotpTempSecret(id: string, tempSecret: string): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { 'services.totp.enabled': false, 'services.totp.tempSecret': tempSecret } }).exec();
  }

  /**
   * Confirms the pending secret (only while it is still the pending one), with new backup codes and the time step
   * of the confirming code (used: it cannot be replayed). Returns whether it was confirmed.
   */
  async enableTotp(id: string, tempSecret: string, hashedBackup: string[], usedTimeStep: number): Promise<boolean> {
    const result = await this.users
      .updateOne(
        { _id: id, 'services.totp.tempSecret': tempSecret },
        {
          $set: {
            'services.totp.enabled': true,
            'services.totp.secret': tempSecret,
            'services.totp.hashedBackup': hashedBackup,
            'services.totp.lastTimeStep': usedTimeStep,
          },
          $unset: { 'services.totp.tempSecret': 1 },
        },
      )
      .exec();
    return result.modifiedCount > 0;
  }

  /** Turns TOTP off and forgets its secrets; returns whether it was on. */
  async disableTotp(id: string): Promise<boolean> {
    const result = await this.users
      .updateOne({ _id: id, 'services.totp.enabled': true }, { $set: { 'services.totp': { enabled: false } } })
      .exec();
    return result.modifiedCount > 0;
  }

  /** Rocket.Chat's resetTOTPById: `services.totp` removed; returns whether the user had one. */
  async resetTotp(id: string): Promise<boolean> {
    const result = await this.users.updateOne({ _id: id, 'services.totp': { $exists: true } }, { $unset: { 'services.totp': 1 } }).exec();
    return result.modifiedCount > 0;
  }

  async setTotpBackupCodes(id: string, hashedBackup: string[]): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { 'services.totp.hashedBackup': hashedBackup } }).exec();
  }

  /** Uses up one backup code (atomically: of two requests with the same code one wins). Returns whether it was there. */
  async consumeTotpBackupCode(id: string, hashedCode: string): Promise<boolean> {
    const result = await this.users
      .updateOne({ _id: id, 'services.totp.hashedBackup': hashedCode }, { $pull: { 'services.totp.hashedBackup': hashedCode } })
      .exec();
    return result.modifiedCount > 0;
  }

  /**
   * Records the time step of a verified TOTP code, only if it is later than every step used before (atomically),
   * so a code, or an earlier one, is accepted once. Returns whether the step was new.
   */
  async consumeTotpTimeStep(id: string, timeStep: number): Promise<boolean> {
    const result = await this.users
      .updateOne(
        {
          _id: id,
          'services.totp.enabled': true,
          $or: [{ 'services.totp.lastTimeStep': { $exists: false } }, { 'services.totp.lastTimeStep': { $lt: timeStep } }],
        },
        { $set: { 'services.totp.lastTimeStep': timeStep } },
      )
      .exec();
    return result.modifiedCount > 0;
  }

  // ── e-mail flows: password reset, address verification, the e-mail second factor ─────────────────────

  /** Meteor's `services.password.reset` (the token hashed): replaces any reset in progress. */
  async setPasswordReset(id: string, reset: { token: string; email: string; when: Date; reason: 'reset' }): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { 'services.password.reset': reset } }).exec();
  }

  /** Drops this reset token, only if it is still the user's (a newer one stays). */
  async removePasswordReset(id: string, hashedToken: string): Promise<void> {
    await this.users
      .updateOne({ _id: id, 'services.password.reset.token': hashedToken }, { $unset: { 'services.password.reset': 1 } })
      .exec();
  }

  findByPasswordResetToken(hashedToken: string): Promise<IUser | null> {
    return this.users.findOne({ 'services.password.reset.token': hashedToken }).lean<IUser>().exec();
  }

  /**
   * Spends a reset token: the new password, the addresses as given (the one mailed now verified), the token
   * gone and every login token replaced by `loginToken` — one update conditioned on the token, so two uses
   * of it cannot both succeed. Returns the updated user, or null when the token was already spent.
   */
  completePasswordReset(
    id: string,
    hashedToken: string,
    change: { bcrypt: string; emails: IUser['emails']; loginToken: LoginToken },
  ): Promise<IUser | null> {
    return this.users
      .findOneAndUpdate(
        { _id: id, 'services.password.reset.token': hashedToken },
        {
          $set: { 'services.password.bcrypt': change.bcrypt, emails: change.emails, 'services.resume.loginTokens': [change.loginToken] },
          $unset: { 'services.password.reset': 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<IUser>()
      .exec();
  }

  /** Meteor's `services.email.verificationTokens` (tokens hashed): one more pending verification. */
  async addVerificationToken(id: string, token: { token: string; address: string; when: Date }): Promise<void> {
    await this.users.updateOne({ _id: id }, { $push: { 'services.email.verificationTokens': token } }).exec();
  }

  async removeVerificationToken(id: string, hashedToken: string): Promise<void> {
    await this.users.updateOne({ _id: id }, { $pull: { 'services.email.verificationTokens': { token: hashedToken } } }).exec();
  }

  findByVerificationToken(hashedToken: string): Promise<IUser | null> {
    return this.users.findOne({ 'services.email.verificationTokens.token': hashedToken }).lean<IUser>().exec();
  }

  /**
   * Spends a verification token: the addresses as given (the token's now verified), every token for that
   * address gone, `loginToken` added — conditioned on the token (single use). Null when already spent.
   */
  completeEmailVerification(
    id: string,
    hashedToken: string,
    change: { address: string; emails: IUser['emails']; loginToken: LoginToken },
  ): Promise<IUser | null> {
    return this.users
      .findOneAndUpdate(
        { _id: id, 'services.email.verificationTokens.token': hashedToken },
        {
          $set: { emails: change.emails },
          $pull: { 'services.email.verificationTokens': { address: change.address } },
          $push: { 'services.resume.loginTokens': change.loginToken },
        },
        { returnDocument: 'after' },
      )
      .lean<IUser>()
      .exec();
  }

  /** Rocket.Chat's `services.email2fa`. */
  async setEmail2fa(id: string, enabled: boolean): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { 'services.email2fa': { enabled, changedAt: new Date() } } }).exec();
  }

  /** Rocket.Chat's `services.emailCode` (the code bcrypt-hashed), replacing any earlier code. */
  async setEmailCode(id: string, code: string, expire: Date): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { 'services.emailCode': { code, expire, attempts: 0 } } }).exec();
  }

  /** Drops the e-mail code; with `code`, only if it is still that one. */
  async removeEmailCode(id: string, code?: string): Promise<void> {
    await this.users
      .updateOne({ _id: id, ...(code && { 'services.emailCode.code': code }) }, { $unset: { 'services.emailCode': 1 } })
      .exec();
  }

  async incrementEmailCodeAttempts(id: string): Promise<void> {
    await this.users.updateOne({ _id: id, 'services.emailCode': { $exists: true } }, { $inc: { 'services.emailCode.attempts': 1 } }).exec();
  }

  async setLastLogin(id: string, at: Date): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { lastLogin: at } }).exec();
  }

  // ── core's avatars feature: the avatar fields only ──────────────────────────────────────────────

  /** `avatarOrigin` and `avatarETag` (Rocket.Chat's `setAvatarData`); with no ETag, both go (`unsetAvatarData`). */
  async setAvatarData(id: string, origin: string | undefined, etag: string | undefined): Promise<void> {
    const update = etag
      ? { $set: { avatarOrigin: origin, avatarETag: etag } }
      : origin
        ? { $set: { avatarOrigin: origin }, $unset: { avatarETag: 1 } }
        : { $unset: { avatarOrigin: 1, avatarETag: 1 } };
    await this.users.updateOne({ _id: id }, update).exec();
  }

  // ── room, message and team services: read only ──────────────────────────────────────────────────

  findRoomUserById(id: string): Promise<RoomUser | null> {
    return this.users.findById(id, ROOM_USER_FIELDS).lean<RoomUser>().exec();
  }

  findRoomUsersByIds(ids: string[]): Promise<RoomUser[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users
      .find({ _id: { $in: ids } }, ROOM_USER_FIELDS)
      .lean<RoomUser[]>()
      .exec();
  }

  /** Exact usernames (mentions, invitations); unknown names are simply absent. */
  /** The users' own preferences (`settings.preferences`), by id: what a new subscription copies. */
  async findPreferencesByIds(ids: string[]): Promise<Map<string, Record<string, unknown>>> {
    if (ids.length === 0) return new Map();
    const users = await this.users
      .find({ _id: { $in: ids } }, { 'settings.preferences': 1 })
      .lean<Array<Pick<IUser, '_id' | 'settings'>>>()
      .exec();
    return new Map(users.map((user) => [user._id, user.settings?.preferences ?? {}]));
  }

  /** The users of these usernames with their e-mail addresses (`rooms.export`'s recipients). */
  findAddressesByUsernames(usernames: string[]): Promise<Array<Pick<IUser, '_id' | 'username' | 'emails'>>> {
    return this.users
      .find({ username: { $in: usernames } }, { username: 1, 'emails.address': 1 })
      .lean<Array<Pick<IUser, '_id' | 'username' | 'emails'>>>()
      .exec();
  }

  findRoomUsersByUsernames(usernames: string[]): Promise<RoomUser[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.users
      .find({ username: { $in: [...new Set(usernames)] } }, ROOM_USER_FIELDS)
      .lean<RoomUser[]>()
      .exec();
  }

  findRoomUserByUsername(username: string): Promise<RoomUser | null> {
    return this.findOneByUsername<RoomUser>(username, ROOM_USER_FIELDS);
  }

  /** The user a request names by `userId` or, failing that, by `username` (Rocket.Chat's `getUserFromParams`). */
  findRoomUserByIdOrUsername(target: { userId?: string; username?: string }): Promise<RoomUser | null> {
    if (target.userId) return this.findRoomUserById(target.userId);
    return target.username ? this.findRoomUserByUsername(target.username) : Promise.resolve(null);
  }

  /** A page of the given active users (members of a room), filtered by username or name and by status. */
  async findRoomUsersPageAmong(
    ids: string[],
    options: { filter?: string; status?: UserStatus[]; skip: number; limit: number },
  ): Promise<{ users: RoomUser[]; total: number }> {
    const query = activeAmong(ids, { ...options, fields: ['username', 'name'] });
    const [users, total] = await Promise.all([
      this.users.find(query, ROOM_USER_FIELDS).sort({ username: 1 }).skip(options.skip).limit(options.limit).lean<RoomUser[]>().exec(),
      this.users.countDocuments(query).exec(),
    ]);
    return { users, total };
  }

  /**
   * The active members among `ids` that have a username, every one of them (the caller orders and pages them), those
   * whose `fields` match `filter` (case-insensitive substring) and in one of `status` when given.
   */
  findListedMembersAmong(ids: string[], options: { filter?: string; fields: string[]; status?: UserStatus[] }): Promise<ListedMember[]> {
    const query = { ...activeAmong(ids, options), username: { $exists: true } };
    return this.users.find(query, LISTED_MEMBER_FIELDS).lean<ListedMember[]>().exec();
  }

  // ── presence service: the status fields ─────────────────────────────────────────────────────────

  findPresenceById(userId: string): Promise<PresenceFields | null> {
    return this.users.findById(userId, PRESENCE_FIELDS).lean<PresenceFields>().exec();
  }

  /** What the push rules read of recipients: status, whether active, and their push preferences. */
  findPushReceiversByIds(userIds: readonly string[]): Promise<PushReceiverFields[]> {
    return this.users
      .find(
        { _id: { $in: userIds } },
        { username: 1, active: 1, statusConnection: 1, 'settings.preferences.pushNotifications': 1, 'settings.preferences.highlights': 1 },
      )
      .lean<PushReceiverFields[]>()
      .exec();
  }

  /**
   * What the desktop rules read of members: their connection (a desktop notification reaches open clients only:
   * Rocket.Chat skips `statusConnection` offline), chosen status (busy: none), desktop preference and highlight
   * words. Every one of `userIds`, connected or not: core holds them (DesktopReceiverCache).
   */
  findDesktopReceiversByIds(userIds: readonly string[]): Promise<DesktopReceiverFields[]> {
    return this.users
      .find(
        { _id: { $in: userIds } },
        { status: 1, statusConnection: 1, 'settings.preferences.desktopNotifications': 1, 'settings.preferences.highlights': 1 },
      )
      .lean<DesktopReceiverFields[]>()
      .exec();
  }

  /**
   * Members who may get an offline e-mail: among `userIds`, not connected (`online`), active, with a verified
   * address; and either among `narrowTo` (mentioned, a direct message's other member, …) or with highlight words of
   * their own (a highlight may name them in any message). `narrowTo` absent: every one of them (`@all`).
   */
  findEmailReceivers(userIds: readonly string[], narrowTo?: readonly string[]): Promise<EmailReceiverFields[]> {
    return this.users
      .find(
        {
          _id: { $in: userIds },
          statusConnection: { $ne: 'online' },
          active: true,
          'emails.verified': true,
          ...(narrowTo && { $or: [{ _id: { $in: narrowTo } }, { 'settings.preferences.highlights.0': { $exists: true } }] }),
        },
        {
          username: 1,
          name: 1,
          active: 1,
          statusConnection: 1,
          emails: 1,
          'settings.preferences.emailNotificationMode': 1,
          'settings.preferences.highlights': 1,
        },
      )
      .lean<EmailReceiverFields[]>()
      .exec();
  }

  findPresenceByIds(userIds: readonly string[]): Promise<PresenceFields[]> {
    return this.users
      .find({ _id: { $in: userIds } }, PRESENCE_FIELDS)
      .lean<PresenceFields[]>()
      .exec();
  }

  findPresenceByUsername(username: string): Promise<PresenceFields | null> {
    return this.findOneByUsername<PresenceFields>(username, PRESENCE_FIELDS);
  }

  /**
   * Writes the computed presence, only if it differs from what is stored; false when nothing changed (so
   * that unchanged presence is never broadcast). A plain update (not findAndModify), so that every
   * change-stream reader sees it.
   */
  async updatePresence(
    userId: string,
    values: Partial<Pick<IUser, 'status' | 'statusConnection' | 'statusDefault' | 'statusText'>>,
  ): Promise<boolean> {
    const differs = Object.entries(values).map(([field, value]) => ({ [field]: { $ne: value } }));
    const { modifiedCount } = await this.users.updateOne({ _id: userId, $or: differs }, { $set: values }).exec();
    return modifiedCount > 0;
  }

  /** Users not offline among `ids` (`users.presence?ids=`), or all of them (the `status` index). */
  findNotOffline(ids?: string[]): Promise<Array<Pick<IUser, '_id' | 'username' | 'name' | 'status' | 'statusText' | 'utcOffset'>>> {
    const online: UserStatus[] = ['online', 'away', 'busy'];
    const query = ids ? { _id: { $in: ids }, status: { $in: online } } : { status: { $in: online }, username: { $exists: true } };
    return this.users.find(query, PRESENCE_LIST_FIELDS).lean<PresenceFields[]>().exec();
  }

  /** Exact username first (the unique `username` index); a case-insensitive match only when that finds nothing, as Rocket.Chat. */
  private async findOneByUsername<T>(username: string, projection?: ProjectionType<IUser>): Promise<T | null> {
    const exact = await this.users.findOne({ username }, projection).lean<T>().exec();
    if (exact) return exact;
    return this.users
      .findOne({ username: new RegExp(`^${escapeRegExp(username)}$`, 'i') }, projection)
      .lean<T>()
      .exec();
  }

  // ---- Omnichannel VoIP: agents and their extensions (Rocket.Chat's `users.extension`) ----
  // The VoIP service writes one field, `extension` (Rocket.Chat's `Users.setExtension` / `unsetExtension`); an agent
  // is eligible by what Rocket.Chat stores and omnichannel reads too: the `livechat-agent` role, `statusLivechat`.

  findVoipUserById(id: string): Promise<VoipAgent | null> {
    return this.users.findById(id, VOIP_AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  findVoipUserByUsername(username: string): Promise<VoipAgent | null> {
    return this.users.findOne({ username }, VOIP_AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  /** Rocket.Chat's `findOneAgentById`: the user only if they hold the `livechat-agent` role. */
  findVoipAgentById(id: string): Promise<VoipAgent | null> {
    return this.users.findOne({ _id: id, roles: LIVECHAT_AGENT_ROLE }, VOIP_AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  findVoipAgentByUsername(username: string): Promise<VoipAgent | null> {
    return this.users.findOne({ username, roles: LIVECHAT_AGENT_ROLE }, VOIP_AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  findByExtension(extension: string): Promise<VoipAgent | null> {
    return this.users.findOne({ extension }, VOIP_AGENT_FIELDS).lean<VoipAgent>().exec();
  }

  /**
   * Every user holding an extension. `$gte: ''` is every string (a comparison matches values of its own type only):
   * a range the `extension` index serves, on MongoDB and on the local database alike.
   */
  findWithExtensions(): Promise<VoipAgent[]> {
    return this.users
      .find({ extension: { $gte: '' } }, VOIP_AGENT_FIELDS)
      .lean<VoipAgent[]>()
      .exec();
  }

  /**
   * Sets the user's extension unless another user holds it: the write matches only while no other user has it
   * set at the time of the check (a race between two assignments of one extension is closed by the check after).
   */
  async setExtension(userId: string, extension: string): Promise<'ok' | 'taken'> {
    const holder = await this.findByExtension(extension);
    if (holder && holder._id !== userId) return 'taken';
    await this.users.updateOne({ _id: userId }, { $set: { extension } }).exec();
    const holders = await this.users.find({ extension }, { _id: 1 }).lean<Array<{ _id: string }>>().exec();
    if (holders.length > 1) {
      await this.users.updateOne({ _id: userId, extension }, { $unset: { extension: 1 } }).exec();
      return 'taken';
    }
    return 'ok';
  }

  async unsetExtension(userId: string): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $unset: { extension: 1 } }).exec();
  }

  // ── livechat agents (omnichannel writes `statusLivechat`, `livechatCount`, `lastRoutingTime`) ────────────

  private get agents(): Model<LivechatAgentDocument> {
    return this.users as unknown as Model<LivechatAgentDocument>;
  }

  findLivechatAgentByUsername(username: string): Promise<LivechatAgentDocument | null> {
    return this.agents.findOne({ username }, LIVECHAT_AGENT_FIELDS).lean<LivechatAgentDocument>().exec();
  }

  findLivechatAgentById(id: string): Promise<LivechatAgentDocument | null> {
    return this.agents.findById(id, LIVECHAT_AGENT_FIELDS).lean<LivechatAgentDocument>().exec();
  }

  /** Which of these users are disconnected (presence's `status`). */
  async findOfflineIds(ids: string[]): Promise<string[]> {
    const users = await this.users
      .find({ _id: { $in: ids }, status: 'offline' }, { _id: 1 })
      .lean<Array<{ _id: string }>>()
      .exec();
    return users.map((u) => u._id);
  }

  /** Set by the agent or a manager (no longer the business hours' doing). */
  async setStatusLivechat(userId: string, status: LivechatStatus): Promise<void> {
    await this.agents.updateOne({ _id: userId }, { $set: { statusLivechat: status }, $unset: { livechatStatusSystemModified: 1 } }).exec();
  }

  /** Business hours closed: available agents become unavailable, marked as changed by the system (to restore). */
  async closeLivechatAgentsForBusinessHours(): Promise<string[]> {
    return this.setLivechatStatusWhere(
      { roles: 'livechat-agent', statusLivechat: 'available' },
      { $set: { statusLivechat: 'not-available', livechatStatusSystemModified: true } },
    );
  }

  /** Business hours open (or no longer applied): the agents the system made unavailable are available again. */
  async openLivechatAgentsForBusinessHours(): Promise<string[]> {
    return this.setLivechatStatusWhere(
      { livechatStatusSystemModified: true },
      { $set: { statusLivechat: 'available' }, $unset: { livechatStatusSystemModified: 1 } },
    );
  }

  private async setLivechatStatusWhere(query: Record<string, unknown>, update: UpdateQuery<LivechatAgentDocument>): Promise<string[]> {
    const ids = (await this.agents.find(query, { _id: 1 }).lean<Array<{ _id: string }>>().exec()).map((u) => u._id);
    if (ids.length) await this.agents.updateMany({ _id: { $in: ids }, ...query }, update).exec();
    return ids;
  }

  async unsetLivechatAgent(userId: string): Promise<void> {
    await this.agents
      .updateOne({ _id: userId }, { $unset: { statusLivechat: 1, livechatCount: 1, lastRoutingTime: 1, livechatStatusSystemModified: 1 } })
      .exec();
  }

  async findLivechatUsersPage(
    role: string,
    filter: { text?: string; onlyAvailable?: boolean },
    offset: number,
    count: number,
  ): Promise<{ items: LivechatAgentDocument[]; total: number }> {
    const query: Record<string, unknown> = { roles: role };
    if (filter.text) query.$or = ['username', 'name'].map((f) => ({ [f]: new RegExp(escapeRegExp(filter.text!), 'i') }));
    if (filter.onlyAvailable) query.statusLivechat = 'available';
    const [items, total] = await Promise.all([
      this.agents
        .find(query, LIVECHAT_AGENT_FIELDS)
        .sort({ username: 1 })
        .skip(offset)
        .limit(count || 50)
        .lean<LivechatAgentDocument[]>()
        .exec(),
      this.agents.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /**
   * Agents who may receive a chat now: role `livechat-agent`, active, `statusLivechat: 'available'`, connected
   * (status other than offline), under `max` open chats (0: no limit); among `ids` when given. Least recently
   * routed first (the round robin).
   */
  findEligibleLivechatAgents(ids: string[] | undefined, max: number, limit: number): Promise<LivechatAgentDocument[]> {
    return this.agents
      .find(
        {
          roles: 'livechat-agent',
          active: { $ne: false },
          statusLivechat: 'available',
          status: { $exists: true, $ne: 'offline' },
          ...(ids && { _id: { $in: ids } }),
          ...(max > 0 && { $or: [{ livechatCount: { $lt: max } }, { livechatCount: { $exists: false } }] }),
        },
        LIVECHAT_AGENT_FIELDS,
      )
      .sort({ lastRoutingTime: 1, _id: 1 })
      .limit(limit)
      .lean<LivechatAgentDocument[]>()
      .exec();
  }

  /** Reserves one chat of an agent's capacity, atomically (`null`: full or no longer available). */
  reserveLivechatSeat(agentId: string, max: number, now: Date): Promise<LivechatAgentDocument | null> {
    return this.agents
      .findOneAndUpdate(
        {
          _id: agentId,
          statusLivechat: 'available',
          ...(max > 0 && { $or: [{ livechatCount: { $lt: max } }, { livechatCount: { $exists: false } }] }),
        },
        { $inc: { livechatCount: 1 }, $set: { lastRoutingTime: now } },
        { returnDocument: 'after', projection: LIVECHAT_AGENT_FIELDS },
      )
      .lean<LivechatAgentDocument>()
      .exec();
  }

  /** An agent taking a chat directly (manual take, forward to an agent): counted, never refused here. */
  async countLivechatChat(agentId: string, now: Date): Promise<void> {
    await this.agents.updateOne({ _id: agentId }, { $inc: { livechatCount: 1 }, $set: { lastRoutingTime: now } }).exec();
  }

  async releaseLivechatChat(agentId: string): Promise<void> {
    await this.agents.updateOne({ _id: agentId, livechatCount: { $gt: 0 } }, { $inc: { livechatCount: -1 } }).exec();
  }
}

/** The users whose e-mail addresses include this one (stored trimmed and lower-cased). */
/** A users.list filter as MongoDB's query; an address is compared as stored (trimmed, lower-case). */
function toUserQuery(filter: UserFieldFilter): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(filter).map(([field, value]): [string, unknown] => {
      if (Array.isArray(value)) return [field, value.map(toUserQuery)];
      if (typeof value === 'object') return [field, value];
      return field === 'emails.address' ? ['emails', emailIs(String(value)).emails] : [field, value];
    }),
  );
}

function emailIs(email: string) {
  return { emails: { $elemMatch: { address: email.trim().toLowerCase() } } };
}

/** The active users among `ids`: those whose `fields` contain `filter` (case-insensitive), in one of `status`. */
function activeAmong(ids: string[], options: { filter?: string; fields: string[]; status?: UserStatus[] }): Record<string, unknown> {
  const query: Record<string, unknown> = { _id: { $in: ids }, active: true };
  if (options.filter) {
    const pattern = new RegExp(escapeRegExp(options.filter), 'i');
    query.$or = options.fields.map((field) => ({ [field]: pattern }));
  }
  if (options.status?.length) query.status = { $in: options.status };
  return query;
}
