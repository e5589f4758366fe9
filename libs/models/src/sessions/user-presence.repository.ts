import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IUser, UserStatus } from '@rc/contracts';
import type { Model } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { USER_MODEL } from '../users/user.schema.js';

/** The fields presence reads and writes on a user. */
export type PresenceFields = Pick<
  IUser,
  '_id' | 'username' | 'name' | 'roles' | 'active' | 'status' | 'statusConnection' | 'statusDefault' | 'statusText' | 'utcOffset'
>;

const PRESENCE_PROJECTION = {
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

/** Projection of `users.presence` (Rocket.Chat's). */
const LIST_PROJECTION = { username: 1, name: 1, status: 1, utcOffset: 1, statusText: 1, avatarETag: 1 } as const;

/**
 * The presence side of `users`: status, connection status, default status and status text. Kept apart from
 * the accounts repository so that the presence service owns these fields and nothing else.
 */
@Injectable()
export class UserPresenceRepository {
  constructor(@InjectModel(USER_MODEL) private readonly users: Model<IUser>) {}

  findById(userId: string): Promise<PresenceFields | null> {
    return this.users.findById(userId, PRESENCE_PROJECTION).lean<PresenceFields>().exec();
  }

  findByIds(userIds: readonly string[]): Promise<PresenceFields[]> {
    return this.users
      .find({ _id: { $in: userIds } }, PRESENCE_PROJECTION)
      .lean<PresenceFields[]>()
      .exec();
  }

  /** Exact username (indexed), then case-insensitive, as Rocket.Chat's lookups. */
  async findByUsername(username: string): Promise<PresenceFields | null> {
    const exact = await this.users.findOne({ username }, PRESENCE_PROJECTION).lean<PresenceFields>().exec();
    if (exact) return exact;
    return this.users
      .findOne({ username: new RegExp(`^${escapeRegExp(username)}$`, 'i') }, PRESENCE_PROJECTION)
      .lean<PresenceFields>()
      .exec();
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

  /** Users not offline among `ids` (`users.presence?ids=`), or all of them. */
  findNotOffline(ids?: string[]): Promise<Array<Pick<IUser, '_id' | 'username' | 'name' | 'status' | 'statusText' | 'utcOffset'>>> {
    const online: UserStatus[] = ['online', 'away', 'busy'];
    const query = ids ? { _id: { $in: ids }, status: { $in: online } } : { status: { $in: online }, username: { $exists: true } };
    return this.users.find(query, LIST_PROJECTION).lean<PresenceFields[]>().exec();
  }
}
