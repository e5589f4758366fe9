import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IUser, LoginToken } from '@rc/contracts';
import type { Model, UpdateQuery } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { USER_MODEL } from './user.schema.js';

/** A filter of users.list: field → plain value, built by the service from an allow-list of fields. */
export type UserFieldFilter = Record<string, string | number | boolean>;

/** Users (`users`). Returns plain objects; callers strip secrets before anything leaves the service. */
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

  /** Exact username first (indexed); a case-insensitive match only when that finds nothing, as Rocket.Chat. */
  async findByUsername(username: string): Promise<IUser | null> {
    const exact = await this.users.findOne({ username }).lean<IUser>().exec();
    if (exact) return exact;
    return this.users
      .findOne({ username: new RegExp(`^${escapeRegExp(username)}$`, 'i') })
      .lean<IUser>()
      .exec();
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

  findByIdAndHashedToken(id: string, hashedToken: string): Promise<IUser | null> {
    return this.users.findOne({ _id: id, 'services.resume.loginTokens.hashedToken': hashedToken }).lean<IUser>().exec();
  }

  findByHashedToken(hashedToken: string): Promise<IUser | null> {
    return this.users.findOne({ 'services.resume.loginTokens.hashedToken': hashedToken }).lean<IUser>().exec();
  }

  async existsWithRole(role: string): Promise<boolean> {
    return (await this.users.exists({ roles: role })) !== null;
  }

  /** How many users hold a global role (the last administrator cannot be removed or deleted). */
  countWithRole(role: string): Promise<number> {
    return this.users.countDocuments({ roles: role }).exec();
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
    const query: Record<string, unknown> = Object.fromEntries(
      Object.entries(filter).map(([field, value]): [string, unknown] =>
        field === 'emails.address' ? ['emails', emailIs(String(value)).emails] : [field, value],
      ),
    );
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

  /** Saves profile fields (`$set`) and drops others (`$unset`); returns the updated user. */
  updateProfile(id: string, set: Partial<IUser> & Record<string, unknown>, unset: string[] = []): Promise<IUser | null> {
    const update: UpdateQuery<IUser> = { $set: set };
    if (unset.length) update.$unset = Object.fromEntries(unset.map((field) => [field, 1]));
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

  async addLoginToken(id: string, token: LoginToken): Promise<void> {
    await this.users.updateOne({ _id: id }, { $push: { 'services.resume.loginTokens': token } }).exec();
  }

  async removeLoginToken(id: string, hashedToken: string): Promise<void> {
    await this.users.updateOne({ _id: id }, { $pull: { 'services.resume.loginTokens': { hashedToken } } }).exec();
  }

  /** Logout: removes a login token, but never a personal access token presented as one. */
  async removeLoginTokenUnlessPersonal(id: string, hashedToken: string): Promise<void> {
    await this.users
      .updateOne({ _id: id }, { $pull: { 'services.resume.loginTokens': { hashedToken, type: { $ne: 'personalAccessToken' } } } })
      .exec();
  }

  /** After a password change: every other session ends (personal access tokens stay). */
  async removeOtherLoginTokens(id: string, keepHashedToken?: string): Promise<void> {
    await this.users
      .updateOne(
        { _id: id },
        {
          $pull: {
            'services.resume.loginTokens': {
              type: { $ne: 'personalAccessToken' },
              ...(keepHashedToken && { hashedToken: { $ne: keepHashedToken } }),
            },
          },
        },
      )
      .exec();
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

  async setLastLogin(id: string, at: Date): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { lastLogin: at } }).exec();
  }
}

/** The users whose e-mail addresses include this one (stored trimmed and lower-cased). */
function emailIs(email: string) {
  return { emails: { $elemMatch: { address: email.trim().toLowerCase() } } };
}
