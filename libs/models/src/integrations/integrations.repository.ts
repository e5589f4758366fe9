import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { IIntegration, IIntegrationHistory, IOutgoingIntegration } from '@rc/contracts';
import type { Model } from 'mongoose';
import { INTEGRATION_HISTORY_MODEL, INTEGRATION_MODEL } from './integration.schema.js';

export type IntegrationQuery = Record<string, unknown>;

/** `rocketchat_integrations`, owned by core's integrations feature. */
@Injectable()
export class IntegrationsRepository {
  constructor(@InjectModel(INTEGRATION_MODEL) private readonly integrations: Model<IIntegration>) {}

  findById(id: string): Promise<IIntegration | null> {
    return this.integrations.findById(id).lean<IIntegration>().exec();
  }

  findOne(query: IntegrationQuery): Promise<IIntegration | null> {
    return this.integrations.findOne(query).lean<IIntegration>().exec();
  }

  async insert(integration: Omit<IIntegration, '_updatedAt'>): Promise<IIntegration> {
    await this.integrations.create(integration);
    return (await this.findById(integration._id))!;
  }

  update(id: string, set: Record<string, unknown>, unset: string[] = []): Promise<IIntegration | null> {
    return this.integrations
      .findOneAndUpdate(
        { _id: id },
        { $set: set, ...(unset.length > 0 && { $unset: Object.fromEntries(unset.map((key) => [key, 1])) }) },
        { returnDocument: 'after' },
      )
      .lean<IIntegration>()
      .exec();
  }

  async delete(id: string): Promise<void> {
    await this.integrations.deleteOne({ _id: id }).exec();
  }

  page(query: IntegrationQuery, offset: number, count: number): Promise<IIntegration[]> {
    return this.integrations.find(query).sort({ _createdAt: -1 }).skip(offset).limit(count).lean<IIntegration[]>().exec();
  }

  count(query: IntegrationQuery): Promise<number> {
    return this.integrations.countDocuments(query).exec();
  }

  /** Every outgoing webhook (the trigger table each core instance holds). */
  findOutgoing(): Promise<IOutgoingIntegration[]> {
    return this.integrations.find({ type: 'webhook-outgoing' }).lean<IOutgoingIntegration[]>().exec();
  }
}

/** `rocketchat_integration_history`. */
@Injectable()
export class IntegrationHistoryRepository {
  constructor(@InjectModel(INTEGRATION_HISTORY_MODEL) private readonly history: Model<IIntegrationHistory>) {}

  async insert(entry: Omit<IIntegrationHistory, '_updatedAt'>): Promise<IIntegrationHistory> {
    await this.history.create(entry);
    return (await this.findById(entry._id))!;
  }

  findById(id: string): Promise<IIntegrationHistory | null> {
    return this.history.findById(id).lean<IIntegrationHistory>().exec();
  }

  update(id: string, set: Record<string, unknown>): Promise<IIntegrationHistory | null> {
    return this.history.findOneAndUpdate({ _id: id }, { $set: set }, { returnDocument: 'after' }).lean<IIntegrationHistory>().exec();
  }

  page(query: IntegrationQuery, offset: number, count: number): Promise<IIntegrationHistory[]> {
    return this.history.find(query).sort({ _updatedAt: -1 }).skip(offset).limit(count).lean<IIntegrationHistory[]>().exec();
  }

  count(query: IntegrationQuery): Promise<number> {
    return this.history.countDocuments(query).exec();
  }

  async removeByIntegration(integrationId: string): Promise<void> {
    await this.history.deleteMany({ 'integration._id': integrationId }).exec();
  }
}
