import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  livechatDeleteTrigger,
  livechatGetTrigger,
  livechatListTriggers,
  livechatSaveTrigger,
  type RpcParsedRequest as R,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { TriggersService } from './triggers.service.js';
import { PageSize } from '@rc/settings';

@Controller()
export class TriggersController {
  constructor(
    private readonly triggers: TriggersService,
    private readonly pageSize: PageSize,
  ) {}

  @RpcHandler(livechatListTriggers)
  list(@Payload() { actor, offset, count }: R<typeof livechatListTriggers>) {
    return this.triggers.list(actor, offset, this.pageSize.count(count));
  }

  @RpcHandler(livechatGetTrigger)
  get(@Payload() { actor, _id }: R<typeof livechatGetTrigger>) {
    return this.triggers.get(actor, _id);
  }

  @RpcHandler(livechatSaveTrigger)
  async save(@Payload() request: R<typeof livechatSaveTrigger>) {
    await this.triggers.save(request);
    return {};
  }

  @RpcHandler(livechatDeleteTrigger)
  async remove(@Payload() { actor, _id }: R<typeof livechatDeleteTrigger>) {
    await this.triggers.remove(actor, _id);
    return {};
  }
}
