import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { presenceGetStatus, presenceListUsers, presenceSetStatus, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { PresenceService } from './presence.service.js';

@Controller()
export class StatusController {
  constructor(private readonly presence: PresenceService) {}

  @RpcHandler(presenceSetStatus)
  async setStatus(@Payload() request: RpcParsedRequest<typeof presenceSetStatus>) {
    await this.presence.setStatus(request);
    return { ok: true as const };
  }

  @RpcHandler(presenceGetStatus)
  getStatus(@Payload() request: RpcParsedRequest<typeof presenceGetStatus>) {
    return this.presence.getStatus(request);
  }

  @RpcHandler(presenceListUsers)
  listUsers(@Payload() { ids }: RpcParsedRequest<typeof presenceListUsers>) {
    return this.presence.listUsers(ids);
  }
}
