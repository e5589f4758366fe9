import { Module } from '@nestjs/common';
import { ChatController } from './chat.controller.js';

/** REST `chat.*`. */
@Module({ controllers: [ChatController] })
export class ChatRestModule {}
