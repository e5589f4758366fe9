import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { SUBSCRIPTION_MODEL, SubscriptionSchema } from './subscription.schema.js';
import { SubscriptionsRepository } from './subscriptions.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: SUBSCRIPTION_MODEL, schema: SubscriptionSchema }])],
  providers: [SubscriptionsRepository],
  exports: [SubscriptionsRepository],
})
export class SubscriptionsDataModule {}
