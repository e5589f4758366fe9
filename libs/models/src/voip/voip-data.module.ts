import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { ROOM_MODEL, RoomSchema } from '../rooms/room.schema.js';
import { USER_MODEL, UserSchema } from '../users/user.schema.js';
import { PBX_EVENT_MODEL, PbxEventSchema } from './pbx-event.schema.js';
import { PbxEventsRepository } from './pbx-events.repository.js';
import { VoipAgentsRepository } from './voip-agents.repository.js';
import { VoipRoomsRepository } from './voip-rooms.repository.js';

@Module({
  imports: [
    MongooseModule.forFeature([
      { name: USER_MODEL, schema: UserSchema },
      { name: ROOM_MODEL, schema: RoomSchema },
      { name: PBX_EVENT_MODEL, schema: PbxEventSchema },
    ]),
  ],
  providers: [VoipAgentsRepository, VoipRoomsRepository, PbxEventsRepository],
  exports: [VoipAgentsRepository, VoipRoomsRepository, PbxEventsRepository],
})
export class VoipDataModule {}
