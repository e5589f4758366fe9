import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ISubscription, RoomRole } from '@rc/contracts';
import type { Model } from 'mongoose';
import { SUBSCRIPTION_MODEL } from './subscription.schema.js';

@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectModel(SUBSCRIPTION_MODEL) private readonly subscriptions: Model<ISubscription>) {}

  findByRoomAndUser(rid: string, userId: string): Promise<ISubscription | null> {
    return this.subscriptions.findOne({ rid, 'u._id': userId }).lean<ISubscription>().exec();
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

  /** users.info `includeUserRooms`: the user's rooms in brief, by type then name. */
  findBriefRoomsOfUser(userId: string): Promise<Array<Pick<ISubscription, '_id' | 'rid' | 'name' | 't' | 'roles' | 'unread'>>> {
    return this.subscriptions
      .find({ 'u._id': userId }, { rid: 1, name: 1, t: 1, roles: 1, unread: 1 })
      .sort({ t: 1, name: 1 })
      .lean<Array<Pick<ISubscription, '_id' | 'rid' | 'name' | 't' | 'roles' | 'unread'>>>()
      .exec();
  }

  /** roles.getUsersInRole in a room: the members holding a room role (index `rid` + `roles`). */
  async findMemberIdsWithRoomRole(rid: string, role: string): Promise<string[]> {
    const holders = await this.subscriptions
      .find({ rid, roles: role as RoomRole }, { 'u._id': 1 })
      .lean<Array<Pick<ISubscription, 'u'>>>()
      .exec();
    return holders.map((s) => s.u._id);
  }
}
