import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IRoom, ISubscription, IUser } from '@rc/contracts';
import type { QueryFilter, Model, SortOrder } from 'mongoose';
import { ROOM_MODEL } from '../rooms/room.schema.js';
import { SUBSCRIPTION_MODEL } from '../subscriptions/subscription.schema.js';
import { USER_MODEL } from '../users/user.schema.js';
import { prefixFilter, prefixMatch } from './prefix-range.js';

/** A user as the search answers show them (Rocket.Chat's spotlight / autocomplete projection). */
export type FoundUser = Pick<IUser, '_id' | 'username' | 'nickname' | 'name' | 'status' | 'statusText' | 'avatarETag'>;

/** A room as the search answers show them. */
export type FoundRoom = Pick<
  IRoom,
  | '_id'
  | 't'
  | 'name'
  | 'fname'
  | 'teamMain'
  | 'teamId'
  | 'lastMessage'
  | 'prid'
  | 'avatarETag'
  | 'usersCount'
  | 'ts'
  | 'topic'
  | 'description'
  | 'u'
  | 'ro'
  | 'default'
  | 'featured'
  | 'archived'
> & { joinCodeRequired?: boolean };

const USER_FIELDS = { _id: 1, username: 1, nickname: 1, name: 1, status: 1, statusText: 1, avatarETag: 1 } as const;
const ROOM_FIELDS = {
  _id: 1,
  t: 1,
  name: 1,
  fname: 1,
  teamMain: 1,
  teamId: 1,
  lastMessage: 1,
  prid: 1,
  joinCodeRequired: 1,
  avatarETag: 1,
  usersCount: 1,
  ts: 1,
  topic: 1,
  description: 1,
  u: 1,
  ro: 1,
  default: 1,
  featured: 1,
  archived: 1,
} as const;

export interface UserSearch {
  /** Case-insensitive prefix of the username or the name. */
  term: string;
  /** Usernames left out. */
  exceptUsernames?: string[];
  /** Only among these users (a room's members). */
  amongIds?: string[];
  sortBy?: 'username' | 'name';
  limit: number;
  /**
   * The fields a term is looked for in (Rocket.Chat's `Accounts_SearchFields`), each by a case-insensitive prefix
   * range on the field (`username`, `name`, `nickname`, `bio` have indexes; another, e.g. `customFields.team`, scans).
   * `username` and `name` by default.
   */
  fields?: readonly string[];
  /** Field equalities combined with `$or`/`$and` (users.autocomplete's `conditions`, checked by the contract). */
  conditions?: Record<string, unknown>;
}

export interface RoomSearch {
  /** Case-insensitive prefix of the name (or, for the caller's own rooms, of the display name `fname`). */
  term: string;
  types: IRoom['t'][];
  /** The caller's rooms: searched whatever their type. */
  memberOf: string[];
  /** Also public channels (`t: 'c'`) the caller is not in. */
  publicChannels: boolean;
  /** More conditions every room must meet. */
  extra?: QueryFilter<IRoom>;
  sort: Record<string, SortOrder>;
  skip: number;
  limit: number;
}

/**
 * What spotlight, the autocompletes and the directory read: users and rooms by a name prefix. Every query is
 * narrowed by an index (username, name, `t`+`name`, `_id`, the caller's subscriptions) before its pattern
 * is applied, so no search scans a collection.
 */
@Injectable()
export class SearchRepository {
  constructor(
    @InjectModel(USER_MODEL) private readonly users: Model<IUser>,
    @InjectModel(ROOM_MODEL) private readonly rooms: Model<IRoom>,
    @InjectModel(SUBSCRIPTION_MODEL) private readonly subscriptions: Model<ISubscription>,
  ) {}

