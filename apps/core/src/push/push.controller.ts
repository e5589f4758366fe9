import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { pushGet, pushInfo, pushSetUser, pushTest, pushTokenRemove, pushTokenSave, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { PushService } from './push.service.js';

@Controller()
export class PushController {
  constructor(private readonly push: PushService) {}

  @RpcHandler(pushTokenSave)
  saveToken(@Payload() { actor, ...input }: RpcParsedRequest<typeof pushTokenSave>) {
    return this.push.saveToken(actor, input);
  }

  @RpcHandler(pushTokenRemove)
  removeToken(@Payload() { actor, token }: RpcParsedRequest<typeof pushTokenRemove>) {
    return this.push.removeToken(actor, token);
  }

  @RpcHandler(pushSetUser)
  setUser(@Payload() { actor, id }: RpcParsedRequest<typeof pushSetUser>) {
    return this.push.setUser(actor, id);
  }

  @RpcHandler(pushGet)
  get(@Payload() { actor, id }: RpcParsedRequest<typeof pushGet>) {
    return this.push.get(actor, id);
  }

  @RpcHandler(pushInfo)
  info() {
    return this.push.info();
  }

  @RpcHandler(pushTest)
  test(@Payload() { actor }: RpcParsedRequest<typeof pushTest>) {
    return this.push.test(actor);
  }
}
