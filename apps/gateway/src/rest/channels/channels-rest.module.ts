import { Module } from '@nestjs/common';
import { roomFamilyController } from '../rooms/room-family.controller.js';

/** REST `channels.*`: public channels (Room and Messaging services of core). */
@Module({
  controllers: [roomFamilyController({ prefix: 'channels', t: 'c', one: 'channel', many: 'channels' })],
})
export class ChannelsRestModule {}
