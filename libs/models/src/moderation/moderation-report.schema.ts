import type { IModerationReport } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const MODERATION_REPORT_MODEL = 'ModerationReport';

export type { IModerationReport };

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
    moderationInfo: Schema.Types.Mixed,
  },
  collectionOptions('rocketchat_moderation_reports'),
);

// The moderation console (Rocket.Chat's indexes): open reports by time, of a message, of a user's messages, of a user.
ModerationReportSchema.index({ _hidden: 1, ts: 1 });
ModerationReportSchema.index({ 'message._id': 1, _hidden: 1, ts: 1 });
ModerationReportSchema.index({ 'message.u._id': 1, _hidden: 1, ts: 1 });
ModerationReportSchema.index({ 'reportedUser._id': 1, _hidden: 1, ts: 1 });
