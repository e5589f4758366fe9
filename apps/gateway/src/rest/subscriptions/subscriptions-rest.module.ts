import { Module } from '@nestjs/common';
import { SubscriptionsController } from './subscriptions.controller.js';

/** REST `subscriptions.*`. */
@Module({ controllers: [SubscriptionsController] })
export class SubscriptionsRestModule {}
