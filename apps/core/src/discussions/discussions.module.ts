import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module.js';
import { MessagingModule } from '../messaging/messaging.module.js';
import { MessageWriterModule } from '../messaging/writer/message-writer.module.js';
import { DiscussionsController } from './discussions.controller.js';
import { DiscussionsService } from './discussions.service.js';

/** Discussions: rooms under a parent room, started from it or from one of its messages. */
@Module({
  imports: [CommonModule, MessageWriterModule, MessagingModule],
  controllers: [DiscussionsController],
  providers: [DiscussionsService],
})
export class DiscussionsModule {}
