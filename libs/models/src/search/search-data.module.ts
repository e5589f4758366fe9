import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ROOM_MODEL, RoomSchema } from '../rooms/room.schema.js';
import { SUBSCRIPTION_MODEL, SubscriptionSchema } from '../subscriptions/subscription.schema.js';
import { USER_MODEL, UserSchema } from '../users/user.schema.js';
import { SearchRepository } from './search.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: USER_MODEL, schema: UserSchema },
      { name: ROOM_MODEL, schema: RoomSchema },
      { name: SUBSCRIPTION_MODEL, schema: SubscriptionSchema },
    ]),
  ],
  providers: [SearchRepository],
  exports: [SearchRepository],
})
export class SearchDataModule {}
