import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatRoom, IMessage, IRoom, IVoipRoom } from '@rc/contracts';
import type { Model, QueryFilter, SortOrder, UpdateQuery } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { randomId } from '../common/random-id.js';
import { RoomChanges } from './room-changes.js';
import { RoomMessageCounters } from './room-message-counters.js';
import { HIDDEN_ROOM_FIELDS, ROOM_MODEL } from './room.schema.js';

export interface RoomPageQuery {
  t: IRoom['t'];
  /** Restrict to these room ids (the caller's rooms). */
  ids?: string[];
  /** Case-insensitive substring of the name. */
  name?: string;
  /** Leave out team rooms unless one of `teamRoomIds` (Rocket.Chat hides others' team rooms in lists). */
  excludeTeamRoomsExcept?: string[];
  sort: Record<string, SortOrder>;
  skip: number;
  limit: number;
}

/** What a new `v` room is made of (`RoomsRepository.createVoipRoom`). */
export interface NewVoipRoom {
  visitor: { _id: string; username: string; token: string; name?: string };
  /** The caller's (or, outbound, the called) number. */
  phone: string;
  /** `fname` when the visitor has no name (its username, or the number dialled). */
  fnameFallback: string;
  direction: IVoipRoom['direction'];
  callStatus: IVoipRoom['callStatus'];
  /** The SIP Call-ID; none while `created`. */
  callUniqueId?: string;
  queue?: string;
  departmentId?: string;
  servedBy?: { _id: string; username: string };
  pbxHandle?: string;
  ts?: Date;
}

/** `voip/rooms`' filters. */
export interface VoipRoomFilter {
  agents?: string[];
  open?: boolean;
  queue?: string;
  visitorToken?: string;
  direction?: 'inbound' | 'outbound';
  roomName?: string;
  createdAt?: { start?: Date; end?: Date };
  closedAt?: { start?: Date; end?: Date };
}

/** `livechat/rooms` filters. */
export interface LivechatRoomFilter {
  agents?: string[];
  departmentId?: string;
  open?: boolean;
  roomName?: string;
  tags?: string[];
  createdAt?: { start?: Date; end?: Date };
  closedAt?: { start?: Date; end?: Date };
}

const dateRange = (value?: { start?: Date; end?: Date }) =>
  value && (value.start || value.end) ? { ...(value.start && { $gte: value.start }), ...(value.end && { $lte: value.end }) } : undefined;

/**
 * Rooms (`rocketchat_room`): the core app writes them; authorization reads them for access checks. Every
 * method returns lean plain objects without the fields no client receives. A write that can change what a send
 * reads resolves once it is announced (`rooms.changed`, RoomChanges): every core instance then holds the room no
 * longer (RoomCache). A new message's counters, new rooms, livechat and VoIP rooms are not announced (no instance
 * holds them, or no send reads them); `rooms.repository.spec.ts` makes every new writer take a side.
 */
@Injectable()
export class RoomsRepository {
  /** Messages sent together are counted together (RoomMessageCounters). */
  private readonly counters: RoomMessageCounters;

  constructor(
    @InjectModel(ROOM_MODEL) private readonly rooms: Model<IRoom>,
    private readonly changes: RoomChanges,
  ) {
    this.counters = new RoomMessageCounters(rooms.collection);
  }

  async insert(room: Omit<IRoom, '_updatedAt'>): Promise<IRoom> {
    const created = await this.rooms.create(room);
    return created.toObject<IRoom>();
  }

  /** Straight to the driver (every send reads its room): what a lean mongoose read returns, without its query building. */
  findById(id: string): Promise<IRoom | null> {
    if (typeof id !== 'string') return Promise.resolve(null);
    return this.rooms.collection.findOne<IRoom>({ _id: id as never }, { projection: HIDDEN_ROOM_FIELDS });
  }

  /** A room with its join code, for the join check only. */
  findJoinCode(id: string): Promise<{ _id: string; joinCode?: string } | null> {
    return this.rooms.findById(id, { joinCode: 1 }).lean<{ _id: string; joinCode?: string }>().exec();
  }

  /** Served by the unique `name` index. */
  findByName(name: string): Promise<IRoom | null> {
    return this.rooms.findOne({ name }, HIDDEN_ROOM_FIELDS).lean<IRoom>().exec();
  }

  /** A room by its display name (`UI_Allow_room_names_with_special_chars`: names are then slugs of it). */
  findByDisplayName(fname: string): Promise<Pick<IRoom, '_id' | 'archived'> | null> {
    return this.rooms.findOne({ fname }, { _id: 1, archived: 1 }).lean<Pick<IRoom, '_id' | 'archived'>>().exec();
  }

