import type { IPbxEvent } from '@rc/contracts';
import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const PBX_EVENT_MODEL = 'PbxEvent';

/** `pbx_events` (Rocket.Chat's collection): every event of every call, from the PBX or the agent's softphone. */
export const PbxEventSchema = new Schema<IPbxEvent>(
  {
    _id: { type: String, required: true },
    uniqueId: { type: String, required: true },
    callUniqueId: { type: String, required: true },
    event: { type: String, required: true },
    ts: { type: Date, required: true },
    phone: String,
    queue: String,
    agentExtension: String,
    holdTime: String,
    source: { type: String, required: true },
    details: Schema.Types.Mixed,
  },
  collectionOptions('pbx_events'),
);

// A call's events in order (the room's history of the call).
PbxEventSchema.index({ callUniqueId: 1, ts: 1 });
