import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { USER_MODEL, UserSchema } from '../users/user.schema.js';
import { ROOM_MODEL, RoomSchema } from './room.schema.js';
import { RoomUsersRepository } from './room-users.repository.js';
import { RoomsRepository } from './rooms.repository.js';
import { RoomsStore } from './rooms.store.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: ROOM_MODEL, schema: RoomSchema },
      // Read-only here: the room services look users up (RoomUsersRepository); accounts writes them.
      { name: USER_MODEL, schema: UserSchema },
    ]),
  ],
  providers: [RoomsRepository, RoomsStore, RoomUsersRepository],
  exports: [RoomsRepository, RoomsStore, RoomUsersRepository],
})
export class RoomsDataModule {}
