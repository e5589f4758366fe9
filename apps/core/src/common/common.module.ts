import { Module } from '@nestjs/common';
import { MessagesDataModule, RoomsDataModule, SubscriptionsDataModule, TrashDataModule } from '@rc/models';
import { AccessService } from './access.service.js';
import { RoomResolver } from './room-resolver.service.js';

/** What every core feature shares: access checks and finding the room a request names. */
@Module({
  imports: [RoomsDataModule, SubscriptionsDataModule, MessagesDataModule, TrashDataModule],
  providers: [AccessService, RoomResolver],
  exports: [AccessService, RoomResolver, RoomsDataModule, SubscriptionsDataModule, MessagesDataModule, TrashDataModule],
})
export class CommonModule {}
