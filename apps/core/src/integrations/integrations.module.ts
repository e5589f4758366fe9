import { Module } from '@nestjs/common';
import { IntegrationsDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { IncomingWebhooksService } from './incoming-webhooks.service.js';
import { IntegrationHistoryRecorder } from './integration-history.recorder.js';
import { IntegrationsController } from './integrations.controller.js';
import { IntegrationsService } from './integrations.service.js';
import { OutgoingWebhooksService } from './outgoing-webhooks.service.js';
import { WebhookMessageService } from './webhook-message.service.js';

/** Rocket.Chat's integrations: administration, incoming webhooks and outgoing webhooks. */
@Module({
  imports: [CommonModule, IntegrationsDataModule, MessagingModule],
  controllers: [IntegrationsController],
  providers: [IntegrationsService, IncomingWebhooksService, OutgoingWebhooksService, IntegrationHistoryRecorder, WebhookMessageService],
})
export class IntegrationsModule {}
