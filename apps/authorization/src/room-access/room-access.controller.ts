import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { authorizationCanAccessRoom, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { RoomAccess } from '@rc/permissions';

@Controller()
export class RoomAccessController {
  constructor(private readonly access: RoomAccess) {}

  @RpcHandler(authorizationCanAccessRoom)
  canAccessRoom(@Payload() { userId, roomId }: RpcParsedRequest<typeof authorizationCanAccessRoom>) {
    return this.access.canAccessRoom(userId, roomId);
  }
}
