import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module.js';
import { PushDeliveryModule } from '../../push/push-delivery.module.js';
import { DesktopNotifier } from './desktop-notifier.js';
import { MarkdownParser } from './markdown-parser.service.js';
import { MessageWriter } from './message-writer.service.js';
import { SystemMessages } from './system-messages.service.js';

/** Writing messages and their consequences; used by messaging, rooms and teams (system messages). */
@Module({
  imports: [CommonModule, PushDeliveryModule],
  providers: [MessageWriter, SystemMessages, DesktopNotifier, MarkdownParser],
  exports: [MessageWriter, SystemMessages, MarkdownParser],
})
export class MessageWriterModule {}
