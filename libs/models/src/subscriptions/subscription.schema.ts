import type { ISubscription } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const SUBSCRIPTION_MODEL = 'Subscription';

export const SubscriptionSchema = new Schema<ISubscription>(
  {
    _id: { type: String, required: true },
    rid: { type: String, required: true },
    u: { type: Schema.Types.Mixed, required: true },
    name: { type: String, required: true },
    fname: String,
    t: { type: String, required: true },
    ts: { type: Date, required: true },
    ls: Date,
    lr: Date,
    open: { type: Boolean, default: true },
    alert: { type: Boolean, default: false },
    unread: { type: Number, default: 0 },
    userMentions: { type: Number, default: 0 },
    groupMentions: { type: Number, default: 0 },
    tunread: { type: [String], default: undefined },
    tunreadUser: { type: [String], default: undefined },
    tunreadGroup: { type: [String], default: undefined },
    roles: { type: [String], default: undefined },
    f: Boolean,
    archived: Boolean,
    teamId: String,
    teamMain: Boolean,
    customFields: Schema.Types.Mixed,
  },
  collectionOptions('rocketchat_subscription'),
);

// One subscription per member and room: findByRoomAndUser, ensure, update, the room roles; its `rid` prefix
// serves findByRoom, findByRooms, memberIdsOf, updateMembers, deleteByRoom.
SubscriptionSchema.index({ rid: 1, 'u._id': 1 }, { unique: true });
// A user's rooms (subscriptions.get, rooms list, __my_messages__, users.info), with updatedSince sync: findByUser,
// roomIdsOfUser, findByUserUpdatedSince, findBriefRoomsOfUser, renameMember, deleteByUser.
SubscriptionSchema.index({ 'u._id': 1, _updatedAt: 1 });
// The holders of a room role: findByRoomAndRole, countByRoomAndRole, findMemberIdsWithRoomRole.
SubscriptionSchema.index({ rid: 1, roles: 1 });
// Whether anyone still holds a room role (deleting a custom role of scope Subscriptions): anyoneHoldsRoomRole.
SubscriptionSchema.index({ roles: 1 }, { sparse: true });