  /** Active users whose username or name starts with the term, sorted, at most `limit`. */
  async findActiveUsers(search: UserSearch): Promise<FoundUser[]> {
    const sortBy = search.sortBy ?? 'username';
    const base: QueryFilter<IUser> = { active: true, ...(search.amongIds && { _id: { $in: search.amongIds } }) };
    // The conditions beside each filter (a prefix filter has its own `$and`).
    const conditions = search.conditions && Object.keys(search.conditions).length ? (search.conditions as QueryFilter<IUser>) : undefined;
    const where = (filter: QueryFilter<IUser>): QueryFilter<IUser> => (conditions ? { $and: [filter, conditions] } : filter);
    const except = search.exceptUsernames?.length ? [{ $nin: search.exceptUsernames }] : [];
    const fields = search.fields ?? ['username', 'name'];
    const byUsername =
      !search.term || fields.includes('username')
        ? this.users
            .find(where({ ...base, ...prefixFilter('username', search.term, ...except) }), USER_FIELDS)
            .sort({ [sortBy]: 1 })
            .limit(search.limit)
            .lean<FoundUser[]>()
            .exec()
        : Promise.resolve([]);
    const others = fields.filter((field) => field !== 'username' && field !== 'name');
    // One prefix range per other field, each served by that field's index where there is one.
    const byOthers = search.term
      ? Promise.all(
          others.map((field) =>
            this.users
              .find(where({ ...base, ...prefixFilter(field, search.term), username: { $exists: true, ...except[0] } }), USER_FIELDS)
              .sort({ [sortBy]: 1 })
              .limit(search.limit)
              .lean<FoundUser[]>()
              .exec(),
          ),
        ).then((lists) => lists.flat())
      : Promise.resolve([]);
    const byName =
      search.term && fields.includes('name')
        ? this.users
            .find(where({ ...base, ...prefixFilter('name', search.term), username: { $exists: true, ...except[0] } }), USER_FIELDS)
            .sort({ [sortBy]: 1 })
            .limit(search.limit)
            .lean<FoundUser[]>()
            .exec()
        : Promise.resolve([]);
    const found = new Map<string, FoundUser>();
    for (const user of [...(await byUsername), ...(await byName), ...(await byOthers)]) found.set(user._id, user);
    return [...found.values()].sort((a, b) => compare(a[sortBy], b[sortBy])).slice(0, search.limit);
  }

  /** Active users matching the term, one page, and how many there are (the directory). */
  async findActiveUsersPage(
    term: string,
    sort: Record<string, SortOrder>,
    skip: number,
    limit: number,
  ): Promise<{ users: FoundUser[]; total: number }> {
    // Users whose username starts with the term, and (with a term) those whose name does but username does not:
    // two disjoint index-narrowed sets, each read up to the page's end, merged in the requested order.
    const { pattern } = prefixMatch(term);
    const filters: QueryFilter<IUser>[] = [{ active: true, ...prefixFilter('username', term) }];
    if (term) filters.push({ active: true, ...prefixFilter('name', term), username: { $exists: true, $not: pattern } });
    const results = await Promise.all(
      filters.map(async (filter) => {
        const [users, total] = await Promise.all([
          this.users
            .find(filter, { ...USER_FIELDS, createdAt: 1, emails: 1, bio: 1 })
            .sort({ ...sort, _id: 1 })
            .limit(skip + limit)
            .lean<FoundUser[]>()
            .exec(),
          this.users.countDocuments(filter).exec(),
        ]);
        return { users, total };
      }),
    );
    const [field, order] = Object.entries(sort)[0] ?? ['username', 1];
    const direction = order === -1 || order === 'desc' || order === 'descending' ? -1 : 1;
    const users = results
      .flatMap((r) => r.users)
      .sort(
        (a, b) =>
          direction * compare((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]) || compare(a._id, b._id),
      )
      .slice(skip, skip + limit);
    return { users, total: results.reduce((sum, r) => sum + r.total, 0) };
  }

  /** The ids of the caller's rooms of these types (their subscriptions). */
  async roomIdsOf(userId: string, types: IRoom['t'][]): Promise<string[]> {
    const subs = await this.subscriptions
      .find({ 'u._id': userId, t: { $in: types } }, { rid: 1 })
      .lean<Array<Pick<ISubscription, 'rid'>>>()
      .exec();
    return subs.map((s) => s.rid);
  }

  /** The ids of the channels and groups the user owns (their subscription holds the `owner` role). */
  async ownedRoomIdsOf(userId: string): Promise<string[]> {
    const subs = await this.subscriptions
      .find({ 'u._id': userId, t: { $in: ['c', 'p'] }, roles: 'owner' }, { rid: 1 })
      .lean<Array<Pick<ISubscription, 'rid'>>>()
      .exec();
    return subs.map((s) => s.rid);
  }