  /** A team's main room (the `teamId` index): a public team has a public main room; its members are the team's. */
  findTeamMainRoom(teamId: string): Promise<Pick<IRoom, '_id' | 't' | 'teamId'> | null> {
    return this.rooms.findOne({ teamId, teamMain: true }, { _id: 1, t: 1, teamId: 1 }).lean<Pick<IRoom, '_id' | 't' | 'teamId'>>().exec();
  }

  async findByIdOrName(idOrName: string): Promise<IRoom | null> {
    return (await this.findById(idOrName)) ?? this.findByName(idOrName);
  }

  findByIds(ids: string[]): Promise<IRoom[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rooms
      .find({ _id: { $in: ids } }, HIDDEN_ROOM_FIELDS)
      .lean<IRoom[]>()
      .exec();
  }

  /** Rooms named in `#channel` mentions: channels and groups only (the `name` index). */
  findMentionable(names: string[]): Promise<Array<Pick<IRoom, '_id' | 'name' | 'fname' | 't'>>> {
    if (names.length === 0) return Promise.resolve([]);
    return this.rooms
      .find({ name: { $in: names }, t: { $in: ['c', 'p'] } }, { _id: 1, name: 1, fname: 1, t: 1 })
      .lean<Array<Pick<IRoom, '_id' | 'name' | 'fname' | 't'>>>()
      .exec();
  }

  /** A direct message between exactly these users (the `uids` index). */
  findDirectByUids(uids: string[]): Promise<IRoom | null> {
    return this.rooms
      .findOne({ t: 'd', uids: { $all: uids, $size: uids.length } }, HIDDEN_ROOM_FIELDS)
      .lean<IRoom>()
      .exec();
  }

  /** Default rooms, joined by every new user (the sparse `default` index). */
  findDefault(): Promise<IRoom[]> {
    return this.rooms
      .find({ default: true, t: { $in: ['c', 'p'] } }, HIDDEN_ROOM_FIELDS)
      .lean<IRoom[]>()
      .exec();
  }

  /** A page of rooms of one type (the `t, name` index), with the total. */
  async findPage(query: RoomPageQuery): Promise<{ rooms: IRoom[]; total: number }> {
    const filter: Record<string, unknown> = { t: query.t };
    if (query.ids) filter._id = { $in: query.ids };
    if (query.name) filter.name = new RegExp(escapeRegExp(query.name), 'i');
    if (query.excludeTeamRoomsExcept) {
      filter.$or = [{ teamId: { $exists: false } }, { _id: { $in: query.excludeTeamRoomsExcept } }];
    }
    const [rooms, total] = await Promise.all([
      this.rooms.find(filter, HIDDEN_ROOM_FIELDS).sort(query.sort).skip(query.skip).limit(query.limit).lean<IRoom[]>().exec(),
      this.rooms.countDocuments(filter).exec(),
    ]);
    return { rooms, total };
  }

  /** A room's discussions (the `prid` index), by `fname` substring, paged, with the total. */
  async findDiscussions(
    prid: string,
    query: { text?: string; sort: Record<string, SortOrder>; skip: number; limit: number },
  ): Promise<{ rooms: IRoom[]; total: number }> {
    const filter: Record<string, unknown> = { prid };
    if (query.text) filter.fname = new RegExp(escapeRegExp(query.text), 'i');
    const [rooms, total] = await Promise.all([
      this.rooms.find(filter, HIDDEN_ROOM_FIELDS).sort(query.sort).skip(query.skip).limit(query.limit).lean<IRoom[]>().exec(),
      this.rooms.countDocuments(filter).exec(),
    ]);
    return { rooms, total };
  }

  /** The discussion already started from a message. */
  findDiscussionOfMessage(prid: string, pmid: string): Promise<IRoom | null> {
    return this.rooms.findOne({ prid, pmid }, HIDDEN_ROOM_FIELDS).lean<IRoom>().exec();
  }

  /** rooms.get updatedSince: the given rooms changed after a date (served by `_id`). */
  findByIdsUpdatedSince(ids: string[], since: Date): Promise<IRoom[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.rooms
      .find({ _id: { $in: ids }, _updatedAt: { $gt: since } }, HIDDEN_ROOM_FIELDS)
      .lean<IRoom[]>()
      .exec();
  }

