import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { customUserStatusDelete, customUserStatusPage, customUserStatusSave, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { CustomUserStatusService } from './custom-user-status.service.js';

type Req<C> = RpcParsedRequest<C>;

@Controller()
export class CustomUserStatusController {
  constructor(private readonly statuses: CustomUserStatusService) {}

  @RpcHandler(customUserStatusPage)
  page(@Payload() { actor: _actor, ...request }: Req<typeof customUserStatusPage>) {
    return this.statuses.page(request);
  }

  @RpcHandler(customUserStatusSave)
  save(@Payload() { actor, ...request }: Req<typeof customUserStatusSave>) {
    return this.statuses.save(actor, request);
  }

  @RpcHandler(customUserStatusDelete)
  delete(@Payload() { actor, statusId }: Req<typeof customUserStatusDelete>) {
    return this.statuses.delete(actor, statusId);
  }
}
