import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { voipClientEvent, voipRoom, voipRoomClose, voipRooms, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { VoipRoomsService } from './voip-rooms.service.js';

@Controller()
export class VoipRoomsController {
  constructor(private readonly rooms: VoipRoomsService) {}

  @RpcHandler(voipRoom)
  room(@Payload() { actor, ...request }: RpcParsedRequest<typeof voipRoom>) {
    return this.rooms.room(actor, request);
  }

  @RpcHandler(voipRooms)
  list(@Payload() request: RpcParsedRequest<typeof voipRooms>) {
    return this.rooms.list(request);
  }

  @RpcHandler(voipRoomClose)
  close(@Payload() { actor, rid, token, options }: RpcParsedRequest<typeof voipRoomClose>) {
    return this.rooms.close(actor, rid, token, options);
  }

  @RpcHandler(voipClientEvent)
  clientEvent(@Payload() { actor, rid, event, comment }: RpcParsedRequest<typeof voipClientEvent>) {
    return this.rooms.clientEvent(actor, rid, event, comment);
  }
}
