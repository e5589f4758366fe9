import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { presenceInstances, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { InstancesService } from './instances.service.js';

@Controller()
export class InstancesController {
  constructor(private readonly instances: InstancesService) {}

  @RpcHandler(presenceInstances)
  list(@Payload() { actor }: RpcParsedRequest<typeof presenceInstances>) {
    return this.instances.list(actor);
  }
}