  /** Team rooms (the `teamId` index), the main room excluded, paginated. */
  async findTeamRooms(
    teamId: string,
    options: { ids?: string[]; publicOrIds?: string[]; name?: string; isDefault?: boolean; skip: number; limit: number },
  ): Promise<{ rooms: IRoom[]; total: number }> {
    const filter: Record<string, unknown> = { teamId, teamMain: { $ne: true } };
    if (options.publicOrIds) filter.$or = [{ t: 'c' }, { _id: { $in: options.publicOrIds } }];
    if (options.name) filter.name = new RegExp(escapeRegExp(options.name), 'i');
    if (options.isDefault) filter.teamDefault = true;
    const [rooms, total] = await Promise.all([
      this.rooms.find(filter, HIDDEN_ROOM_FIELDS).sort({ name: 1 }).skip(options.skip).limit(options.limit).lean<IRoom[]>().exec(),
      this.rooms.countDocuments(filter).exec(),
    ]);
    return { rooms, total };
  }

  countTeamRooms(teamId: string): Promise<number> {
    return this.rooms.countDocuments({ teamId, teamMain: { $ne: true } }).exec();
  }

  findTeamRoomIds(teamId: string, among: string[]): Promise<string[]> {
    return this.rooms
      .find({ teamId, teamMain: { $ne: true }, _id: { $in: among } }, { _id: 1 })
      .lean<Array<{ _id: string }>>()
      .exec()
      .then((rooms) => rooms.map((r) => r._id));
  }

  /**
   * The retention prune's rooms under the global policy: of one type, whose own policy is not off
   * (`retention.enabled` true or unset) and does not override the global one; discussions left out when asked.
   */
  async findIdsUnderGlobalRetention(t: 'c' | 'p' | 'd', withoutDiscussions: boolean): Promise<string[]> {
    const rows = await this.rooms
      .find(
        {
          t,
          $or: [{ 'retention.enabled': true }, { 'retention.enabled': { $exists: false } }],
          'retention.overrideGlobal': { $ne: true },
          ...(withoutDiscussions && { prid: { $exists: false } }),
        },
        { _id: 1 },
      )
      .lean<Array<{ _id: string }>>()
      .exec();
    return rows.map((row) => row._id);
  }

  /** The retention prune's rooms with a policy of their own (enabled, overriding the global one). */
  findWithOwnRetention(withoutDiscussions: boolean): Promise<Array<Pick<IRoom, '_id' | 'retention'>>> {
    return this.rooms
      .find(
        {
          'retention.enabled': true,
          'retention.overrideGlobal': true,
          'retention.maxAge': { $gte: 0 },
          ...(withoutDiscussions && { prid: { $exists: false } }),
        },
        { _id: 1, retention: 1 },
      )
      .lean<Array<Pick<IRoom, '_id' | 'retention'>>>()
      .exec();
  }

  async update(id: string, update: UpdateQuery<IRoom>): Promise<IRoom | null> {
    const room = await this.rooms
      .findOneAndUpdate({ _id: id }, update, { returnDocument: 'after', projection: HIDDEN_ROOM_FIELDS })
      .lean<IRoom>()
      .exec();
    await this.changes.announce([id]);
    return room;
  }

  async incUsersCount(id: string, by: number): Promise<void> {
    await this.rooms.updateOne({ _id: id }, { $inc: { usersCount: by } }).exec();
    await this.changes.announce([id]);
  }

  /**
   * A new message: one more in `msgs`; `lm` and `lastMessage` moved to it unless it stays inside a thread.
   * Returns the room as it is now (with the messages counted in the same group).
   */
  recordMessage(message: IMessage, setAsLast: boolean): Promise<IRoom | null> {
    return this.counters.record(message, setAsLast);
  }

  /** The last message changed (edited, reacted to, pinned): only when it is the room's last one. */
  async refreshLastMessage(message: IMessage): Promise<boolean> {
    const result = await this.rooms
      .updateOne({ _id: message.rid, 'lastMessage._id': message._id }, { $set: { lastMessage: message } })
      .exec();
    return result.modifiedCount > 0;
  }

  /**
   * A message was deleted: one fewer; `lastMessage` replaced (or removed) when it was the deleted one. A count taken
   * back (`countTakenBack`: the message was never stored) moves `lm` back to the replacement as well.
   */
  removeMessage(rid: string, replacement: IMessage | null | undefined, countTakenBack = false): Promise<IRoom | null> {
    const update: UpdateQuery<IRoom> = { $inc: { msgs: -1 } };
    if (replacement === null) update.$unset = { lastMessage: 1 };
    else if (replacement) update.$set = countTakenBack ? { lastMessage: replacement, lm: replacement.ts } : { lastMessage: replacement };
    return this.update(rid, update);
  }

