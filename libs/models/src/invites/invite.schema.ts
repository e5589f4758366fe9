import type { IInvite } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const INVITE_MODEL = 'Invite';

/** Rocket.Chat's `rocketchat_invites`. */
export const InviteSchema = new Schema<IInvite>(
  {
    _id: { type: String, required: true },
    rid: { type: String, required: true },
    userId: { type: String, required: true },
    inviteToken: { type: String, required: true },
    days: { type: Number, required: true },
    maxUses: { type: Number, required: true },
    uses: { type: Number, default: 0 },
    createdAt: { type: Date, required: true },
    expires: { type: Date, default: null },
    url: String,
  },
  collectionOptions('rocketchat_invites'),
);
// useInviteToken / validateInviteToken.
InviteSchema.index({ inviteToken: 1 }, { unique: true });
// findOrCreateInvite's reuse of a live invite with the same settings.
InviteSchema.index({ rid: 1, userId: 1, days: 1, maxUses: 1 });
