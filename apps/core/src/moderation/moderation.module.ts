import { Module } from '@nestjs/common';
import { ModerationDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { ModerationController } from './moderation.controller.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { ModerationConsoleService } from './moderation-console.service.js';
import { ModerationService } from './moderation.service.js';

/** Reports of messages and users and the moderation console over them, blocks between the two users of a direct message, missed messages on reconnection. */
@Module({
  imports: [CommonModule, ModerationDataModule, MessagingModule],
  controllers: [ModerationController],
  providers: [ModerationService, ModerationConsoleService],
})
export class ModerationModule {}
