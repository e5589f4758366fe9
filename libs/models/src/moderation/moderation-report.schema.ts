import type { IMessage } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const MODERATION_REPORT_MODEL = 'ModerationReport';

type ReportedUser = { _id: string; username?: string; name?: string; createdAt?: Date };

/** A report of a message or of a user (Rocket.Chat's `IModerationReport`, `rocketchat_moderation_reports`). */
export interface IModerationReport {
  _id: string;
  message?: IMessage;
  room?: { _id: string; name?: string; fname?: string; t: string; federated?: boolean };
  reportedUser?: ReportedUser;
  description: string;
  ts: Date;
  reportedBy: ReportedUser;
  _hidden?: boolean;
  _updatedAt: Date;
}

export const ModerationReportSchema = new Schema<IModerationReport>(
  {
    _id: { type: String, required: true },
    message: Schema.Types.Mixed,
    reportedUser: Schema.Types.Mixed,
    description: { type: String, required: true },
    ts: { type: Date, required: true },
    reportedBy: { type: Schema.Types.Mixed, required: true },
    room: Schema.Types.Mixed,
    _hidden: Boolean,
  },
  collectionOptions('rocketchat_moderation_reports'),
);

// The moderation console: a message's reports, and the reports against a user's messages, newest first.
ModerationReportSchema.index({ 'message._id': 1, ts: -1 });
ModerationReportSchema.index({ 'message.u._id': 1, ts: -1 });
ModerationReportSchema.index({ 'reportedUser._id': 1, ts: -1 }, { sparse: true });
