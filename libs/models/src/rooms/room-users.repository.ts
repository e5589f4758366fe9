import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IUser, UserRef, UserStatus } from '@rc/contracts';
import type { Model } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { USER_MODEL } from '../users/user.schema.js';

/** What the room services read of a user: never `services`, never e-mails. */
export type RoomUser = Pick<IUser, '_id' | 'username' | 'name' | 'active' | 'type' | 'status' | 'statusText' | 'utcOffset' | 'roles'>;

const ROOM_USER_FIELDS = { _id: 1, username: 1, name: 1, active: 1, type: 1, status: 1, statusText: 1, utcOffset: 1, roles: 1 };

/**
 * A read-only view of `users` for the room, message and team services (the accounts service owns the
 * documents and writes them). Lookups by `_id` or by the unique `username` index.
 */
@Injectable()
export class RoomUsersRepository {
  constructor(@InjectModel(USER_MODEL) private readonly users: Model<IUser>) {}

  findById(id: string): Promise<RoomUser | null> {
    return this.users.findById(id, ROOM_USER_FIELDS).lean<RoomUser>().exec();
  }

  findByIds(ids: string[]): Promise<RoomUser[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.users
      .find({ _id: { $in: ids } }, ROOM_USER_FIELDS)
      .lean<RoomUser[]>()
      .exec();
  }

  /** Exact usernames (mentions, invitations); unknown names are simply absent. */
  findByUsernames(usernames: string[]): Promise<RoomUser[]> {
    if (usernames.length === 0) return Promise.resolve([]);
    return this.users
      .find({ username: { $in: [...new Set(usernames)] } }, ROOM_USER_FIELDS)
      .lean<RoomUser[]>()
      .exec();
  }

  /** Exact username first; a case-insensitive match when that finds nothing, as Rocket.Chat. */
  async findByUsername(username: string): Promise<RoomUser | null> {
    const exact = await this.users.findOne({ username }, ROOM_USER_FIELDS).lean<RoomUser>().exec();
    if (exact) return exact;
    return this.users
      .findOne({ username: new RegExp(`^${escapeRegExp(username)}$`, 'i') }, ROOM_USER_FIELDS)
      .lean<RoomUser>()
      .exec();
  }

  /** The user a request names by `userId` or, failing that, by `username` (Rocket.Chat's `getUserFromParams`). */
  findByIdOrUsername(target: { userId?: string; username?: string }): Promise<RoomUser | null> {
    if (target.userId) return this.findById(target.userId);
    return target.username ? this.findByUsername(target.username) : Promise.resolve(null);
  }

  /** A page of the given users (members of a room), filtered by username or name and by status. */
  async findPageAmong(
    ids: string[],
    options: { filter?: string; status?: UserStatus[]; skip: number; limit: number },
  ): Promise<{ users: RoomUser[]; total: number }> {
    const query: Record<string, unknown> = { _id: { $in: ids }, active: true };
    if (options.filter) {
      const pattern = new RegExp(escapeRegExp(options.filter), 'i');
      query.$or = [{ username: pattern }, { name: pattern }];
    }
    if (options.status?.length) query.status = { $in: options.status };
    const [users, total] = await Promise.all([
      this.users.find(query, ROOM_USER_FIELDS).sort({ username: 1 }).skip(options.skip).limit(options.limit).lean<RoomUser[]>().exec(),
      this.users.countDocuments(query).exec(),
    ]);
    return { users, total };
  }
}

/** The `u` stored in rooms, subscriptions and messages. */
export function toUserRef(user: Pick<IUser, '_id' | 'username' | 'name'>): UserRef {
  return { _id: user._id, username: user.username ?? '', ...(user.name !== undefined && { name: user.name }) };
}
