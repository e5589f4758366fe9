import type { ITeam, ITeamMember } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const TEAM_MODEL = 'Team';
export const TEAM_MEMBER_MODEL = 'TeamMember';

export const TeamSchema = new Schema<ITeam>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    type: { type: Number, required: true },
    roomId: { type: String, required: true },
    createdAt: { type: Date, required: true },
    createdBy: { type: Schema.Types.Mixed, required: true },
  },
  collectionOptions('rocketchat_team'),
);

// Team names are unique (teams.info by name, creation's duplicate check).
TeamSchema.index({ name: 1 }, { unique: true });
// The team of a main room.
TeamSchema.index({ roomId: 1 });

export const TeamMemberSchema = new Schema<ITeamMember>(
  {
    _id: { type: String, required: true },
    teamId: { type: String, required: true },
    userId: { type: String, required: true },
    roles: { type: [String], default: undefined },
    createdAt: { type: Date, required: true },
    createdBy: { type: Schema.Types.Mixed, required: true },
  },
  collectionOptions('rocketchat_team_member'),
);

// One membership per user and team; teams.members pages by team.
TeamMemberSchema.index({ teamId: 1, userId: 1 }, { unique: true });
// teams.list: the teams of a user.
TeamMemberSchema.index({ userId: 1 });
