import { Module } from '@nestjs/common';
import { PresenceController } from './presence.controller.js';

/** REST `users.setStatus`, `users.getStatus`, `users.presence` (presence service). */
@Module({
  controllers: [PresenceController],
})
export class PresenceRestModule {}
