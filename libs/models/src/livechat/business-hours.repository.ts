import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatBusinessHour } from '@rc/contracts';
import type { Model } from 'mongoose';
import { isDuplicateKeyError } from '../common/duplicate-key.js';
import { LIVECHAT_BUSINESS_HOUR_MODEL } from './livechat.schemas.js';
import type { Paged } from './paged.js';

const DEFAULT_BUSINESS_HOUR_ID = 'livechat-default-business-hour';

/** `rocketchat_livechat_business_hours`, owned by omnichannel (the default business hour: `type: 'default'`). */
@Injectable()
export class LivechatBusinessHoursRepository {
  constructor(@InjectModel(LIVECHAT_BUSINESS_HOUR_MODEL) private readonly hours: Model<ILivechatBusinessHour>) {}

  findDefault(): Promise<ILivechatBusinessHour | null> {
    return this.hours.findOne({ type: 'default' }).lean<ILivechatBusinessHour>().exec();
  }

  findById(id: string): Promise<ILivechatBusinessHour | null> {
    return this.hours.findById(id).lean<ILivechatBusinessHour>().exec();
  }

  /**
   * Creates the default business hour unless one exists. The one this server creates has a fixed `_id`, so
   * instances starting together create it once (the loser of the race reads the winner's).
   */
  async ensureDefault(data: Omit<ILivechatBusinessHour, '_id' | '_updatedAt' | 'type'>): Promise<ILivechatBusinessHour> {
    const existing = await this.findDefault();
    if (existing) return existing;
    try {
      await this.hours.create({ _id: DEFAULT_BUSINESS_HOUR_ID, type: 'default', ...data });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    return (await this.findDefault())!;
  }

  update(id: string, set: Partial<Omit<ILivechatBusinessHour, '_id' | '_updatedAt' | 'type'>>): Promise<ILivechatBusinessHour | null> {
    return this.hours.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<ILivechatBusinessHour>().exec();
  }

  async page(filter: { name?: string; type?: string }, offset: number, count: number): Promise<Paged<ILivechatBusinessHour>> {
    const query: Record<string, unknown> = {};
    if (filter.name) query.name = filter.name;
    if (filter.type) query.type = filter.type;
    const [items, total] = await Promise.all([
      this.hours
        .find(query)
        .sort({ name: 1 })
        .skip(offset)
        .limit(count || 50)
        .lean<ILivechatBusinessHour[]>()
        .exec(),
      this.hours.countDocuments(query).exec(),
    ]);
    return { items, total };
  }
}
