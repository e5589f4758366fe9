import { Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Schema, type Model } from 'mongoose';
import type { IMessage } from '@rc/contracts';
import { MESSAGE_MODEL, MessageSchema } from './message.schema.js';

export const MEMBER_WORK_MODEL = 'MemberWork';

/**
 * A message whose members' work (subscription counters, their events, notifications) is not done yet. `due` is
 * when another worker may take it over: the claim's expiry, so the work of an instance that died between the
 * answer and the work resumes.
 */
export interface MemberWorkItem {
  /** The message's `_id` (one item per message). */
  _id: string;
  rid: string;
  due: Date;
}

/**
 * Before 2026-12-03 the record was a document of its own in `rocketnest_member_work`, inserted beside the room
 * update and deleted after the work: two commands per message. Items an older server left there are still
 * taken over by the sweep.
 */
interface LegacyMemberWorkItem {
  _id: string;
  rid: string;
  due: Date;
  claimedAt: Date;
  attempts?: number;
}

const LegacyMemberWorkSchema = new Schema<LegacyMemberWorkItem>(
  {
    _id: { type: String, required: true },
    rid: { type: String, required: true },
    due: { type: Date, required: true },
    claimedAt: { type: Date, required: true },
    attempts: Number,
  },
  { collection: 'rocketnest_member_work', versionKey: false },
);
LegacyMemberWorkSchema.index({ due: 1 });

/**
 * The pending member work of sent messages, kept on the messages themselves: the send writes `_memberWork` (the
 * claim's expiry) with the message's own insert (`MessagesRepository.insert`), the instance that did the work
 * removes it (one command for every message finished meanwhile), and any instance's sweep claims an expired one
 * atomically (`findOneAndUpdate` on the sparse `_memberWork` index, as the notification queue's items are).
 */
@Injectable()
export class MemberWorkRepository {
  constructor(
    @InjectModel(MESSAGE_MODEL) private readonly messages: Model<IMessage>,
    @InjectModel(MEMBER_WORK_MODEL) private readonly legacy: Model<LegacyMemberWorkItem>,
  ) {}

  /** The record as the message's insert writes it: claimed by the writer until `lockMs` from now. */
  static due(now: Date, lockMs: number): Date {
    return new Date(now.getTime() + lockMs);
  }

  /** Claims the message due first (its claim expired: its worker died); the claim moves its due to its own expiry. */
  async claimNext(now: Date, lockMs: number): Promise<MemberWorkItem | null> {
    const due = MemberWorkRepository.due(now, lockMs);
    const claimed = await this.messages.collection.findOneAndUpdate(
      { _memberWork: { $lte: now } },
      { $set: { _memberWork: due } },
      { sort: { _memberWork: 1 }, projection: { _id: 1, rid: 1 }, returnDocument: 'after' },
    );
    if (claimed) return { _id: String(claimed._id), rid: String(claimed.rid), due };
    const old = await this.legacy
      .findOneAndUpdate({ due: { $lte: now } }, { $set: { claimedAt: now, due } }, { sort: { due: 1 }, returnDocument: 'after' })
      .lean<LegacyMemberWorkItem>()
      .exec();
    if (!old) return null;
    // Moved onto its message (if still there), so that it is finished like any other.
    await this.messages.updateOne({ _id: old._id }, { $set: { _memberWork: due } }, { timestamps: false }).exec();
    await this.legacy.deleteOne({ _id: old._id }).exec();
    return { _id: old._id, rid: old.rid, due };
  }

  /** Done: one command for every message finished since the last one. */
  async removeMany(ids: string[]): Promise<void> {
    // Not an edit of the message: `_updatedAt` stays (sync and stream-hub see no change a client would).
    if (ids.length) await this.messages.updateMany({ _id: { $in: ids } }, { $unset: { _memberWork: 1 } }, { timestamps: false }).exec();
  }

  /** Messages whose member work is not done (tests). */
  async count(rid?: string): Promise<number> {
    return this.messages.collection.countDocuments({ _memberWork: { $exists: true }, ...(rid && { rid }) });
  }
}

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: MESSAGE_MODEL, schema: MessageSchema },
      { name: MEMBER_WORK_MODEL, schema: LegacyMemberWorkSchema },
    ]),
  ],
  providers: [MemberWorkRepository],
  exports: [MemberWorkRepository],
})
export class MemberWorkDataModule {}
