import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatRoom, ISubscription, IVoipRoom, RoomRole } from '@rc/contracts';
import { mongo, type AnyBulkWriteOperation, type Model, type UpdateQuery } from 'mongoose';
import { isDuplicateKeyError } from '../common/duplicate-key.js';
import { handOut, InFlightGroups, type Outcome } from '../common/in-flight-groups.js';
import { randomId } from '../common/random-id.js';
import { SUBSCRIPTION_MODEL } from './subscription.schema.js';

/**
 * Subscriptions (`rocketchat_subscription`): the core app writes memberships; authorization reads them and
 * writes room roles; accounts lists a user's rooms. Room-wide changes are single `updateMany`s, never one
 * write per member.
 */
/** The filter of `findUnalertedOr` (shared with the in-memory fake of core's specs). */
export function unalertedOrFilter(rid: string, userIds: Iterable<string>): Record<string, unknown> {
  const ids = [...userIds];
  return {
    rid,
    $or: [
      { alert: { $ne: true } },
      { open: { $ne: true } },
      { desktopNotifications: 'all', desktopPrefOrigin: { $ne: 'user' } },
      { 'userHighlights.0': { $exists: true } },
      ...(ids.length > 0 ? [{ 'u._id': { $in: ids } }] : []),
    ],
  };
}

@Injectable()
export class SubscriptionsRepository {
  /**
   * Set by core's member work: a member's subscription read or written here first waits for the member work of
   * its room (a send's counters) that this instance has not finished, so a read after an answered send sees it.
   */
  private pendingMemberWork?: (rid?: string) => Promise<void> | undefined;

  /** Rooms whose members are asked for together share one read (InFlightGroups). */
  private readonly roomReads: InFlightGroups<string, ISubscription[]>;

  constructor(@InjectModel(SUBSCRIPTION_MODEL) private readonly subscriptions: Model<ISubscription>) {
    this.roomReads = new InFlightGroups((rids) => this.readRooms(rids));
  }

  waitForMemberWorkWith(pending: (rid?: string) => Promise<void> | undefined): void {
    this.pendingMemberWork = pending;
  }

  private async settled(rid?: string): Promise<void> {
    const pending = this.pendingMemberWork?.(rid);
    if (pending) await pending;
  }

  async insertMany(subscriptions: Array<Omit<ISubscription, '_updatedAt'>>): Promise<ISubscription[]> {
    if (subscriptions.length === 0) return [];
    const created = await this.subscriptions.insertMany(subscriptions);
    return created.map((doc) => doc.toObject<ISubscription>());
  }

