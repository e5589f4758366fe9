import { Injectable, Module } from '@nestjs/common';
import { InjectModel, MongooseModule } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import type { IMessage } from '@rc/contracts';
import { MESSAGE_MODEL, MessageSchema } from './message.schema.js';

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
 * At most this many records removed a command. The local database runs one command at a time: removing every
 * record finished within 500 ms in one command (250 at 500 msg/s) held its worker ~21 ms, and every command behind
 * it — the sends' inserts among them — waited as long. In chunks, the others go in between.
 */
const REMOVAL_CHUNK = 50;

/** Where the record was kept before 2026-12-03 (a document of its own, two commands per message). */
const LEGACY_COLLECTION = 'rocketnest_member_work';

/** What an older server left in LEGACY_COLLECTION: a message whose member work was not done. */
interface LegacyMemberWorkItem {
  _id: string;
  rid: string;
  due: Date;
}

/**
 * The pending member work of sent messages, kept on the messages themselves: the send writes `_memberWork` (the
 * claim's expiry) with the message's own insert (`MessagesRepository.insert`), the instance that did the work
 * removes it (the messages finished meanwhile together, REMOVAL_CHUNK a command), and any instance's sweep claims
 * an expired one atomically (`findOneAndUpdate` on the sparse `_memberWork` index, as the notification queue's items are).
 */
@Injectable()
export class MemberWorkRepository {
  constructor(@InjectModel(MESSAGE_MODEL) private readonly messages: Model<IMessage>) {}

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
    return claimed && { _id: String(claimed._id), rid: String(claimed.rid), due };
  }

  /**
   * Once, at start: the items an older server left in `rocketnest_member_work` move onto their messages (their
   * claim kept), so the sweep finishes them like any other, and the collection is dropped. Returns how many moved.
   * Nothing is read when the collection does not exist (every start after the first).
   */
  async migrateLegacy(): Promise<number> {
    const db = this.messages.db.db!;
    if ((await db.listCollections({ name: LEGACY_COLLECTION }, { nameOnly: true }).toArray()).length === 0) return 0;
    const legacy = db.collection<LegacyMemberWorkItem>(LEGACY_COLLECTION);
    const items = await legacy.find({}).toArray();
    if (items.length) {
      // Not an edit of the message: `_updatedAt` stays.
      await this.messages.collection.bulkWrite(
        items.map((item) => ({ updateOne: { filter: { _id: item._id as never }, update: { $set: { _memberWork: item.due } } } })),
        { ordered: false },
      );
      await legacy.deleteMany({ _id: { $in: items.map((item) => item._id) } });
    }
    // Only once empty: an item written meanwhile (by an older server still running) waits for the next start.
    if ((await legacy.countDocuments({}, { limit: 1 })) === 0) await legacy.drop();
    return items.length;
  }

  /** Removes the records of finished work, REMOVAL_CHUNK a command, one command after the other. */
  async removeMany(ids: string[]): Promise<void> {
    for (let start = 0; start < ids.length; start += REMOVAL_CHUNK) {
      const chunk = ids.slice(start, start + REMOVAL_CHUNK);
      // Not an edit of the message: `_updatedAt` stays (sync and stream-hub see no change a client would).
      await this.messages.updateMany({ _id: { $in: chunk } }, { $unset: { _memberWork: 1 } }, { timestamps: false }).exec();
    }
  }

  /** Messages whose member work is not done (tests). */
  async count(rid?: string): Promise<number> {
    return this.messages.collection.countDocuments({ _memberWork: { $exists: true }, ...(rid && { rid }) });
  }
}

@Module({
  imports: [MongooseModule.forFeature([{ name: MESSAGE_MODEL, schema: MessageSchema }])],
  providers: [MemberWorkRepository],
  exports: [MemberWorkRepository],
})
export class MemberWorkDataModule {}
