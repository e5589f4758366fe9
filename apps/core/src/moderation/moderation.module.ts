import { Module } from '@nestjs/common';
import { ModerationDataModule } from '@rc/models';
import { CommonModule } from '../common/common.module.js';
import { ModerationController } from './moderation.controller.js';
import { ModerationService } from './moderation.service.js';

/** Reports of messages, blocks between the two users of a direct message, missed messages on reconnection. */
@Module({
  imports: [CommonModule, ModerationDataModule],
  controllers: [ModerationController],
  providers: [ModerationService],
})
export class ModerationModule {}
