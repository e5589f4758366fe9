import { Module } from '@nestjs/common';
import { RoomAccessController } from './room-access.controller.js';

/** `authorization.canAccessRoom` for the apps that do not answer it in-process (RoomAccess, @rc/permissions). */
@Module({
  controllers: [RoomAccessController],
})
export class RoomAccessModule {}
