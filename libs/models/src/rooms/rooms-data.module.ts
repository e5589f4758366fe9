import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ROOM_MODEL, RoomSchema } from './room.schema.js';
import { RoomsRepository } from './rooms.repository.js';

@Module({
  imports: [MongooseModule.forFeature([{ name: ROOM_MODEL, schema: RoomSchema }])],
  providers: [RoomsRepository],
  exports: [RoomsRepository],
})
export class RoomsDataModule {}