  /**
   * A team's rooms and its main room's discussions (`teams.listChildren`): public team rooms and the ones in
   * `memberOf`, discussions of the main room the same way; by name, a page at a time.
   */
  async findTeamChildren(
    teamId: string,
    mainRoomId: string,
    options: {
      memberOf: string[];
      name?: string;
      type?: 'channels' | 'discussions';
      sort: Record<string, SortOrder>;
      skip: number;
      limit: number;
    },
  ): Promise<{ rooms: IRoom[]; total: number }> {
    const visible = { $or: [{ t: 'c' }, { _id: { $in: options.memberOf } }] };
    const channels = { teamId, teamMain: { $ne: true }, t: { $in: ['c', 'p'] }, prid: { $exists: false } };
    const discussions = { prid: mainRoomId };
    const kind = options.type === 'channels' ? channels : options.type === 'discussions' ? discussions : { $or: [channels, discussions] };
    const filter: Record<string, unknown> = { $and: [kind, visible] };
    if (options.name) {
      const pattern = new RegExp(escapeRegExp(options.name), 'i');
      (filter.$and as unknown[]).push({ $or: [{ name: pattern }, { fname: pattern }] });
    }
    const [rooms, total] = await Promise.all([
      this.rooms.find(filter, HIDDEN_ROOM_FIELDS).sort(options.sort).skip(options.skip).limit(options.limit).lean<IRoom[]>().exec(),
      this.rooms.countDocuments(filter).exec(),
    ]);
    return { rooms, total };
  }

  /** Teams' main rooms by name prefix that are public or among `memberOf` (`teams.autocomplete`), at most ten. */
  findTeamMainRoomsByPrefix(
    prefix: string,
    memberOf: string[],
  ): Promise<Array<Pick<IRoom, '_id' | 'name' | 'fname' | 't' | 'teamId' | 'avatarETag'>>> {
    const pattern = new RegExp(`^${escapeRegExp(prefix.trim())}`, 'i');
    return this.rooms
      .find(
        { teamMain: true, $and: [{ $or: [{ name: pattern }, { fname: pattern }] }, { $or: [{ t: 'c' }, { _id: { $in: memberOf } }] }] },
        { fname: 1, teamId: 1, name: 1, t: 1, avatarETag: 1 },
      )
      .sort({ name: 1, fname: 1 })
      .limit(10)
      .lean<Array<Pick<IRoom, '_id' | 'name' | 'fname' | 't' | 'teamId' | 'avatarETag'>>>()
      .exec();
  }

  /** A team's rooms (main room excluded) of the given types, with their types (`teams.listRoomsOfUser`). */
  findTeamRoomTypes(teamId: string): Promise<Array<Pick<IRoom, '_id' | 't'>>> {
    return this.rooms
      .find({ teamId, teamMain: { $ne: true } }, { _id: 1, t: 1 })
      .lean<Array<Pick<IRoom, '_id' | 't'>>>()
      .exec();
  }

  /** Rooms by id, by name, a page at a time. */
  async findPageByIds(ids: string[], skip: number, limit: number): Promise<{ rooms: IRoom[]; total: number }> {
    const filter = { _id: { $in: ids } };
    const [rooms, total] = await Promise.all([
      this.rooms.find(filter, HIDDEN_ROOM_FIELDS).sort({ name: 1 }).skip(skip).limit(limit).lean<IRoom[]>().exec(),
      this.rooms.countDocuments(filter).exec(),
    ]);
    return { rooms, total };
  }

  /** Every room of a team, its main room included, leaves it (`teams.convertToChannel`); their ids. */
  async unsetTeamOfAllRooms(teamId: string): Promise<string[]> {
    const rooms = await this.rooms.find({ teamId }, { _id: 1 }).lean<Array<{ _id: string }>>().exec();
    await this.rooms.updateMany({ teamId }, { $unset: { teamId: 1, teamMain: 1, teamDefault: 1 } }).exec();
    const ids = rooms.map((r) => r._id);
    await this.changes.announce(ids);
    return ids;
  }

  async setTeam(ids: string[], teamId: string): Promise<void> {
    await this.rooms.updateMany({ _id: { $in: ids } }, { $set: { teamId } }).exec();
    await this.changes.announce(ids);
  }

  async unsetTeamOfAll(teamId: string): Promise<string[]> {
    const rooms = await this.rooms
      .find({ teamId, teamMain: { $ne: true } }, { _id: 1 })
      .lean<Array<{ _id: string }>>()
      .exec();
    await this.rooms.updateMany({ teamId, teamMain: { $ne: true } }, { $unset: { teamId: 1, teamDefault: 1 } }).exec();
    const ids = rooms.map((r) => r._id);
    await this.changes.announce(ids);
    return ids;
  }

  // ── a renamed user ───────────────────────────────────────────────────────────────────────────────

  /** The direct messages a user is a member of (the `uids` index). */
  findDirectByMember(userId: string): Promise<IRoom[]> {
    return this.rooms.find({ t: 'd', uids: userId }, HIDDEN_ROOM_FIELDS).lean<IRoom[]>().exec();
  }

