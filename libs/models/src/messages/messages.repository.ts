import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IMessage, Page } from '@rc/contracts';
import type { AnyBulkWriteOperation, Model, SortOrder, UpdateQuery } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { GroupedInserts } from '../common/grouped-inserts.js';
import { randomId } from '../common/random-id.js';
import { MESSAGE_MODEL } from './message.schema.js';

/** Messages a reader sees: not hidden (Rocket.Chat hides edit-history copies with `_hidden`). */
const VISIBLE = { _hidden: { $ne: true } };
/** Thread replies stay in their thread unless also shown in the room (`tshow`). */
const NOT_ONLY_IN_THREAD = { $or: [{ tmid: { $exists: false } }, { tshow: true }] };

/** Which messages a page lists (`findVisiblePage`): a room's, narrowed, or a thread's replies. */
export type MessageSelection = (
  | {
      rid: string;
      pinned?: boolean;
      /** Only those starred by one of these users. */
      starredBy?: string[];
      /** Only those mentioning this username, or one of these user ids. */
      mentioning?: string;
      mentioningAny?: string[];
      /** Only thread starters, some of them or those a user follows. */
      threads?: { ids?: string[]; followerId?: string };
      /** Only the messages that started a discussion. */
      discussions?: boolean;
    }
  | {
      tmid: string;
      pinned?: undefined;
      starredBy?: undefined;
      mentioning?: undefined;
      mentioningAny?: undefined;
      threads?: undefined;
      discussions?: undefined;
    }
) & {
  /** Only messages whose text contains this (case-insensitive). */
  text?: string;
};

export interface HistoryQuery {
  rid: string;
  /** Messages before this date (`lt`, or `lte` when inclusive). */
  before?: Date;
  /** Messages after this date (`gt`, or `gte` when inclusive). */
  after?: Date;
  inclusive?: boolean;
  includeThreadReplies: boolean;
  skip?: number;
  limit: number;
}

/** Which messages of a room a prune removes (`rooms.cleanHistory`). */
export interface PruneSelection {
  latest: Date;
  oldest: Date;
  inclusive: boolean;
  excludePinned: boolean;
  ignoreDiscussion: boolean;
  ignoreThreads: boolean;
  fromUsers: string[];
}

@Injectable()
export class MessagesRepository {
  /** Messages sent together share one insert command (GroupedInserts). */
  private readonly inserts: GroupedInserts<object>;

  constructor(@InjectModel(MESSAGE_MODEL) private readonly messages: Model<IMessage>) {
    this.inserts = new GroupedInserts<object>(messages.collection);
  }

  /**
   * Inserts; a duplicate `_id` (a resend of a client-chosen id) rejects with E11000. The hottest write of the
   * server goes straight to the driver: the service builds the document whole, so mongoose's casting and
   * document wrapping would only cost time (`_updatedAt` is set here, as the schema's timestamps would, unless the
   * writer stamped the message's room count with it already).
   */
  async insert(message: Omit<IMessage, '_updatedAt'>, options: { memberWorkDue?: Date; updatedAt?: Date } = {}): Promise<IMessage> {
    const document = { ...message, _updatedAt: options.updatedAt ?? new Date() };
    // The durable record of the member work rides on the message's own insert (MemberWorkRepository).
    const stored = options.memberWorkDue ? { ...document, _memberWork: options.memberWorkDue } : document;
    await this.inserts.insert(stored);
    return document;
  }

  /**
   * Rocket.Chat's `cloneAndSaveAsHistoryById` (`Message_KeepHistory`): the message as it is now, under a new id,
   * hidden (`_hidden`, `parent` = its id) and stamped with who is changing it.
   */
  async insertHistoryCopy(message: IMessage, by: { _id: string; username: string }): Promise<void> {
    const { _id, ...rest } = message;
    await this.insert({ ...rest, _id: randomId(), _hidden: true, parent: _id, editedAt: new Date(), editedBy: by } as IMessage);
  }

  findById(id: string): Promise<IMessage | null> {
    return this.messages.findById(id).lean<IMessage>().exec();
  }

  /** The message showing an upload (the `file._id` index). */
  findOneByFileId(fileId: string): Promise<IMessage | null> {
    return this.messages.findOne({ 'file._id': fileId }).lean<IMessage>().exec();
  }

