import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ILivechatDepartment } from '@rc/contracts';
import type { Model } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { randomId } from '../common/random-id.js';
import { LIVECHAT_DEPARTMENT_MODEL } from './livechat.schemas.js';
import type { Paged } from './paged.js';

/** `rocketchat_livechat_department`, owned by omnichannel. */
@Injectable()
export class LivechatDepartmentsRepository {
  constructor(@InjectModel(LIVECHAT_DEPARTMENT_MODEL) private readonly departments: Model<ILivechatDepartment>) {}

  findById(id: string): Promise<ILivechatDepartment | null> {
    return this.departments.findById(id).lean<ILivechatDepartment>().exec();
  }

  findByIds(ids: string[]): Promise<ILivechatDepartment[]> {
    return this.departments
      .find({ _id: { $in: ids } })
      .lean<ILivechatDepartment[]>()
      .exec();
  }

  findByIdOrName(value: string): Promise<ILivechatDepartment | null> {
    return this.departments
      .findOne({ $or: [{ _id: value }, { name: value }] })
      .lean<ILivechatDepartment>()
      .exec();
  }

  async save(id: string | undefined, data: Omit<ILivechatDepartment, '_id' | '_updatedAt' | 'numAgents'>): Promise<ILivechatDepartment> {
    const _id = id ?? randomId();
    await this.departments.updateOne({ _id }, { $set: data, $setOnInsert: { numAgents: 0 } }, { upsert: true }).exec();
    return (await this.findById(_id))!;
  }

  async remove(id: string): Promise<boolean> {
    return (await this.departments.deleteOne({ _id: id }).exec()).deletedCount === 1;
  }

  async setNumAgents(id: string, numAgents: number): Promise<void> {
    await this.departments.updateOne({ _id: id }, { $set: { numAgents } }).exec();
  }

  async page(filter: { text?: string; enabled?: boolean }, offset: number, count: number): Promise<Paged<ILivechatDepartment>> {
    const query: Record<string, unknown> = {};
    if (filter.text) query.name = new RegExp(escapeRegExp(filter.text), 'i');
    if (filter.enabled !== undefined) query.enabled = filter.enabled;
    const [items, total] = await Promise.all([
      this.departments
        .find(query)
        .sort({ name: 1 })
        .skip(offset)
        .limit(count || 1000)
        .lean<ILivechatDepartment[]>()
        .exec(),
      this.departments.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  enabledForRegistration(): Promise<ILivechatDepartment[]> {
    return this.departments.find({ enabled: true }).sort({ name: 1 }).lean<ILivechatDepartment[]>().exec();
  }
}
