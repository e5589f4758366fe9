import { Module } from '@nestjs/common';
import { CommonModule } from '../../common/common.module.js';
import { PushDeliveryModule } from '../../push/push-delivery.module.js';
import { MemberWorkDataModule } from '@rc/models';
import { CorePeers } from './core-peers.js';
import { DesktopNotifier } from './desktop-notifier.js';
import { DesktopReceiverCache } from './desktop-receiver-cache.js';
import { MarkdownParser } from './markdown-parser.service.js';
import { MemberWork } from './member-work.service.js';
import { MessageWriter } from './message-writer.service.js';
import { SystemMessages } from './system-messages.service.js';

/** Writing messages and their consequences; used by messaging, rooms and teams (system messages). */
@Module({
  imports: [CommonModule, PushDeliveryModule, MemberWorkDataModule],
  providers: [MessageWriter, MemberWork, CorePeers, SystemMessages, DesktopNotifier, DesktopReceiverCache, MarkdownParser],
  exports: [MessageWriter, MemberWork, SystemMessages, MarkdownParser],
})
export class MessageWriterModule {}