  /**
   * Creates the subscription unless it exists (the unique `rid, u._id` index decides between two racing
   * creators); `set` is applied to an existing one. Returns it and whether it was created.
   */
  async ensure(
    subscription: Omit<ISubscription, '_updatedAt'>,
    set: Partial<ISubscription> = {},
  ): Promise<{ subscription: ISubscription; created: boolean }> {
    const existing = await this.findByRoomAndUser(subscription.rid, subscription.u._id);
    if (!existing) {
      try {
        const created = await this.subscriptions.create({ ...subscription, ...set });
        return { subscription: created.toObject<ISubscription>(), created: true };
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    const updated = Object.keys(set).length
      ? await this.update(subscription.rid, subscription.u._id, { $set: set })
      : (existing ?? (await this.findByRoomAndUser(subscription.rid, subscription.u._id)));
    if (!updated) throw new Error(`subscription of ${subscription.u._id} to ${subscription.rid} vanished`);
    return { subscription: updated, created: false };
  }

  /** A member's subscription as they see it (the unique `rid, u._id` index), after the room's pending member work. */
  async findByRoomAndUser(rid: string, userId: string): Promise<ISubscription | null> {
    await this.settled(rid);
    return this.findMembership(rid, userId);
  }

  /** Membership checks (the send path's): the same read without waiting for counters. */
  findMembership(rid: string, userId: string): Promise<ISubscription | null> {
    return this.subscriptions.findOne({ rid, 'u._id': userId }).lean<ISubscription>().exec();
  }

  /**
   * Every member's subscription (the `rid` prefix of the unique index). The member work of a busy server asks for
   * several rooms at once: those asked while a read is in flight are read together, by one `$in`.
   */
  findByRoom(rid: string): Promise<ISubscription[]> {
    return this.roomReads.submit(rid);
  }

  private async readRooms(rids: string[]): Promise<Array<Outcome<ISubscription[]>>> {
    const distinct = [...new Set(rids)];
    const documents = await this.readDecodedOnce({ rid: distinct.length === 1 ? distinct[0] : { $in: distinct } });
    const byRoom = new Map<string, ISubscription[]>(distinct.map((rid) => [rid, []]));
    for (const subscription of documents) byRoom.get(subscription.rid)?.push(subscription);
    // A room asked for twice in one group: each caller gets documents of its own.
    return handOut(rids, (rid) => byRoom.get(rid)!);
  }

  /**
   * The member work's reads (one per batch of a room's messages), straight to the driver without mongoose's query
   * building, and each document decoded once: with command monitoring on (the `db_command` metrics), the driver
   * decodes a find's whole reply for its event and the cursor then decodes every document again; asked raw, the event's
   * copy keeps the documents as bytes, and they are decoded here with the driver's defaults.
   */
  private async readDecodedOnce(filter: Record<string, unknown>): Promise<ISubscription[]> {
    const documents = (await this.subscriptions.collection.find(filter, { raw: true }).toArray()) as unknown as Uint8Array[];
    return documents.map((bytes) => mongo.BSON.deserialize(bytes) as ISubscription);
  }

  /**
   * The members a plain message in a room over `Notifications_Max_Room_Members` can change or notify: those not
   * alerted or not open yet, `userIds` (members who may get a push), and those a desktop notification may reach there
   * (the room's own `all` choice, highlight words: Rocket.Chat's query). Every other member's subscription stays as
   * it is, so the member work reads only these.
   */
  findUnalertedOr(rid: string, userIds: Iterable<string>): Promise<ISubscription[]> {
    return this.readDecodedOnce(unalertedOrFilter(rid, userIds));
  }

  findByRoomAndUsers(rid: string, userIds: string[]): Promise<ISubscription[]> {
    return this.subscriptions
      .find({ rid, 'u._id': { $in: userIds } })
      .lean<ISubscription[]>()
      .exec();
  }

  async memberIdsOf(rid: string): Promise<string[]> {
    const subs = await this.subscriptions.find({ rid }, { 'u._id': 1 }).lean<Array<Pick<ISubscription, 'u'>>>().exec();
    return subs.map((s) => s.u._id);
  }

  /** Every member of a room, by user id, with their room roles (owner, leader, moderator) when they have any. */
  async memberRolesOf(rid: string): Promise<Map<string, string[] | undefined>> {
    const subs = await this.subscriptions.find({ rid }, { 'u._id': 1, roles: 1 }).lean<Array<Pick<ISubscription, 'u' | 'roles'>>>().exec();
    return new Map(subs.map((s) => [s.u._id, s.roles]));
  }

  /** The holders of a room role (the `rid, roles` index). */
  findByRoomAndRole(rid: string, role: RoomRole): Promise<ISubscription[]> {
    return this.subscriptions.find({ rid, roles: role }).lean<ISubscription[]>().exec();
  }

  /** Every holder of any room role, by username (the `rid, roles` index): Rocket.Chat's `getRoomRoles`. */
  findRoleHolders(rid: string): Promise<Array<Pick<ISubscription, '_id' | 'rid' | 'u' | 'roles'>>> {
    return this.subscriptions
      .find({ rid, roles: { $in: ['owner', 'moderator', 'leader'] } }, { rid: 1, u: 1, roles: 1 })
      .sort({ 'u.username': 1 })
      .lean<Array<Pick<ISubscription, '_id' | 'rid' | 'u' | 'roles'>>>()
      .exec();
  }

  countByRoomAndRole(rid: string, role: RoomRole): Promise<number> {
    return this.subscriptions.countDocuments({ rid, roles: role }).exec();
  }

  /** A user's subscriptions, optionally of some room types (the `u._id, _updatedAt` index). */
  async findByUser(userId: string, types?: ISubscription['t'][]): Promise<ISubscription[]> {
    await this.settled();
    return this.subscriptions
      .find({ 'u._id': userId, ...(types && { t: { $in: types } }) })
      .lean<ISubscription[]>()
      .exec();
  }

  async roomIdsOfUser(userId: string, types?: ISubscription['t'][]): Promise<string[]> {
    const subs = await this.subscriptions
      .find({ 'u._id': userId, ...(types && { t: { $in: types } }) }, { rid: 1 })
      .lean<Array<Pick<ISubscription, 'rid'>>>()
      .exec();
    return subs.map((s) => s.rid);
  }

  async findByUserUpdatedSince(userId: string, since: Date): Promise<ISubscription[]> {
    await this.settled();
    return this.subscriptions
      .find({ 'u._id': userId, _updatedAt: { $gt: since } })
      .lean<ISubscription[]>()
      .exec();
  }

  async update(rid: string, userId: string, update: UpdateQuery<ISubscription>): Promise<ISubscription | null> {
    await this.settled(rid);
    return this.subscriptions.findOneAndUpdate({ rid, 'u._id': userId }, update, { returnDocument: 'after' }).lean<ISubscription>().exec();
  }

  /** One update over some members of a room: `filter` narrows it (never a per-member write). */
  async updateMembers(rid: string, filter: Record<string, unknown>, update: UpdateQuery<ISubscription>): Promise<number> {
    const result = await this.subscriptions.updateMany({ rid, ...filter }, update).exec();
    return result.modifiedCount;
  }

  /**
   * Several updates over members of a room as one command (`bulkWrite`, applied in order): a message's member work
   * (one update per kind of change) costs one round trip and one commit instead of one per kind.
   */
  async updateMembersTogether(
    rid: string,
    writes: Array<{ filter: Record<string, unknown>; update: UpdateQuery<ISubscription> }>,
  ): Promise<void> {
    if (writes.length === 0) return;
    await this.subscriptions.bulkWrite(
      writes.map(({ filter, update }) => ({ updateMany: { filter: { rid, ...filter }, update } }) as AnyBulkWriteOperation<ISubscription>),
    );
  }

  /** Every subscription of a renamed user carries the new username (the `u._id, _updatedAt` index). */
  async renameMember(userId: string, username: string): Promise<number> {
    const result = await this.subscriptions
      .updateMany({ 'u._id': userId, 'u.username': { $ne: username } }, { $set: { 'u.username': username } })
      .exec();
    return result.modifiedCount;
  }

  /** Every member's subscription to any of these rooms (the `rid` prefix of the unique index). */
  findByRooms(rids: string[]): Promise<ISubscription[]> {
    if (rids.length === 0) return Promise.resolve([]);
    return this.subscriptions
      .find({ rid: { $in: rids } })
      .lean<ISubscription[]>()
      .exec();
  }

  findByIds(ids: string[]): Promise<ISubscription[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.subscriptions
      .find({ _id: { $in: ids } })
      .lean<ISubscription[]>()
      .exec();
  }

  async bulkWrite(operations: AnyBulkWriteOperation<ISubscription>[]): Promise<void> {
    if (operations.length) await this.subscriptions.bulkWrite(operations);
  }

  async deleteOne(rid: string, userId: string): Promise<void> {
    await this.subscriptions.deleteOne({ rid, 'u._id': userId }).exec();
  }

  async deleteByRoom(rid: string): Promise<void> {
    await this.subscriptions.deleteMany({ rid }).exec();
  }

  async deleteByUser(userId: string): Promise<void> {
    await this.subscriptions.deleteMany({ 'u._id': userId }).exec();
  }

  /** users.info `includeUserRooms`: the user's rooms in brief, by type then name. */
  async findBriefRoomsOfUser(userId: string): Promise<Array<Pick<ISubscription, '_id' | 'rid' | 'name' | 't' | 'roles' | 'unread'>>> {
    await this.settled();
    return this.subscriptions
      .find({ 'u._id': userId }, { rid: 1, name: 1, t: 1, roles: 1, unread: 1 })
      .sort({ t: 1, name: 1 })
      .lean<Array<Pick<ISubscription, '_id' | 'rid' | 'name' | 't' | 'roles' | 'unread'>>>()
      .exec();
  }

  // ── room roles (authorization service) ──────────────────────────────────────────────────────────────

  /** Gives a member room roles (owner, moderator, leader, custom); null when they are not a member. */
  addRoomRolesOfUser(rid: string, userId: string, roles: string[]): Promise<ISubscription | null> {
    return this.subscriptions
      .findOneAndUpdate({ rid, 'u._id': userId }, { $addToSet: { roles: { $each: roles } } }, { returnDocument: 'after' })
      .lean<ISubscription>()
      .exec();
  }

  removeRoomRolesOfUser(rid: string, userId: string, roles: string[]): Promise<ISubscription | null> {
    return this.subscriptions
      .findOneAndUpdate({ rid, 'u._id': userId }, { $pull: { roles: { $in: roles } } }, { returnDocument: 'after' })
      .lean<ISubscription>()
      .exec();
  }

  /** Whether anyone holds a room role, in any room (a role still held cannot be deleted). Index: `{roles: 1}`. */
  async anyoneHoldsRoomRole(role: string): Promise<boolean> {
    // Custom roles of scope Subscriptions are strings beyond the built-in RoomRole names.
    return (await this.subscriptions.exists({ roles: role as RoomRole })) !== null;
  }

  /** roles.getUsersInRole in a room: the members holding a room role (index `rid` + `roles`). */
  async findMemberIdsWithRoomRole(rid: string, role: string): Promise<string[]> {
    const holders = await this.subscriptions
      .find({ rid, roles: role as RoomRole }, { 'u._id': 1 })
      .lean<Array<Pick<ISubscription, 'u'>>>()
      .exec();
    return holders.map((s) => s.u._id);
  }

  /**
   * Omnichannel VoIP: the agent who took a call is subscribed to its `v` room (as Rocket.Chat's omnichannel rooms,
   * `t: 'v'` and the caller as `v`) until the call is wrapped up. Returns it and whether it was created.
   */
  ensureVoipSubscription(room: IVoipRoom, agent: { _id: string; username: string }, now: Date) {
    const subscription = {
      _id: randomId(),
      rid: room._id,
      u: agent,
      name: room.fname,
      fname: room.fname,
      t: 'v',
      ts: now,
      ls: now,
      open: true,
      alert: false,
      unread: 0,
      userMentions: 0,
      groupMentions: 0,
      v: room.v,
    } as unknown as Omit<ISubscription, '_updatedAt'>;
    return this.ensure(subscription);
  }

  // ── livechat: the agents' subscriptions to the rooms they serve (`t: 'l'`, written by omnichannel) ───────

  /** An agent's subscription to a livechat room they serve or joined, created once. */
  async ensureLivechatAgent(room: ILivechatRoom, agent: { _id: string; username: string }, now: Date): Promise<ISubscription> {
    const subscription = {
      _id: randomId(),
      rid: room._id,
      u: agent,
      name: room.fname,
      fname: room.fname,
      t: 'l',
      ts: now,
      ls: now,
      open: true,
      alert: true,
      unread: 1,
      userMentions: 0,
      groupMentions: 0,
      v: room.v,
      ...(room.departmentId && { department: room.departmentId }),
    } as unknown as Omit<ISubscription, '_updatedAt'>;
    return (await this.ensure(subscription)).subscription;
  }

  /** A livechat contact renamed: the agents' subscriptions to its rooms show the new name. */
  async renameLivechat(rids: string[], name: string): Promise<void> {
    const livechat: Record<string, unknown> = { rid: { $in: rids }, t: 'l' };
    await this.subscriptions.updateMany(livechat, { $set: { name, fname: name } }).exec();
  }
}
