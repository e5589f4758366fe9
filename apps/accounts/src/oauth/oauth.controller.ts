import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { accountsLoginServiceConfigurations, accountsOAuthAuthorize, accountsOAuthCallback, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { LoginServiceConfigurations } from './login-service-configurations.js';
import { OAuthFlowService } from './oauth-flow.service.js';

@Controller()
export class OAuthController {
  constructor(
    private readonly configurations: LoginServiceConfigurations,
    private readonly flow: OAuthFlowService,
  ) {}

  @RpcHandler(accountsLoginServiceConfigurations)
  async list() {
    return { configurations: await this.configurations.publicList() };
  }

  @RpcHandler(accountsOAuthAuthorize)
  authorize(@Payload() { service, clientState }: RpcParsedRequest<typeof accountsOAuthAuthorize>) {
    return this.flow.authorize(service, clientState);
  }

  @RpcHandler(accountsOAuthCallback)
  callback(@Payload() request: RpcParsedRequest<typeof accountsOAuthCallback>) {
    return this.flow.callback(request);
  }
}