  /** Room history, newest first (the `rid, ts` index). */
  findHistory(query: HistoryQuery): Promise<IMessage[]> {
    return this.messages
      .find(this.historyFilter(query))
      .sort({ ts: -1 })
      .skip(query.skip ?? 0)
      .limit(query.limit)
      .lean<IMessage[]>()
      .exec();
  }

  /** A room's messages changed after a date, newest first (the `rid, _updatedAt` index narrows; hidden ones left out). */
  findUpdatedSince(rid: string, since: Date): Promise<IMessage[]> {
    return this.messages
      .find({ rid, _updatedAt: { $gt: since }, _hidden: { $ne: true } })
      .sort({ ts: -1 })
      .lean<IMessage[]>()
      .exec();
  }

  /**
   * A cursor page of a room's changed messages (`chat.syncMessages` with `type=UPDATED`): changed after `after`
   * (oldest change first) or before `before` (newest first), hidden ones left out (the `rid, _updatedAt` index).
   */
  findChangedWindow(rid: string, window: { after: Date } | { before: Date }, limit: number): Promise<IMessage[]> {
    const ascending = 'after' in window;
    return this.messages
      .find({ rid, _updatedAt: ascending ? { $gt: window.after } : { $lt: window.before }, ...VISIBLE })
      .sort({ _updatedAt: ascending ? 1 : -1 })
      .limit(limit)
      .lean<IMessage[]>()
      .exec();
  }

  /** Room history after a date, oldest first (the `rid, ts` index). */
  findAfter(query: Omit<HistoryQuery, 'before'>): Promise<IMessage[]> {
    return this.messages.find(this.historyFilter(query)).sort({ ts: 1 }).limit(query.limit).lean<IMessage[]>().exec();
  }

  /** A room's thread starters changed after a date (the `rid, _updatedAt` index narrows). */
  findThreadsUpdatedSince(rid: string, since: Date): Promise<IMessage[]> {
    return this.messages
      .find({ rid, _updatedAt: { $gt: since }, tcount: { $exists: true }, ...VISIBLE })
      .lean<IMessage[]>()
      .exec();
  }

  /** A thread's replies changed after a date (the `tmid, ts` index narrows). */
  findThreadRepliesUpdatedSince(tmid: string, since: Date): Promise<IMessage[]> {
    return this.messages
      .find({ tmid, _updatedAt: { $gt: since }, ...VISIBLE })
      .lean<IMessage[]>()
      .exec();
  }

  countHistory(query: Omit<HistoryQuery, 'limit' | 'skip'>): Promise<number> {
    return this.messages.countDocuments(this.historyFilter({ ...query, limit: 0 })).exec();
  }

  /** The first message after a date (where the unread ones start), oldest first. */
  findFirstAfter(rid: string, after: Date, includeThreadReplies: boolean): Promise<IMessage | null> {
    return this.messages
      .findOne(this.historyFilter({ rid, after, includeThreadReplies, limit: 1 }))
      .sort({ ts: 1 })
      .lean<IMessage>()
      .exec();
  }

  /** The room's last message that can stand as `lastMessage`: visible, not only in a thread. */
  findLastVisible(rid: string): Promise<IMessage | null> {
    return this.messages
      .findOne({ rid, ...VISIBLE, ...NOT_ONLY_IN_THREAD })
      .sort({ ts: -1 })
      .lean<IMessage>()
      .exec();
  }

  /**
   * A page of messages, the only paged message listing (room lists, starred / pinned / mentions, a thread's
   * replies, a room's threads, its discussions): the ones a reader sees (hidden edit-history copies left out)
   * of a room (`rid, ts` index; `rid, pinned`; `starred._id`; `mentions.username, _id`; `rid, tcount` for
   * threads) or of a thread (`tmid, ts`), sorted and paged as asked, with the total.
   */
  async findVisiblePage(
    selection: MessageSelection,
    page: { sort: Record<string, SortOrder>; offset: number; limit: number },
  ): Promise<Page<IMessage>> {
    const filter: Record<string, unknown> = {
      ...('rid' in selection ? { rid: selection.rid } : { tmid: selection.tmid }),
      ...VISIBLE,
      ...(selection.pinned && { pinned: true }),
      ...(selection.starredBy && { 'starred._id': { $in: selection.starredBy } }),
      ...(selection.mentioning !== undefined && { 'mentions.username': selection.mentioning }),
      ...(selection.mentioningAny && { 'mentions._id': { $in: selection.mentioningAny } }),
      ...(selection.threads && { tcount: { $exists: true } }),
      ...(selection.threads?.ids && { _id: { $in: selection.threads.ids } }),
      ...(selection.threads?.followerId && { replies: selection.threads.followerId }),
      ...(selection.discussions && { drid: { $exists: true } }),
      ...(selection.text && { msg: new RegExp(escapeRegExp(selection.text), 'i') }),
    };
    const [items, total] = await Promise.all([
      this.messages.find(filter).sort(page.sort).skip(page.offset).limit(page.limit).lean<IMessage[]>().exec(),
      this.messages.countDocuments(filter).exec(),
    ]);
    return { items, count: items.length, offset: page.offset, total };
  }

