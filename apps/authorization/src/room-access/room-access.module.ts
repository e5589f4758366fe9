import { Module } from '@nestjs/common';
import { RoomsDataModule, SubscriptionsDataModule } from '@rc/models';
import { PermissionsModule } from '../permissions/permissions.module.js';
import { RoomAccessController } from './room-access.controller.js';
import { RoomAccessService } from './room-access.service.js';

@Module({
  imports: [PermissionsModule, RoomsDataModule, SubscriptionsDataModule],
  controllers: [RoomAccessController],
  providers: [RoomAccessService],
})
export class RoomAccessModule {}
