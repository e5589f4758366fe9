import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { ISubscription } from '@rc/contracts';
import type { Model } from 'mongoose';
import { SUBSCRIPTION_MODEL } from './subscription.schema.js';

@Injectable()
export class SubscriptionsRepository {
  constructor(@InjectModel(SUBSCRIPTION_MODEL) private readonly subscriptions: Model<ISubscription>) {}

  findByRoomAndUser(rid: string, userId: string): Promise<ISubscription | null> {
    return this.subscriptions.findOne({ rid, 'u._id': userId }).lean<ISubscription>().exec();
  }
}
