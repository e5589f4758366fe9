import { Module } from '@nestjs/common';
import { CustomizationsDataModule } from '@rc/models';
import { AppsLinkModule } from '../apps-link/apps-link.module.js';
import { CommonModule } from '../common/common.module.js';
import { RoomsModule } from '../rooms/rooms.module.js';
import { BadWordsService } from './bad-words.service.js';
import { EditMessageService } from './edit-message.service.js';
import { EmojiCatalog } from './emoji-catalog.service.js';
import { MessageActionsService } from './message-actions.service.js';
import { MessageComposer } from './message-composer.service.js';
import { MessageGuard } from './message-guard.service.js';
import { MessageListsService } from './message-lists.service.js';
import { MessagePagesController } from './message-pages.controller.js';
import { MessagePagesService } from './message-pages.service.js';
import { MessageQueriesService } from './message-queries.service.js';
import { MessageSyncService } from './message-sync.service.js';
import { MessagesController } from './messages.controller.js';
import { PostMessageService } from './post-message.service.js';
import { SendMessageService } from './send-message.service.js';
import { FileRemoverModule } from '../uploads/file-remover.module.js';
import { MessageWriterModule } from './writer/message-writer.module.js';

/** Rocket.Chat's Messaging service: sending, editing, deleting, reacting, pinning, starring, reading. */
@Module({
  imports: [CommonModule, MessageWriterModule, RoomsModule, FileRemoverModule, AppsLinkModule, CustomizationsDataModule],
  controllers: [MessagesController, MessagePagesController],
  providers: [
    BadWordsService,
    MessageGuard,
    EmojiCatalog,
    MessageComposer,
    SendMessageService,
    PostMessageService,
    EditMessageService,
    MessageActionsService,
    MessageQueriesService,
    MessagePagesService,
    MessageSyncService,
    MessageListsService,
  ],
  exports: [SendMessageService, EditMessageService, PostMessageService, MessageGuard],
})
export class MessagingModule {}
