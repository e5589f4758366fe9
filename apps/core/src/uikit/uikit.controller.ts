import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { uiInteraction, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { UiKitCoreAppService } from './uikit-core-app.service.js';

@Controller()
export class UiKitController {
  constructor(private readonly service: UiKitCoreAppService) {}

  @RpcHandler(uiInteraction)
  interact(@Payload() { actor, appId, interaction }: RpcParsedRequest<typeof uiInteraction>) {
    return this.service.interact(actor, appId, interaction);
  }
}