  /** The rooms a user created carry their new username (the `u._id` index); returns the ids of those changed. */
  renameCreator(userId: string, username: string): Promise<string[]> {
    return this.renameWhere({ 'u._id': userId, 'u.username': { $ne: username } }, { $set: { 'u.username': username } });
  }

  /** A muted username is renamed in every room's `muted` list (the `muted` index); returns the ids of those changed. */
  renameMuted(oldUsername: string, newUsername: string): Promise<string[]> {
    return this.renameWhere({ muted: oldUsername }, { $set: { 'muted.$': newUsername } });
  }

  async setUsernames(updates: Array<{ _id: string; usernames: string[] }>): Promise<void> {
    if (updates.length === 0) return;
    await this.rooms.bulkWrite(updates.map(({ _id, usernames }) => ({ updateOne: { filter: { _id }, update: { $set: { usernames } } } })));
    await this.changes.announce(updates.map(({ _id }) => _id));
  }

  private async renameWhere(filter: Record<string, unknown>, update: UpdateQuery<IRoom>): Promise<string[]> {
    const ids = (await this.rooms.find(filter, { _id: 1 }).lean<Array<{ _id: string }>>().exec()).map((room) => room._id);
    if (ids.length) await this.rooms.updateMany({ _id: { $in: ids }, ...filter }, update).exec();
    await this.changes.announce(ids);
    return ids;
  }

  async deleteById(id: string): Promise<void> {
    await this.rooms.deleteOne({ _id: id }).exec();
    await this.changes.announce([id]);
  }

  // ---- Omnichannel VoIP: calls as rooms of type `v` (Rocket.Chat's `VoipRoom` model), owned by the VoIP service ----
  // Every query below is limited to `t: 'v'`.

  private get voipRooms(): Model<IVoipRoom> {
    return this.rooms as unknown as Model<IVoipRoom>;
  }

  /**
   * A new call's `v` room, the one builder for every way a call starts (a queue's caller, an agent's outbound call, a
   * room `voip/room` opens before the agent dials): the visitor as `v` (with the call's `phone`), `fname` the
   * visitor's name (else `fnameFallback`), no messages nor subscribers yet, open.
   */
  async createVoipRoom(call: NewVoipRoom): Promise<IVoipRoom> {
    const { visitor } = call;
    const ts = call.ts ?? new Date();
    const room: IVoipRoom = {
      _id: randomId(),
      t: 'v',
      fname: visitor.name || call.fnameFallback,
      msgs: 0,
      usersCount: 0,
      ts,
      open: true,
      v: {
        _id: visitor._id,
        username: visitor.username,
        token: visitor.token,
        phone: call.phone,
        status: 'online',
        ...(visitor.name && { name: visitor.name }),
      },
      ...(call.queue && { queue: call.queue }),
      ...(call.departmentId && { departmentId: call.departmentId }),
      direction: call.direction,
      callUniqueId: call.callUniqueId ?? '',
      callStatus: call.callStatus,
      ...(call.servedBy && { servedBy: { ...call.servedBy, ts } }),
      ...(call.pbxHandle && { pbxHandle: call.pbxHandle }),
    };
    await this.voipRooms.create(room);
    return (await this.findVoipRoomById(room._id))!;
  }

  findVoipRoomById(id: string): Promise<IVoipRoom | null> {
    return this.voipRooms.findOne({ _id: id, t: 'v' }).lean<IVoipRoom>().exec();
  }

  findVoipRoomByCallId(callUniqueId: string): Promise<IVoipRoom | null> {
    return this.voipRooms.findOne({ t: 'v', callUniqueId }).lean<IVoipRoom>().exec();
  }

  findOpenVoipRoomByToken(token: string): Promise<IVoipRoom | null> {
    return this.voipRooms.findOne({ t: 'v', open: true, 'v.token': token }).lean<IVoipRoom>().exec();
  }

  /** Calls waiting in a queue, oldest first (the queues' order: first come, first served). */
  findQueuedVoipCalls(queue?: string): Promise<IVoipRoom[]> {
    return this.voipRooms
      .find({ t: 'v', callStatus: 'queued', ...(queue && { queue }) })
      .sort({ ts: 1 })
      .lean<IVoipRoom[]>()
      .exec();
  }

  /** The room whose transfer's new leg rings while `callId` is the leg it came from (`callTransfer.fromCallId`). */
  findVoipRoomTransferringFrom(callId: string): Promise<IVoipRoom | null> {
    return this.voipRooms.findOne({ t: 'v', 'callTransfer.fromCallId': callId }).lean<IVoipRoom>().exec();
  }

