import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IAppsTokens, PushToken } from '@rc/contracts';
import type { Model } from 'mongoose';
import { APP_TOKEN_MODEL } from './push.schema.js';

const byValue = (value: string) => ({ $or: [{ 'token.apn': value }, { 'token.gcm': value }] });
/**
 * A device's token by its dotted field, which its index serves (`{token: {apn}}`, Rocket.Chat's equality on the
 * whole sub-document, would read every document, here and on MongoDB). The same documents: a token has one key.
 */
const byToken = (token: PushToken) => ('apn' in token ? { 'token.apn': token.apn } : { 'token.gcm': token.gcm });

/** `_raix_push_app_tokens`, owned by core's push service. */
@Injectable()
export class AppTokensRepository {
  constructor(@InjectModel(APP_TOKEN_MODEL) private readonly tokens: Model<IAppsTokens>) {}

  findById(id: string): Promise<IAppsTokens | null> {
    return this.tokens.findById(id).lean<IAppsTokens>().exec();
  }

  /** The device's document: by its id, or by the same token for the same app (Rocket.Chat's `raix:push-update` lookup). */
  findByIdOrToken(id: string, token: PushToken, appName: string): Promise<IAppsTokens | null> {
    return this.tokens
      .findOne({ $or: [{ _id: id }, { ...byToken(token), appName }] })
      .lean<IAppsTokens>()
      .exec();
  }

  async insert(doc: IAppsTokens): Promise<IAppsTokens> {
    await this.tokens.collection.insertOne(doc as never);
    return doc;
  }

  async update(id: string, set: Partial<IAppsTokens>): Promise<IAppsTokens | null> {
    return this.tokens.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<IAppsTokens>().exec();
  }

  /** Other documents holding the same token for the same app (a reinstalled app registered under a new id). */
  async deleteDuplicates(keepId: string, token: PushToken, appName: string): Promise<number> {
    return (await this.tokens.deleteMany({ _id: { $ne: keepId }, ...byToken(token), appName }).exec()).deletedCount;
  }

  async setUser(id: string, userId: string): Promise<boolean> {
    return (await this.tokens.updateOne({ _id: id }, { $set: { userId, updatedAt: new Date() } }).exec()).matchedCount > 0;
  }

  async deleteByValueAndUser(value: string, userId: string): Promise<number> {
    return (await this.tokens.deleteMany({ ...byValue(value), userId }).exec()).deletedCount;
  }

  /** A provider answered that the token is no longer valid. */
  async deleteByValue(value: string): Promise<number> {
    return (await this.tokens.deleteMany(byValue(value)).exec()).deletedCount;
  }

  /** Logout: the devices registered with these login tokens. */
  async deleteByAuthTokens(userId: string, hashedTokens: string[]): Promise<number> {
    return (await this.tokens.deleteMany({ userId, authToken: { $in: hashedTokens } }).exec()).deletedCount;
  }

  async deleteByUser(userId: string): Promise<number> {
    return (await this.tokens.deleteMany({ userId }).exec()).deletedCount;
  }

  findByUser(userId: string): Promise<IAppsTokens[]> {
    return this.tokens
      .find({ userId, enabled: { $ne: false } })
      .lean<IAppsTokens[]>()
      .exec();
  }

  /** Which of these users have at least one device (the send path skips the others). */
  async usersWithTokens(userIds: string[]): Promise<Set<string>> {
    if (userIds.length === 0) return new Set();
    const ids = await this.tokens.distinct('userId', { userId: { $in: userIds } }).exec();
    return new Set(ids.filter((id): id is string => typeof id === 'string'));
  }

  /**
   * Every user with a device, when they are at most `limit` (undefined when more): the member work asks only those
   * members' subscriptions for a plain message's pushes. Counted first, so a large collection is never listed.
   */
  async allUsersWithTokens(limit: number): Promise<Set<string> | undefined> {
    if ((await this.tokens.estimatedDocumentCount().exec()) > limit) return undefined;
    const ids = await this.tokens.distinct('userId').exec();
    return new Set(ids.filter((id): id is string => typeof id === 'string'));
  }
}