  /** The other members of the user's direct messages. */
  async directPartnerIdsOf(userId: string): Promise<string[]> {
    const rids = await this.roomIdsOf(userId, ['d']);
    if (!rids.length) return [];
    const rooms = await this.rooms
      .find({ _id: { $in: rids } }, { uids: 1 })
      .lean<Array<Pick<IRoom, 'uids'>>>()
      .exec();
    return [...new Set(rooms.flatMap((room) => room.uids ?? []))].filter((id) => id !== userId);
  }

  /** The administrator's room list: rooms of these types whose name starts with the term; one page and the total. */
  async findAdminRooms(
    filter: QueryFilter<IRoom>,
    term: string,
    sort: Record<string, SortOrder>,
    skip: number,
    limit: number,
  ): Promise<{ rooms: IRoom[]; total: number }> {
    const query: QueryFilter<IRoom> = { ...filter, ...(term && prefixFilter('name', term)) };
    const [rooms, total] = await Promise.all([
      this.rooms
        .find(query, { joinCode: 0, importIds: 0, e2eQueue: 0 })
        .sort({ ...sort, _id: 1 })
        .skip(skip)
        .limit(limit)
        .lean<IRoom[]>()
        .exec(),
      this.rooms.countDocuments(query).exec(),
    ]);
    return { rooms, total };
  }

  /** The ids of a room's members (its subscriptions). */
  /** Everyone who shares a room with the user (Rocket.Chat's `findConnectedUsersExcept`), the user aside. */
  async roommateIdsOf(userId: string): Promise<string[]> {
    const rids = await this.subscriptions.distinct('rid', { 'u._id': userId }).exec();
    if (!rids.length) return [];
    const ids = await this.subscriptions.distinct('u._id', { rid: { $in: rids } }).exec();
    return ids.filter((id) => id !== userId);
  }

  async memberIdsOf(rid: string): Promise<string[]> {
    const subs = await this.subscriptions.find({ rid }, { 'u._id': 1 }).lean<Array<Pick<ISubscription, 'u'>>>().exec();
    return subs.map((s) => s.u._id);
  }

  /** Rooms matching the term among the caller's rooms, and public channels if asked; one page and the total. */
  async findRooms(search: RoomSearch): Promise<{ rooms: FoundRoom[]; total: number }> {
    const filters: QueryFilter<IRoom>[] = [];
    if (search.memberOf.length) {
      const pattern = prefixMatch(search.term).pattern;
      const term = search.term ? { $or: [{ name: pattern }, { fname: pattern }] } : {};
      filters.push({ _id: { $in: search.memberOf }, t: { $in: search.types }, ...term, ...search.extra });
    }
    if (search.publicChannels && search.types.includes('c')) {
      filters.push({
        t: 'c',
        ...prefixFilter('name', search.term),
        ...(search.memberOf.length && { _id: { $nin: search.memberOf } }),
        ...search.extra,
      });
    }
    const wanted = search.skip + search.limit;
    const results = await Promise.all(
      filters.map(async (filter) => {
        const [rooms, total] = await Promise.all([
          this.rooms
            .find(filter, ROOM_FIELDS)
            .sort({ ...search.sort, _id: 1 })
            .limit(wanted)
            .lean<FoundRoom[]>()
            .exec(),
          this.rooms.countDocuments(filter).exec(),
        ]);
        return { rooms, total };
      }),
    );
    const [field, order] = Object.entries(search.sort)[0] ?? ['name', 1];
    const direction = order === -1 || order === 'desc' || order === 'descending' ? -1 : 1;
    const rooms = results
      .flatMap((r) => r.rooms)
      .sort(
        (a, b) =>
          direction * compare((a as Record<string, unknown>)[field], (b as Record<string, unknown>)[field]) || compare(a._id, b._id),
      )
      .slice(search.skip, wanted);
    return { rooms, total: results.reduce((sum, r) => sum + r.total, 0) };
  }
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return -1;
  if (b === undefined || b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));
  return text(a) < text(b) ? -1 : 1;
}