  /** Calls whose leg ended after a REFER (before `before`) and whose caller's new call never came. */
  findVoipRoomsLeftByTransfer(before: Date): Promise<IVoipRoom[]> {
    return this.voipRooms
      .find({
        t: 'v',
        callStatus: { $in: ['answered', 'on-hold'] },
        'callLegEnded.at': { $lt: before },
        callTransfer: { $exists: false },
      })
      .lean<IVoipRoom[]>()
      .exec();
  }

  /** The open call of a caller (by phone) that an agent is transferring to `extension`. */
  findVoipRoomTransferringTo(phone: string, extension: string): Promise<IVoipRoom | null> {
    return this.voipRooms
      .findOne({ t: 'v', open: true, 'v.phone': phone, callTransferredTo: extension, callStatus: { $in: ['answered', 'on-hold'] } })
      .lean<IVoipRoom>()
      .exec();
  }

  /** A queue's answered calls (average wait) and ended calls (average talk), in milliseconds. */
  async voipQueueStats(queue: string): Promise<{ answered: number; totalWaitMs: number; ended: number; totalTalkMs: number }> {
    const [stats] = await this.voipRooms
      .aggregate<{ answered: number; totalWaitMs: number; ended: number; totalTalkMs: number }>([
        { $match: { t: 'v', queue, callStarted: { $exists: true } } },
        {
          $group: {
            _id: null,
            answered: { $sum: 1 },
            totalWaitMs: { $sum: { $ifNull: ['$callWaitingTime', 0] } },
            ended: { $sum: { $cond: [{ $eq: ['$callStatus', 'ended'] }, 1, 0] } },
            totalTalkMs: { $sum: { $cond: [{ $eq: ['$callStatus', 'ended'] }, { $ifNull: ['$callDuration', 0] }, 0] } },
          },
        },
      ])
      .exec();
    return stats ?? { answered: 0, totalWaitMs: 0, ended: 0, totalTalkMs: 0 };
  }

  /** Calls not over yet (queued, ringing, talking or held). */
  findLiveVoipCalls(): Promise<IVoipRoom[]> {
    return this.voipRooms
      .find({ t: 'v', callStatus: { $in: ['queued', 'ringing', 'answered', 'on-hold'] } })
      .lean<IVoipRoom[]>()
      .exec();
  }

  /** Sets (and unsets) fields of a call's room; with `whenStatus`, only while the call is in one of those states. */
  updateVoipRoom(
    id: string,
    set: Partial<IVoipRoom>,
    whenStatus?: IVoipRoom['callStatus'][],
    unset: Array<keyof IVoipRoom> = [],
  ): Promise<IVoipRoom | null> {
    const filter: QueryFilter<IVoipRoom> = { _id: id, t: 'v', ...(whenStatus && { callStatus: { $in: whenStatus } }) };
    const update: UpdateQuery<IVoipRoom> = {
      ...(Object.keys(set).length > 0 && { $set: set }),
      ...(unset.length > 0 && { $unset: Object.fromEntries(unset.map((f) => [f, 1])) }),
    };
    return this.voipRooms.findOneAndUpdate(filter, update, { returnDocument: 'after' }).lean<IVoipRoom>().exec();
  }

  async findVoipRoomsPage(filter: VoipRoomFilter, page: { offset: number; count: number }): Promise<{ rooms: IVoipRoom[]; total: number }> {
    const query: QueryFilter<IVoipRoom> = {
      t: 'v',
      ...(filter.agents?.length && { 'servedBy._id': { $in: filter.agents } }),
      ...(filter.open !== undefined && { open: filter.open }),
      ...(filter.queue && { queue: filter.queue }),
      ...(filter.visitorToken && { 'v.token': filter.visitorToken }),
      ...(filter.direction && { direction: filter.direction }),
      ...(filter.roomName && { fname: filter.roomName }),
      ...(dateRange(filter.createdAt) && { ts: dateRange(filter.createdAt) }),
      ...(dateRange(filter.closedAt) && { closedAt: dateRange(filter.closedAt) }),
    };
    const [rooms, total] = await Promise.all([
      this.voipRooms.find(query).sort({ ts: -1 }).skip(page.offset).limit(page.count).lean<IVoipRoom[]>().exec(),
      this.voipRooms.countDocuments(query).exec(),
    ]);
    return { rooms, total };
  }

  // ── livechat rooms (`t: 'l'`): omnichannel creates, serves, transfers and closes them ────────────────────

  private get livechat(): Model<ILivechatRoom> {
    return this.rooms as unknown as Model<ILivechatRoom>;
  }

  findLivechatById(rid: string): Promise<ILivechatRoom | null> {
    return this.livechat.findOne({ _id: rid, t: 'l' }).lean<ILivechatRoom>().exec();
  }

