import type { IMessage } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const MESSAGE_MODEL = 'Message';

export const MessageSchema = new Schema<IMessage>(
  {
    _id: { type: String, required: true },
    rid: { type: String, required: true },
    msg: { type: String, default: '' },
    ts: { type: Date, required: true },
    u: { type: Schema.Types.Mixed, required: true },
    t: String,
    groupable: Boolean,
    alias: String,
    avatar: String,
    emoji: String,
    mentions: { type: Schema.Types.Mixed, default: undefined },
    channels: { type: Schema.Types.Mixed, default: undefined },
    md: { type: Schema.Types.Mixed, default: undefined },
    reactions: { type: Schema.Types.Mixed, default: undefined },
    tmid: String,
    tcount: Number,
    tlm: Date,
    replies: { type: [String], default: undefined },
    tshow: Boolean,
    editedAt: Date,
    editedBy: Schema.Types.Mixed,
    pinned: Boolean,
    pinnedAt: Date,
    pinnedBy: Schema.Types.Mixed,
    starred: { type: Schema.Types.Mixed, default: undefined },
    attachments: { type: Schema.Types.Mixed, default: undefined },
    parseUrls: Boolean,
    urls: { type: Schema.Types.Mixed, default: undefined },
    customFields: Schema.Types.Mixed,
  },
  collectionOptions('rocketchat_message'),
);

/**
 * Internal, never read by default (`select: false`): while the message's member work (MemberWork in core) is not
 * done, the moment another instance may take it over. Written with the message itself, so the durable record costs
 * the send no command of its own; removed once the work is done (MemberWorkRepository). Not part of IMessage.
 */
MessageSchema.add(new Schema({ _memberWork: { type: Date, select: false } }, { _id: false }));

// The member work not done yet (a handful of messages at any time): the sweep's claim, the first due.
MessageSchema.index({ _memberWork: 1 }, { sparse: true });
// Room history (loadHistory, channels.history): newest first.
MessageSchema.index({ rid: 1, ts: -1 });
// Sync of changed messages of a room (updatedSince).
MessageSchema.index({ rid: 1, _updatedAt: 1 });
// Thread replies and thread lists.
MessageSchema.index({ tmid: 1, ts: 1 }, { sparse: true });
// The message showing an upload (deleteFileMessage).
MessageSchema.index({ 'file._id': 1 }, { sparse: true });
MessageSchema.index({ rid: 1, tcount: 1 }, { sparse: true });
// Pinned and starred lists.
MessageSchema.index({ rid: 1, pinned: 1 }, { sparse: true });
MessageSchema.index({ 'starred._id': 1 }, { sparse: true });
// A user's messages: renamed with the user (u.username), erased or reassigned when the user is deleted.
MessageSchema.index({ 'u._id': 1 });
// Messages a user edited last: renamed with the user (editedBy.username).
MessageSchema.index({ 'editedBy._id': 1 }, { sparse: true });
// Messages mentioning a username, in id order: rewritten, a batch at a time, when that user is renamed.
MessageSchema.index({ 'mentions.username': 1, _id: 1 });
// A discussion's parent message (its counters follow the discussion's messages), and a room's discussions.
MessageSchema.index({ drid: 1 }, { sparse: true });
MessageSchema.index({ rid: 1, drid: 1 }, { sparse: true });
