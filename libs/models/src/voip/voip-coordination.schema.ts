import { Schema } from 'mongoose';
import { collectionOptions } from '../common/schema-options.js';

export const VOIP_AGENT_LINE_MODEL = 'VoipAgentLine';
export const VOIP_EVENT_CLAIM_MODEL = 'VoipEventClaim';

/**
 * `voip_agent_lines` (ours): each VoIP agent's line, shared by every instance of the VoIP service. `callId` while a
 * call rings, talks or holds on it (taken atomically: one call per agent, whichever instance routes it), `idleSince`
 * from the end of the last one (the longest idle agent gets the next call).
 */
export interface VoipAgentLine {
  /** The agent's user id. */
  _id: string;
  callId: string | null;
  since?: Date;
  idleSince?: Date;
}

export const VoipAgentLineSchema = new Schema<VoipAgentLine>(
  {
    _id: { type: String, required: true },
    callId: { type: String, default: null },
    since: Date,
    idleSince: Date,
  },
  collectionOptions('voip_agent_lines'),
);

/**
 * `voip_event_claims` (ours): the PBX sends every event to every connected instance; the one that inserts the event's
 * id here handles it, the others drop it. Kept a day.
 */
export interface VoipEventClaim {
  /** The PBX's event id (Kamailio: its start time and a counter). */
  _id: string;
  instance: string;
  ts: Date;
}

export const VoipEventClaimSchema = new Schema<VoipEventClaim>(
  {
    _id: { type: String, required: true },
    instance: { type: String, required: true },
    ts: { type: Date, required: true },
  },
  collectionOptions('voip_event_claims'),
);
VoipEventClaimSchema.index({ ts: 1 }, { expireAfterSeconds: 86_400 });
