import { Module } from '@nestjs/common';
import { MailerModule } from '@rc/mailer';
import { PushDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { NotificationQueueWorker } from './notification-queue.worker.js';
import { PushNotifier } from './push-notifier.service.js';
import { PushSender } from './push-sender.service.js';
import { PushTokenCache } from './push-token-cache.service.js';
import { ApnProvider } from './providers/apn.provider.js';
import { FcmProvider } from './providers/fcm.provider.js';
import { GatewayProvider } from './providers/gateway.provider.js';

/** Queueing and sending pushes and offline e-mails: imported by the message writer (PushNotifier) and the push endpoints (PushSender). */
@Module({
  imports: [CommonModule, PushDataModule, MailerModule],
  providers: [PushNotifier, PushSender, PushTokenCache, NotificationQueueWorker, GatewayProvider, FcmProvider, ApnProvider],
  exports: [PushNotifier, PushSender, PushTokenCache, PushDataModule],
})
export class PushDeliveryModule {}
