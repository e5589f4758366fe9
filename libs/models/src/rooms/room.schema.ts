import type { IRoom } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const ROOM_MODEL = 'Room';

/** The fields of a room no client ever receives (Rocket.Chat's `defaultFieldsToExclude`). */
export const HIDDEN_ROOM_FIELDS = { joinCode: 0, importIds: 0, e2eQueue: 0 } as const;

export const RoomSchema = new Schema<IRoom>(
  {
    _id: { type: String, required: true },
    t: { type: String, required: true },
    name: String,
    fname: String,
    u: { type: Schema.Types.Mixed },
    ts: { type: Date, required: true },
    msgs: { type: Number, default: 0 },
    usersCount: { type: Number, default: 0 },
    default: Boolean,
    featured: Boolean,
    ro: Boolean,
    archived: Boolean,
    topic: String,
    description: String,
    announcement: String,
    uids: { type: [String], default: undefined },
    usernames: { type: [String], default: undefined },
    lm: Date,
    lastMessage: Schema.Types.Mixed,
    teamId: String,
    teamMain: Boolean,
    teamDefault: Boolean,
    joinCode: String,
    sysMes: Schema.Types.Mixed,
    muted: { type: [String], default: undefined },
    reactWhenReadOnly: Boolean,
    broadcast: Boolean,
    encrypted: Boolean,
    customFields: Schema.Types.Mixed,
    retention: Schema.Types.Mixed,
  },
  collectionOptions('rocketchat_room'),
);

// Room names are unique among channels and groups (direct messages have none): findByName, findMentionable.
RoomSchema.index({ name: 1 }, { unique: true, sparse: true });
// Default rooms joined at registration: findDefault.
RoomSchema.index({ default: 1 }, { sparse: true });
// Direct messages by their members: findDirectByUids, findDirectByMember.
RoomSchema.index({ uids: 1 }, { sparse: true });
// channels.list and the like, rooms of one type by name: findPage.
RoomSchema.index({ t: 1, name: 1 });
// Team rooms and a team's main room: findTeamRooms, countTeamRooms, findTeamRoomIds, findTeamMainRoom, unsetTeamOfAll.
RoomSchema.index({ teamId: 1 }, { sparse: true });
// rooms.get updatedSince: findByIdsUpdatedSince.
RoomSchema.index({ _updatedAt: 1 });
// Rooms a user created (u.username), renamed with the user: renameCreator.
RoomSchema.index({ 'u._id': 1 }, { sparse: true });
// Rooms where a username is muted, renamed with the user: renameMuted.
RoomSchema.index({ muted: 1 }, { sparse: true });
// Livechat rooms of a Rocket.Chat 7 contact (`contactId`): contacts.history, a contact renamed.
RoomSchema.index({ contactId: 1 }, { sparse: true });
// Rooms with a retention policy of their own (the retention prune): findWithOwnRetention.
RoomSchema.index({ 'retention.enabled': 1 }, { sparse: true });
// A room's discussions (rooms.getDiscussions) and the discussion of a message (one per message).
RoomSchema.index({ prid: 1, pmid: 1 }, { sparse: true });
// Livechat and VoIP rooms by their visitor: the open room of a token (the widget's config, a registration, a field
// set), a visitor's rooms (findOpenLivechatByVisitorToken, findLivechatIdsOfVisitor and the like); Rocket.Chat's
// indexes. Sparse, over the visitors' rooms alone: by type, every chat ever opened was read each time.
RoomSchema.index({ 'v.token': 1 }, { sparse: true });
RoomSchema.index({ 'v._id': 1 }, { sparse: true });
// The livechat and VoIP rooms by `open` (a closed chat loses it, an ended call keeps `open: false`): the agents
// serving chats (the agent-leave sweep), an agent's open chats, a contact's open chats; Rocket.Chat's index.
RoomSchema.index({ open: 1 }, { sparse: true });
// VoIP: a call's room by the PBX's call id on each of its events (findVoipRoomByCallId), and the calls in a state
// (queued, live, left by a transfer: every sweep, findQueuedVoipCalls and the like). Sparse, over the `v` rooms
// alone: by type, every past call was read each time.
RoomSchema.index({ callUniqueId: 1 }, { sparse: true });
RoomSchema.index({ callStatus: 1 }, { sparse: true });
// The call a transfer started from, when its first leg hangs up (findVoipRoomTransferringFrom).
RoomSchema.index({ 'callTransfer.fromCallId': 1 }, { sparse: true });
