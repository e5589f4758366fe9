import { Module } from '@nestjs/common';
import { CommonModule } from '../common/common.module.js';
import { MessageSearchController } from './message-search.controller.js';
import { MessageSearchService } from './message-search.service.js';

/** Message search: `chat.search` and Rocket.Chat's default search provider (`rocketchatSearch.*`). */
@Module({
  imports: [CommonModule],
  controllers: [MessageSearchController],
  providers: [MessageSearchService],
})
export class MessageSearchModule {}
