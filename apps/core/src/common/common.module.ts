import { Module } from '@nestjs/common';
import { MessagesDataModule, RoomsDataModule, SubscriptionsDataModule, TrashDataModule, UsersDataModule } from '@rc/models';
import { AccessService } from './access.service.js';
import { CoreStorage } from './core-storage.js';
import { EphemeralMessages } from '../common/ephemeral-messages.js';
import { RoomCache } from './room-cache.service.js';
import { RoomResolver } from './room-resolver.service.js';
import { SenderCache } from './sender-cache.service.js';

/**
 * What every core feature shares: access checks, finding the room a request names, the storage drivers, the senders
 * and rooms held.
 */
@Module({
  imports: [RoomsDataModule, SubscriptionsDataModule, UsersDataModule, MessagesDataModule, TrashDataModule],
  providers: [AccessService, RoomResolver, CoreStorage, SenderCache, RoomCache, EphemeralMessages],
  exports: [
    EphemeralMessages,
    AccessService,
    RoomResolver,
    CoreStorage,
    SenderCache,
    RoomCache,
    RoomsDataModule,
    SubscriptionsDataModule,
    UsersDataModule,
    MessagesDataModule,
    TrashDataModule,
  ],
})
export class CommonModule {}
