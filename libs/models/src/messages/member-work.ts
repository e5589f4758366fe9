import { Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import { Schema, type Model } from 'mongoose';

export const MEMBER_WORK_MODEL = 'MemberWork';

/**
 * A message whose members' work (subscription counters, their events, notifications) is not done yet: written
 * beside the room update before a send answers, removed once the work is done. `due` is when another worker may
 * take it over: the claim's expiry, so the work of an instance that died between the answer and the work resumes.
 */
export interface MemberWorkItem {
  /** The message's `_id` (one item per message). */
  _id: string;
  rid: string;
  due: Date;
  claimedAt: Date;
  attempts?: number;
}

export const MemberWorkSchema = new Schema<MemberWorkItem>(
  {
    _id: { type: String, required: true },
    rid: { type: String, required: true },
    due: { type: Date, required: true },
    claimedAt: { type: Date, required: true },
    attempts: Number,
  },
  { collection: 'rocketnest_member_work', versionKey: false },
);
// The claim: the item due first.
MemberWorkSchema.index({ due: 1 });

/** `rocketnest_member_work`: the pending member work of sent messages, claimed atomically like the notification queue. */
@Injectable()
export class MemberWorkRepository {
  constructor(@InjectModel(MEMBER_WORK_MODEL) private readonly items: Model<MemberWorkItem>) {}

  /** Recorded already claimed by its writer until `lockMs` from now. */
  async insert(messageId: string, rid: string, now: Date, lockMs: number): Promise<void> {
    await this.items.collection.insertOne({ _id: messageId, rid, claimedAt: now, due: new Date(now.getTime() + lockMs) } as never);
  }

  /** Claims the item due first (its claim expired: its worker died); the claim moves `due` to its own expiry. */
  claimNext(now: Date, lockMs: number): Promise<MemberWorkItem | null> {
    return this.items
      .findOneAndUpdate(
        { due: { $lte: now } },
        { $set: { claimedAt: now, due: new Date(now.getTime() + lockMs) }, $inc: { attempts: 1 } },
        { sort: { due: 1 }, returnDocument: 'after' },
      )
      .lean<MemberWorkItem>()
      .exec();
  }

  /** Done: one command for every item finished since the last one. */
  async removeMany(ids: string[]): Promise<void> {
    if (ids.length) await this.items.collection.deleteMany({ _id: { $in: ids } } as never);
  }

  async count(): Promise<number> {
    return this.items.countDocuments().exec();
  }
}

@Module({
  imports: [MongooseModule.forFeature([{ name: MEMBER_WORK_MODEL, schema: MemberWorkSchema }])],
  providers: [MemberWorkRepository],
  exports: [MemberWorkRepository],
})
export class MemberWorkDataModule {}
