import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/duplicate-key.js';
import { VOIP_AGENT_LINE_MODEL, VOIP_EVENT_CLAIM_MODEL, type VoipAgentLine, type VoipEventClaim } from './voip-coordination.schema.js';

/** What the instances of the VoIP service share to act once: agents' lines and PBX events claimed atomically. */
@Injectable()
export class VoipCoordinationRepository {
  constructor(
    @InjectModel(VOIP_AGENT_LINE_MODEL) private readonly lines: Model<VoipAgentLine>,
    @InjectModel(VOIP_EVENT_CLAIM_MODEL) private readonly claims: Model<VoipEventClaim>,
  ) {}

  /** Whether this instance is the one to handle the PBX event `id` (the first to claim it). */
  async claimEvent(id: string, instance: string): Promise<boolean> {
    try {
      await this.claims.create({ _id: id, instance, ts: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Takes the agent's line for `callId`; false when another call holds it. */
  async takeLine(agentId: string, callId: string): Promise<boolean> {
    try {
      const result = await this.lines
        .updateOne({ _id: agentId, callId: null }, { $set: { callId, since: new Date() } }, { upsert: true })
        .exec();
      return result.matchedCount === 1 || result.upsertedCount === 1;
    } catch (error) {
      // The upsert's insert collides with the agent's line held by another call.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /** Frees the agent's line if `callId` holds it; `idle`: the agent was on the call (idle from now on). */
  async releaseLine(agentId: string, callId: string, idle = true): Promise<void> {
    await this.lines
      .updateOne({ _id: agentId, callId }, { $set: { callId: null, ...(idle && { idleSince: new Date() }) }, $unset: { since: 1 } })
      .exec();
  }

  async lineStates(): Promise<{ busy: Map<string, string>; idleSince: Map<string, number> }> {
    const all = await this.lines.find().lean<VoipAgentLine[]>().exec();
    return {
      busy: new Map(all.filter((line) => line.callId).map((line) => [line._id, line.callId!])),
      idleSince: new Map(all.filter((line) => line.idleSince).map((line) => [line._id, line.idleSince!.getTime()])),
    };
  }
}
