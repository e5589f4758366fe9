import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { INps, INpsVote, NpsStatus, NpsVoteStatus } from '@rc/contracts';
import type { Model } from 'mongoose';
import { randomId } from '../common/random-id.js';
import { NPS_MODEL, NPS_VOTE_MODEL } from './nps.schema.js';

/** `rocketchat_nps`, owned by core's NPS service. */
@Injectable()
export class NpsRepository {
  constructor(@InjectModel(NPS_MODEL) private readonly surveys: Model<INps>) {}

  findById(id: string): Promise<INps | null> {
    return this.surveys.findById(id).lean<INps>().exec();
  }

  async insert(survey: Omit<INps, '_updatedAt'>): Promise<INps> {
    await this.surveys.create(survey);
    return (await this.findById(survey._id))!;
  }

  async closeAllOpen(): Promise<number> {
    const result = await this.surveys.updateMany({ status: 'open' }, { $set: { status: 'closed' } }).exec();
    return result.modifiedCount;
  }

  /** Claims one open survey past its expiry for sending (Rocket.Chat's `getOpenExpiredAndStartSending`). */
  claimExpiredForSending(now: Date): Promise<INps | null> {
    return this.surveys
      .findOneAndUpdate({ status: 'open', expireAt: { $lte: now } }, { $set: { status: 'sending' } }, { returnDocument: 'after' })
      .lean<INps>()
      .exec();
  }

  async setStatus(id: string, status: NpsStatus): Promise<void> {
    await this.surveys.updateOne({ _id: id }, { $set: { status } }).exec();
  }
}

export type NpsBallot = Pick<INpsVote, 'npsId' | 'identifier' | 'roles' | 'score' | 'comment'>;

/** `rocketchat_nps_vote`. */
@Injectable()
export class NpsVotesRepository {
  constructor(@InjectModel(NPS_VOTE_MODEL) private readonly votes: Model<INpsVote>) {}

  findOne(npsId: string, identifier: string): Promise<INpsVote | null> {
    return this.votes.findOne({ npsId, identifier }).lean<INpsVote>().exec();
  }

  /** Rocket.Chat's `NpsVote.save`: one vote per voter, replaced by a changed vote (back to `new`, to be sent). */
  async save(ballot: NpsBallot, now: Date): Promise<void> {
    await this.votes
      .updateOne(
        { npsId: ballot.npsId, identifier: ballot.identifier },
        { $set: { ...ballot, ts: now, status: 'new' }, $setOnInsert: { _id: randomId() }, $unset: { sentAt: 1 } },
        { upsert: true },
      )
      .exec();
  }

  /** Each score with its number of votes. */
  async countByScore(npsId: string): Promise<Map<number, number>> {
    const rows = await this.votes.find({ npsId }, { score: 1, _id: 0 }).lean<Array<Pick<INpsVote, 'score'>>>().exec();
    const counts = new Map<number, number>();
    for (const { score } of rows) counts.set(score, (counts.get(score) ?? 0) + 1);
    return counts;
  }

  count(npsId: string): Promise<number> {
    return this.votes.countDocuments({ npsId }).exec();
  }

  findByStatus(npsId: string, status: NpsVoteStatus): Promise<INpsVote[]> {
    return this.votes.find({ npsId, status }).lean<INpsVote[]>().exec();
  }

  async setStatus(ids: string[], status: NpsVoteStatus, sentAt?: Date): Promise<void> {
    await this.votes.updateMany({ _id: { $in: ids } }, sentAt ? { $set: { status, sentAt } } : { $set: { status } }).exec();
  }
}
