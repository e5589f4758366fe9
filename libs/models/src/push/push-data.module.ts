import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { AppTokensRepository } from './app-tokens.repository.js';
import { NotificationQueueRepository } from './notification-queue.repository.js';
import { APP_TOKEN_MODEL, AppTokenSchema, NOTIFICATION_QUEUE_MODEL, NotificationQueueSchema } from './push.schema.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: APP_TOKEN_MODEL, schema: AppTokenSchema },
      { name: NOTIFICATION_QUEUE_MODEL, schema: NotificationQueueSchema },
    ]),
  ],
  providers: [AppTokensRepository, NotificationQueueRepository],
  exports: [AppTokensRepository, NotificationQueueRepository],
})
export class PushDataModule {}