  findOpenLivechatByVisitorToken(token: string): Promise<ILivechatRoom | null> {
    return this.livechat.findOne({ t: 'l', open: true, 'v.token': token }).sort({ ts: -1 }).lean<ILivechatRoom>().exec();
  }

  /** Ids of a visitor's livechat rooms (at most 1,000, newest first). */
  async findLivechatIdsOfVisitor(visitorId: string): Promise<string[]> {
    const rooms = await this.livechat
      .find({ t: 'l', 'v._id': visitorId }, { _id: 1 })
      .sort({ ts: -1 })
      .limit(1000)
      .lean<Array<{ _id: string }>>()
      .exec();
    return rooms.map((r) => r._id);
  }

  /**
   * A visitor's livechat rooms (`livechat/visitors.chatHistory`, `searchChats`), newest first: `closed` / `served`
   * narrow them; `text` matches the name, or the room is among `textRoomIds` (rooms with a matching message).
   */
  async findLivechatPageOfVisitor(
    visitorId: string,
    filter: { closed?: boolean; served?: boolean; text?: string; textRoomIds?: string[] },
    offset: number,
    count: number,
  ): Promise<{ items: ILivechatRoom[]; total: number }> {
    const query: Record<string, unknown> = { t: 'l', 'v._id': visitorId };
    if (filter.closed) query.open = { $exists: false };
    if (filter.served) query.servedBy = { $exists: true };
    if (filter.text) query.$or = [{ fname: new RegExp(escapeRegExp(filter.text), 'i') }, { _id: { $in: filter.textRoomIds ?? [] } }];
    return this.livechatPage(query, offset, count);
  }

  async insertLivechat(room: Omit<ILivechatRoom, '_updatedAt'>): Promise<ILivechatRoom> {
    await this.livechat.create(room);
    return (await this.findLivechatById(room._id))!;
  }

  /** Served by an agent: only while open, so a room closed meanwhile is not taken. */
  setLivechatServedBy(rid: string, agent: { _id: string; username: string }, now: Date): Promise<ILivechatRoom | null> {
    return this.livechat
      .findOneAndUpdate(
        { _id: rid, t: 'l', open: true },
        { $set: { servedBy: { ...agent, ts: now } }, $unset: { queuedAt: 1 } },
        { returnDocument: 'after' },
      )
      .lean<ILivechatRoom>()
      .exec();
  }

  /** Back to the queue of a department (or none). */
  requeueLivechat(rid: string, departmentId: string | undefined, now: Date): Promise<ILivechatRoom | null> {
    return this.livechat
      .findOneAndUpdate(
        { _id: rid, t: 'l', open: true },
        { $set: { queuedAt: now, ...(departmentId && { departmentId }) }, $unset: { servedBy: 1 } },
        { returnDocument: 'after' },
      )
      .lean<ILivechatRoom>()
      .exec();
  }

  /** Back to the queue from the agent who served it, only if they still do (one instance acts on a leaving agent). */
  releaseLivechatFromAgent(rid: string, agentId: string, now: Date): Promise<ILivechatRoom | null> {
    return this.livechat
      .findOneAndUpdate(
        { _id: rid, t: 'l', open: true, 'servedBy._id': agentId },
        { $set: { queuedAt: now }, $unset: { servedBy: 1 } },
        { returnDocument: 'before' },
      )
      .lean<ILivechatRoom>()
      .exec();
  }

  /** Agents serving open livechat rooms. */
  async findLivechatServingAgentIds(): Promise<string[]> {
    return await this.livechat.distinct('servedBy._id', { t: 'l', open: true, servedBy: { $exists: true } }).exec();
  }

  /** Closes an open livechat room; `null` when it was not open (closed twice, or by someone else first). */
  closeLivechat(
    rid: string,
    set: Pick<ILivechatRoom, 'closer' | 'closedBy' | 'closedAt'> & { tags?: string[]; comment?: string },
  ): Promise<ILivechatRoom | null> {
    const { comment, ...rest } = set;
    return this.livechat
      .findOneAndUpdate(
        { _id: rid, t: 'l', open: true },
        { $set: { ...rest, ...(comment !== undefined && { 'metrics.comment': comment }) }, $unset: { open: 1 } },
        { returnDocument: 'after' },
      )
      .lean<ILivechatRoom>()
      .exec();
  }

  /** A visitor's or agent-side message stored in a livechat room: last message, count, waiting for a response. */
  async recordLivechatMessage(message: IMessage, fromVisitor: boolean): Promise<void> {
    await this.livechat
      .updateOne({ _id: message.rid }, { $set: { lastMessage: message, lm: message.ts, waitingResponse: fromVisitor }, $inc: { msgs: 1 } })
      .exec();
  }