  /**
   * Message search (Rocket.Chat's `messageSearch`): the conditions parsed from the search text, within the
   * given rooms (one room: equality, several: `$in`, so the `rid, ts` index narrows it), removed-message notices
   * and hidden edit-history copies left out.
   */
  search(
    rids: string[],
    conditions: Record<string, unknown>,
    options: { sort: { ts: 1 | -1 }; skip: number; limit: number },
  ): Promise<IMessage[]> {
    if (rids.length === 0) return Promise.resolve([]);
    const rid = rids.length === 1 ? rids[0] : { $in: rids };
    return this.messages
      .find({ ...conditions, rid, ...VISIBLE, t: { $ne: 'rm' } })
      .sort(options.sort)
      .skip(options.skip)
      .limit(options.limit)
      .lean<IMessage[]>()
      .exec();
  }

  /**
   * A discussion's counters on the messages pointing at it (its `discussion-created` notice, the message it
   * quotes): Rocket.Chat's `refreshDiscussionMetadata`. Answers the messages changed.
   */
  async refreshDiscussionMetadata(drid: string, dcount: number, dlm: Date | undefined): Promise<IMessage[]> {
    await this.messages.updateMany({ drid }, { $set: { dcount, ...(dlm && { dlm }) } }).exec();
    return this.messages.find({ drid }).lean<IMessage[]>().exec();
  }

  update(id: string, update: UpdateQuery<IMessage>, condition: Record<string, unknown> = {}): Promise<IMessage | null> {
    return this.messages
      .findOneAndUpdate({ _id: id, ...condition }, update, { returnDocument: 'after' })
      .lean<IMessage>()
      .exec();
  }

  /** A reply in a thread: the parent counts it, records its time and the replier as a follower. */
  recordThreadReply(tmid: string, replierIds: string[], at: Date): Promise<IMessage | null> {
    return this.update(tmid, { $inc: { tcount: 1 }, $set: { tlm: at }, $addToSet: { replies: { $each: replierIds } } });
  }

  /** A reply in a thread was deleted. */
  forgetThreadReply(tmid: string): Promise<IMessage | null> {
    return this.update(tmid, { $inc: { tcount: -1 } }, { tcount: { $gt: 0 } });
  }

  /**
   * A page of a room's messages, oldest first (the user data export, `rooms.export`); edit-history copies left out;
   * only those posted within `period` when given.
   */
  findExportPage(rid: string, skip: number, limit: number, period: { from?: Date; to?: Date } = {}): Promise<IMessage[]> {
    const ts = { ...(period.from && { $gte: period.from }), ...(period.to && { $lte: period.to }) };
    return this.messages
      .find({ rid, _hidden: { $ne: true }, ...(Object.keys(ts).length > 0 && { ts }) })
      .sort({ ts: 1, _id: 1 })
      .skip(skip)
      .limit(limit)
      .lean<IMessage[]>()
      .exec();
  }

  /** The messages of a room among `ids`, oldest first (`rooms.export`'s e-mail). */
  findOfRoomByIds(rid: string, ids: string[]): Promise<IMessage[]> {
    return this.messages
      .find({ rid, _id: { $in: ids } })
      .sort({ ts: 1 })
      .lean<IMessage[]>()
      .exec();
  }

  /** Ids of a room's messages, a batch at a time (room deletion copies them to the trash first). */
  findBatchOfRoom(rid: string, limit: number): Promise<IMessage[]> {
    return this.messages.find({ rid }).limit(limit).lean<IMessage[]>().exec();
  }

  // ── a user's messages, when the user is renamed or deleted ──────────────────────────────────────────

  /** The user's messages and edits carry the new username (the `u._id` and `editedBy._id` indexes). */
  async renameAuthor(userId: string, username: string): Promise<number> {
    const [authored, edited] = await Promise.all([
      this.messages.updateMany({ 'u._id': userId }, { $set: { 'u.username': username } }).exec(),
      this.messages.updateMany({ 'editedBy._id': userId }, { $set: { 'editedBy.username': username } }).exec(),
    ]);
    return authored.modifiedCount + edited.modifiedCount;
  }

