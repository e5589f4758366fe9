import { Module } from '@nestjs/common';
import { MessagesDataModule, RoomsDataModule, SubscriptionsDataModule, TrashDataModule, UsersDataModule } from '@rc/models';
import { AccessService } from './access.service.js';
import { CoreStorage } from './core-storage.js';
import { EphemeralMessages } from '../common/ephemeral-messages.js';
import { RoomResolver } from './room-resolver.service.js';
import { SenderCache } from './sender-cache.service.js';

/** What every core feature shares: access checks, finding the room a request names, the storage drivers, the senders held. */
@Module({
  imports: [RoomsDataModule, SubscriptionsDataModule, UsersDataModule, MessagesDataModule, TrashDataModule],
  providers: [AccessService, RoomResolver, CoreStorage, SenderCache, EphemeralMessages],
  exports: [
    EphemeralMessages,
    AccessService,
    RoomResolver,
    CoreStorage,
    SenderCache,
    RoomsDataModule,
    SubscriptionsDataModule,
    UsersDataModule,
    MessagesDataModule,
    TrashDataModule,
  ],
})
export class CommonModule {}
