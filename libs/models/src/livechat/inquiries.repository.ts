import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatInquiry } from '@rc/contracts';
import type { Model } from 'mongoose';
import { LIVECHAT_INQUIRY_MODEL } from './livechat.schemas.js';
import type { Paged } from './paged.js';

/** `rocketchat_livechat_inquiry`, owned by omnichannel: the queue; taking one is a single conditional write. */
@Injectable()
export class LivechatInquiriesRepository {
  constructor(@InjectModel(LIVECHAT_INQUIRY_MODEL) private readonly inquiries: Model<ILivechatInquiry>) {}

  async insert(inquiry: Omit<ILivechatInquiry, '_updatedAt'>): Promise<ILivechatInquiry> {
    await this.inquiries.create(inquiry);
    return (await this.findById(inquiry._id))!;
  }

  findById(id: string): Promise<ILivechatInquiry | null> {
    return this.inquiries.findById(id).lean<ILivechatInquiry>().exec();
  }

  findByRid(rid: string): Promise<ILivechatInquiry | null> {
    return this.inquiries.findOne({ rid }).lean<ILivechatInquiry>().exec();
  }

  /**
   * Takes a queued inquiry for an agent: only one caller, on any instance, sees it still `queued` and wins;
   * every other gets `null`.
   */
  claim(id: string, agent: { agentId: string; username: string }, now: Date): Promise<ILivechatInquiry | null> {
    return this.inquiries
      .findOneAndUpdate(
        { _id: id, status: 'queued' },
        { $set: { status: 'taken', takenAt: now, takenBy: agent } },
        { returnDocument: 'after' },
      )
      .lean<ILivechatInquiry>()
      .exec();
  }

  /** Gives a claimed inquiry back to the queue (the agent it was meant for could not take it). */
  async release(id: string, agentId: string): Promise<void> {
    await this.inquiries
      .updateOne(
        { _id: id, status: 'taken', 'takenBy.agentId': agentId },
        { $set: { status: 'queued' }, $unset: { takenAt: 1, takenBy: 1 } },
      )
      .exec();
  }

  /** Back in the queue (a transfer to a department, an agent who left), to be routed again. */
  requeue(rid: string, department: string | undefined, now: Date): Promise<ILivechatInquiry | null> {
    return this.inquiries
      .findOneAndUpdate(
        { rid },
        {
          $set: { status: 'queued', queuedAt: now, ...(department && { department }) },
          $unset: { takenAt: 1, takenBy: 1, ...(!department && {}) },
        },
        { returnDocument: 'after' },
      )
      .lean<ILivechatInquiry>()
      .exec();
  }

  async setTakenBy(rid: string, agent: { agentId: string; username: string }, now: Date): Promise<void> {
    await this.inquiries.updateOne({ rid }, { $set: { status: 'taken', takenAt: now, takenBy: agent } }).exec();
  }

  removeByRid(rid: string): Promise<ILivechatInquiry | null> {
    return this.inquiries.findOneAndDelete({ rid }).lean<ILivechatInquiry>().exec();
  }

  /** Queued inquiries, oldest first; `departments` limits them (`null` in the list: those without one). */
  async queued(departments: Array<string | null> | undefined, offset: number, count: number): Promise<Paged<ILivechatInquiry>> {
    const query: Record<string, unknown> = { status: 'queued' };
    if (departments) {
      const ids = departments.filter((d): d is string => d !== null);
      query.$or = [{ department: { $in: ids } }, ...(departments.includes(null) ? [{ department: { $exists: false } }] : [])];
    }
    const [items, total] = await Promise.all([
      this.inquiries
        .find(query)
        .sort({ queuedAt: 1 })
        .skip(offset)
        .limit(count || 1000)
        .lean<ILivechatInquiry[]>()
        .exec(),
      this.inquiries.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** Position of a queued inquiry (1 = next). */
  async position(inquiry: Pick<ILivechatInquiry, 'queuedAt' | 'department'>): Promise<number> {
    return (
      (await this.inquiries
        .countDocuments({
          status: 'queued',
          queuedAt: { $lt: inquiry.queuedAt },
          ...(inquiry.department && { department: inquiry.department }),
        })
        .exec()) + 1
    );
  }

  /** A contact renamed: the inquiries of its rooms. */
  async renameByRids(rids: string[], name: string): Promise<void> {
    await this.inquiries.updateMany({ rid: { $in: rids } }, { $set: { name } }).exec();
  }
}
