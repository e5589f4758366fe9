import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { RoomChanges } from './room-changes.js';
import { ROOM_MODEL, RoomSchema } from './room.schema.js';
import { RoomsRepository } from './rooms.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: ROOM_MODEL, schema: RoomSchema }])],
  providers: [RoomsRepository, RoomChanges],
  exports: [RoomsRepository, RoomChanges],
})
export class RoomsDataModule {}
