import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatTrigger } from '@rc/contracts';
import type { Model } from 'mongoose';
import { randomId } from '../common/random-id.js';
import { LIVECHAT_TRIGGER_MODEL } from './livechat.schemas.js';
import type { Paged } from './paged.js';

export type LivechatTriggerData = Omit<ILivechatTrigger, '_id' | '_updatedAt'>;

/** `rocketchat_livechat_trigger` (administered by managers, read by the widget's config), owned by omnichannel. */
@Injectable()
export class LivechatTriggersRepository {
  constructor(@InjectModel(LIVECHAT_TRIGGER_MODEL) private readonly triggers: Model<ILivechatTrigger>) {}

  enabled(): Promise<ILivechatTrigger[]> {
    return this.triggers.find({ enabled: true }).sort({ name: 1 }).lean<ILivechatTrigger[]>().exec();
  }

  findById(id: string): Promise<ILivechatTrigger | null> {
    return this.triggers.findById(id).lean<ILivechatTrigger>().exec();
  }

  async page(offset: number, count: number): Promise<Paged<ILivechatTrigger>> {
    const [items, total] = await Promise.all([
      this.triggers
        .find()
        .sort({ name: 1 })
        .skip(offset)
        .limit(count || 50)
        .lean<ILivechatTrigger[]>()
        .exec(),
      this.triggers.countDocuments().exec(),
    ]);
    return { items, total };
  }

  async insert(data: LivechatTriggerData): Promise<ILivechatTrigger> {
    const _id = randomId();
    await this.triggers.create({ _id, ...data });
    return (await this.findById(_id))!;
  }

  /** Replaces a trigger's fields; `null` when there is none of that id. */
  update(id: string, data: LivechatTriggerData): Promise<ILivechatTrigger | null> {
    return this.triggers.findOneAndUpdate({ _id: id }, { $set: data }, { returnDocument: 'after' }).lean<ILivechatTrigger>().exec();
  }

  async remove(id: string): Promise<boolean> {
    return (await this.triggers.deleteOne({ _id: id }).exec()).deletedCount === 1;
  }
}
