import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IUser, LoginToken } from '@rc/contracts';
import type { Model } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { USER_MODEL } from './user.schema.js';

/** Users (`users`). Returns plain objects; callers strip secrets before anything leaves the service. */
@Injectable()
export class UsersRepository {
  constructor(@InjectModel(USER_MODEL) private readonly users: Model<IUser>) {}

  findById(id: string): Promise<IUser | null> {
    return this.users.findById(id).lean<IUser>().exec();
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

  findByEmail(email: string): Promise<IUser | null> {
    return this.users.findOne({ 'emails.address': email.trim().toLowerCase() }).lean<IUser>().exec();
  }

  findByIdAndHashedToken(id: string, hashedToken: string): Promise<IUser | null> {
    return this.users
      .findOne({ _id: id, 'services.resume.loginTokens.hashedToken': hashedToken })
      .lean<IUser>()
      .exec();
  }

  findByHashedToken(hashedToken: string): Promise<IUser | null> {
    return this.users.findOne({ 'services.resume.loginTokens.hashedToken': hashedToken }).lean<IUser>().exec();
  }

  async existsWithRole(role: string): Promise<boolean> {
    return (await this.users.exists({ roles: role })) !== null;
  }

  async insert(user: Omit<IUser, '_updatedAt'>): Promise<IUser> {
    const created = await this.users.create(user);
    return created.toObject<IUser>();
  }

  async addLoginToken(id: string, token: LoginToken): Promise<void> {
    await this.users.updateOne({ _id: id }, { $push: { 'services.resume.loginTokens': token } }).exec();
  }

  async removeLoginToken(id: string, hashedToken: string): Promise<void> {
    await this.users
      .updateOne({ _id: id }, { $pull: { 'services.resume.loginTokens': { hashedToken } } })
      .exec();
  }

  /** Drops the tokens that expired before `expiredBefore` (login tokens, not personal access tokens). */
  async removeExpiredLoginTokens(id: string, expiredBefore: Date): Promise<void> {
    await this.users
      .updateOne(
        { _id: id },
        { $pull: { 'services.resume.loginTokens': { when: { $lt: expiredBefore }, type: { $exists: false } } } },
      )
      .exec();
  }

  async setLastLogin(id: string, at: Date): Promise<void> {
    await this.users.updateOne({ _id: id }, { $set: { lastLogin: at } }).exec();
  }
}
