import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { MESSAGE_MODEL, MessageSchema } from './message.schema.js';
import { MessagesRepository } from './messages.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: MESSAGE_MODEL, schema: MessageSchema }])],
  providers: [MessagesRepository],
  exports: [MessagesRepository],
})
export class MessagesDataModule {}
