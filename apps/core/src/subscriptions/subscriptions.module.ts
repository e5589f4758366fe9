import { Module } from '@nestjs/common';
import { PushDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { SubscriptionsController } from './subscriptions.controller.js';
import { SubscriptionsService } from './subscriptions.service.js';

@Module({
  imports: [CommonModule, PushDataModule],
  controllers: [SubscriptionsController],
  providers: [SubscriptionsService],
})
export class SubscriptionsModule {}
