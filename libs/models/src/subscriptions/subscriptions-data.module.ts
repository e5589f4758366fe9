import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SUBSCRIPTION_MODEL, SubscriptionSchema } from './subscription.schema.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';
import { SubscriptionsStore } from './subscriptions.store.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: SUBSCRIPTION_MODEL, schema: SubscriptionSchema }])],
  providers: [SubscriptionsRepository, SubscriptionsStore],
  exports: [SubscriptionsRepository, SubscriptionsStore],
})
export class SubscriptionsDataModule {}
