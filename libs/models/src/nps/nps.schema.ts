import type { INps, INpsVote } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const NPS_MODEL = 'Nps';
export const NPS_VOTE_MODEL = 'NpsVote';

export const NpsSchema = new Schema<INps>(
  {
    _id: { type: String, required: true },
    startAt: { type: Date, required: true },
    expireAt: { type: Date, required: true },
    createdBy: { type: Schema.Types.Mixed, required: true },
    createdAt: { type: Date, required: true },
    status: { type: String, required: true },
  },
  collectionOptions('rocketchat_nps'),
);

// closeOpenSurveys and sendResults: surveys by status, the expired ones first.
NpsSchema.index({ status: 1, expireAt: 1 });

export const NpsVoteSchema = new Schema<INpsVote>(
  {
    _id: { type: String, required: true },
    npsId: { type: String, required: true },
    ts: { type: Date, required: true },
    identifier: { type: String, required: true },
    roles: { type: [String], default: undefined },
    score: { type: Number, required: true },
    comment: { type: String, default: '' },
    status: { type: String, required: true },
    sentAt: Date,
  },
  collectionOptions('rocketchat_nps_vote'),
);

// One vote per voter and survey (Rocket.Chat's unique index): a changed vote replaces the first.
NpsVoteSchema.index({ npsId: 1, identifier: 1 }, { unique: true });
// Results and sending: a survey's votes by status.
NpsVoteSchema.index({ npsId: 1, status: 1 });