  /**
   * A batch of the messages that mention a username, after the id `after` (the `mentions.username, _id`
   * index): only what a rename rewrites.
   */
  findMentioning(username: string, after: string | undefined, limit: number): Promise<Array<Pick<IMessage, '_id' | 'msg' | 'mentions'>>> {
    return this.messages
      .find({ 'mentions.username': username, ...(after !== undefined && { _id: { $gt: after } }) }, { _id: 1, msg: 1, mentions: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Array<Pick<IMessage, '_id' | 'msg' | 'mentions'>>>()
      .exec();
  }

  async bulkWrite(operations: AnyBulkWriteOperation<IMessage>[]): Promise<number> {
    if (operations.length === 0) return 0;
    return (await this.messages.bulkWrite(operations)).modifiedCount;
  }

  /** Message_ErasureType `Delete`: every message of a deleted user goes (the `u._id` index). */
  async deleteByAuthor(userId: string): Promise<number> {
    return (await this.messages.deleteMany({ 'u._id': userId }).exec()).deletedCount;
  }

  /** Message_ErasureType `Unlink`: a deleted user's messages are reassigned, shown under an alias (`u._id`). */
  async reassignAuthor(userId: string, to: { _id: string; username: string }, alias: string): Promise<number> {
    const result = await this.messages
      .updateMany({ 'u._id': userId }, { $set: { alias, 'u._id': to._id, 'u.username': to.username }, $unset: { 'u.name': 1 } })
      .exec();
    return result.modifiedCount;
  }

  // ── pruning a room (rooms.cleanHistory) ─────────────────────────────────────────────────────────────

  /** The messages a prune selects (Rocket.Chat's `…ByIdPinnedTimestampLimitAndUsers` queries, `rid, ts` index). */
  private pruneFilter(rid: string, prune: PruneSelection, extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
      rid,
      ts: { [prune.inclusive ? '$gte' : '$gt']: prune.oldest, [prune.inclusive ? '$lte' : '$lt']: prune.latest },
      ...(prune.excludePinned && { pinned: { $ne: true } }),
      ...(prune.ignoreDiscussion && { drid: { $exists: false } }),
      ...(prune.ignoreThreads && { tmid: { $exists: false }, tcount: { $exists: false } }),
      ...(prune.fromUsers.length && { 'u.username': { $in: prune.fromUsers } }),
      ...extra,
    };
  }

  /** The selected messages that carry files, oldest first (their ids and files). */
  findPrunedWithFiles(
    rid: string,
    prune: PruneSelection,
    limit?: number,
  ): Promise<Array<Pick<IMessage, '_id' | 'file'> & { files?: Array<{ _id: string }> }>> {
    const query = this.messages
      .find(this.pruneFilter(rid, prune, { 'file._id': { $exists: true } }), { file: 1, files: 1 })
      .sort({ ts: 1 });
    if (limit) query.limit(limit);
    return query.lean<Array<Pick<IMessage, '_id' | 'file'> & { files?: Array<{ _id: string }> }>>().exec();
  }

  /** The selected messages that started a discussion (their `drid`). */
  async findPrunedDiscussionIds(rid: string, prune: PruneSelection, limit?: number): Promise<string[]> {
    const query = this.messages.find(this.pruneFilter(rid, { ...prune, ignoreDiscussion: false }, { drid: { $exists: true } }), {
      drid: 1,
    });
    if (limit) query.limit(limit);
    return (await query.lean<Array<{ drid?: string }>>().exec()).map((m) => m.drid).filter((id): id is string => Boolean(id));
  }

  /** The selected messages that started a thread (their ids). */
  async findPrunedThreadIds(rid: string, prune: PruneSelection): Promise<string[]> {
    const rows = await this.messages
      .find(this.pruneFilter(rid, { ...prune, ignoreThreads: false }, { tcount: { $exists: true } }), { _id: 1 })
      .lean<Array<{ _id: string }>>()
      .exec();
    return rows.map((m) => m._id);
  }

  /** A file of a pruned message is gone: the message stays, saying so (`filesOnly`). */
  async markFilesPruned(ids: string[], text: string): Promise<void> {
    if (ids.length === 0) return;
    await this.messages
      .updateMany({ _id: { $in: ids } }, { $unset: { file: 1, files: 1 }, $set: { attachments: [{ color: '#FD745E', text }] } })
      .exec();
  }

  /** Deletes the selected messages (at most `limit`, the oldest, when given): the ids deleted when limited, and how many. */
  async deletePruned(rid: string, prune: PruneSelection, limit?: number): Promise<{ count: number; ids?: string[] }> {
    if (!limit) return { count: (await this.messages.deleteMany(this.pruneFilter(rid, prune)).exec()).deletedCount };
    const ids = (
      await this.messages.find(this.pruneFilter(rid, prune), { _id: 1 }).sort({ ts: 1 }).limit(limit).lean<Array<{ _id: string }>>().exec()
    ).map((m) => m._id);
    const { deletedCount } = await this.messages.deleteMany({ _id: { $in: ids } }).exec();
    return { count: deletedCount, ids };
  }

  async deleteById(id: string): Promise<void> {
    await this.messages.deleteOne({ _id: id }).exec();
  }

  async deleteByIds(ids: string[]): Promise<void> {
    if (ids.length) await this.messages.deleteMany({ _id: { $in: ids } }).exec();
  }

  private historyFilter(query: Omit<HistoryQuery, 'skip'>): Record<string, unknown> {
    const ts: Record<string, Date> = {};
    if (query.before) ts[query.inclusive ? '$lte' : '$lt'] = query.before;
    if (query.after) ts[query.inclusive ? '$gte' : '$gt'] = query.after;
    return {
      rid: query.rid,
      ...VISIBLE,
      ...(Object.keys(ts).length && { ts }),
      ...(!query.includeThreadReplies && NOT_ONLY_IN_THREAD),
    };
  }

  // ── livechat rooms: the visitors' and the system's messages, written by omnichannel ─────────────────────

  /** A livechat message with its extra fields (`token`, `navigation`, `transferData`, …), as `insert`. */
  insertLivechat(message: Omit<IMessage, '_updatedAt'> & { [extra: string]: unknown }): Promise<IMessage> {
    return this.insert(message);
  }

  /** A visitor edits their own message (matched by their token). */
  updateVisitorMessage(
    id: string,
    rid: string,
    token: string,
    msg: string,
    editor: { _id: string; username: string },
  ): Promise<IMessage | null> {
    return this.messages
      .findOneAndUpdate({ _id: id, rid, token }, { $set: { msg, editedAt: new Date(), editedBy: editor } }, { returnDocument: 'after' })
      .lean<IMessage>()
      .exec();
  }

  deleteVisitorMessage(id: string, rid: string, token: string): Promise<IMessage | null> {
    return this.messages.findOneAndDelete({ _id: id, rid, token }).lean<IMessage>().exec();
  }

  /** `livechat/messages.history`: newest first, before `ls` / after `end`. */
  findLivechatHistory(rid: string, window: { ls?: Date; end?: Date }, limit: number): Promise<IMessage[]> {
    const ts = { ...(window.ls && { $lt: window.ls }), ...(window.end && { $gt: window.end }) };
    return this.messages
      .find({ rid, ...VISIBLE, ...(Object.keys(ts).length > 0 && { ts }) })
      .sort({ ts: -1 })
      .limit(limit)
      .lean<IMessage[]>()
      .exec();
  }

  /** The pages a visitor saw (`livechat_navigation_history` messages), newest first. */
  async findLivechatNavigationPage(rid: string, offset: number, count: number): Promise<{ items: IMessage[]; total: number }> {
    const query = { rid, t: 'livechat_navigation_history' };
    const [items, total] = await Promise.all([
      this.messages
        .find(query)
        .sort({ ts: -1 })
        .skip(offset)
        .limit(count || 50)
        .lean<IMessage[]>()
        .exec(),
      this.messages.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** Which of these rooms have a visible message containing `text` (case-insensitive). */
  async findRoomIdsWithText(rids: string[], text: string): Promise<string[]> {
    if (rids.length === 0) return [];
    return await this.messages.distinct('rid', { rid: { $in: rids }, msg: new RegExp(escapeRegExp(text), 'i'), ...VISIBLE }).exec();
  }

  /** Every visible message of a room, oldest first (a livechat transcript; at most 10,000). */
  findAllVisibleOfRoom(rid: string): Promise<IMessage[]> {
    return this.messages
      .find({ rid, ...VISIBLE })
      .sort({ ts: 1 })
      .limit(10_000)
      .lean<IMessage[]>()
      .exec();
  }
}
