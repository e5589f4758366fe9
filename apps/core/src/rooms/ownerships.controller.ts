import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { roomsRelinquishOwnerships, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { OwnershipRelinquisher } from './ownership-relinquisher.service.js';

/** What accounts asks of rooms before it deactivates a user: the rooms they alone own, handed over. */
@Controller()
export class OwnershipsController {
  constructor(private readonly relinquisher: OwnershipRelinquisher) {}

  @RpcHandler(roomsRelinquishOwnerships)
  relinquish(@Payload() { userId, confirm }: RpcParsedRequest<typeof roomsRelinquishOwnerships>) {
    return this.relinquisher.relinquish(userId, confirm);
  }
}