  async setLivechatSurvey(rid: string, data: Record<string, string>): Promise<void> {
    await this.livechat
      .updateOne({ _id: rid }, { $set: { surveyFeedback: Object.entries(data).map(([name, value]) => ({ name, value })) } })
      .exec();
  }

  async setLivechatData(rid: string, key: string, value: string): Promise<void> {
    await this.livechat.updateOne({ _id: rid }, { $set: { [`livechatData.${key}`]: value } }).exec();
  }

  /** A visitor's open livechat rooms (of one department when given), newest first (the apps' livechat reader). */
  findOpenLivechatOfVisitor(token: string, departmentId?: string): Promise<ILivechatRoom[]> {
    return this.livechat
      .find({ t: 'l', open: true, 'v.token': token, ...(departmentId && { departmentId }) })
      .sort({ ts: -1 })
      .limit(100)
      .lean<ILivechatRoom[]>()
      .exec();
  }

  findOpenLivechatServedBy(agentId: string): Promise<ILivechatRoom[]> {
    return this.livechat.find({ t: 'l', open: true, 'servedBy._id': agentId }).lean<ILivechatRoom[]>().exec();
  }

  // ── Rocket.Chat 7's contacts: a livechat room's `contactId` ────────────────────────────────────────────

  /** Ids of a contact's livechat rooms (at most 1,000, newest first). */
  async findLivechatIdsOfContact(contactId: string): Promise<string[]> {
    const rooms = await this.livechat
      .find({ t: 'l', contactId }, { _id: 1 })
      .sort({ ts: -1 })
      .limit(1000)
      .lean<Array<{ _id: string }>>()
      .exec();
    return rooms.map((r) => r._id);
  }

  /** How many of a contact's livechat rooms are open (`contacts.delete` refuses while any is). */
  countOpenLivechatOfContact(contactId: string): Promise<number> {
    return this.livechat.countDocuments({ t: 'l', contactId, open: true }).exec();
  }

  /** A visitor (or contact) renamed: their livechat rooms' display name. */
  async renameLivechat(rids: string[], name: string): Promise<void> {
    await this.livechat.updateMany({ _id: { $in: rids }, t: 'l' }, { $set: { fname: name } }).exec();
  }

  /** `omnichannel/contacts.history`: a contact's closed livechat rooms (of one source type), sorted as asked. */
  async findClosedLivechatPageOfContact(
    contactId: string,
    sourceType: string | undefined,
    sort: Record<string, 1 | -1>,
    offset: number,
    count: number,
  ): Promise<{ items: ILivechatRoom[]; total: number }> {
    const query: Record<string, unknown> = {
      t: 'l',
      contactId,
      closedAt: { $exists: true },
      ...(sourceType && { 'source.type': sourceType }),
    };
    const projection = {
      fname: 1,
      ts: 1,
      v: 1,
      msgs: 1,
      servedBy: 1,
      closedAt: 1,
      closedBy: 1,
      closer: 1,
      tags: 1,
      source: 1,
      lastMessage: 1,
    };
    const [items, total] = await Promise.all([
      this.livechat
        .find(query, projection)
        .sort({ ...sort, _id: 1 })
        .skip(offset)
        .limit(count)
        .lean<ILivechatRoom[]>()
        .exec(),
      this.livechat.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** `livechat/rooms`: livechat rooms by agents, department, open, name, tags and date ranges, newest first. */
  async findLivechatPage(filter: LivechatRoomFilter, offset: number, count: number): Promise<{ items: ILivechatRoom[]; total: number }> {
    const query: Record<string, unknown> = { t: 'l' };
    if (filter.agents?.length) query['servedBy._id'] = { $in: filter.agents };
    if (filter.departmentId) query.departmentId = filter.departmentId;
    if (filter.open !== undefined) query.open = filter.open ? true : { $exists: false };
    if (filter.roomName) query.fname = new RegExp(escapeRegExp(filter.roomName), 'i');
    if (filter.tags?.length) query.tags = { $in: filter.tags };
    if (dateRange(filter.createdAt)) query.ts = dateRange(filter.createdAt);
    if (dateRange(filter.closedAt)) query.closedAt = dateRange(filter.closedAt);
    return this.livechatPage(query, offset, count);
  }

  /** A page of livechat rooms, newest first, with the total (50 when `count` is 0). */
  private async livechatPage(
    query: Record<string, unknown>,
    offset: number,
    count: number,
  ): Promise<{ items: ILivechatRoom[]; total: number }> {
    const [items, total] = await Promise.all([
      this.livechat
        .find(query)
        .sort({ ts: -1 })
        .skip(offset)
        .limit(count || 50)
        .lean<ILivechatRoom[]>()
        .exec(),
      this.livechat.countDocuments(query).exec(),
    ]);
    return { items, total };
  }
}
