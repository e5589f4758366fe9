import { Module } from '@nestjs/common';
import { MessagesDataModule, RoomsDataModule, SubscriptionsDataModule, TrashDataModule, UsersDataModule } from '@rc/models';
import { AccessService } from './access.service.js';
import { RoomResolver } from './room-resolver.service.js';

/** What every core feature shares: access checks and finding the room a request names. */
@Module({
  imports: [RoomsDataModule, SubscriptionsDataModule, UsersDataModule, MessagesDataModule, TrashDataModule],
  providers: [AccessService, RoomResolver],
  exports: [AccessService, RoomResolver, RoomsDataModule, SubscriptionsDataModule, UsersDataModule, MessagesDataModule, TrashDataModule],
})
export class CommonModule {}
