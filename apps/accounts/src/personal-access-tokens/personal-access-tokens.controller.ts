import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  accountsGeneratePersonalAccessToken,
  accountsListPersonalAccessTokens,
  accountsRegeneratePersonalAccessToken,
  accountsRemovePersonalAccessToken,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { PersonalAccessTokensService } from './personal-access-tokens.service.js';

@Controller()
export class PersonalAccessTokensController {
  constructor(private readonly tokens: PersonalAccessTokensService) {}

  @RpcHandler(accountsGeneratePersonalAccessToken)
  generate(@Payload() r: RpcParsedRequest<typeof accountsGeneratePersonalAccessToken>) {
    return this.tokens.generate(r.actor, r.tokenName, r.bypassTwoFactor);
  }

  @RpcHandler(accountsRegeneratePersonalAccessToken)
  regenerate(@Payload() r: RpcParsedRequest<typeof accountsRegeneratePersonalAccessToken>) {
    return this.tokens.regenerate(r.actor, r.tokenName);
  }

  @RpcHandler(accountsRemovePersonalAccessToken)
  remove(@Payload() r: RpcParsedRequest<typeof accountsRemovePersonalAccessToken>) {
    return this.tokens.remove(r.actor, r.tokenName);
  }

  @RpcHandler(accountsListPersonalAccessTokens)
  list(@Payload() r: RpcParsedRequest<typeof accountsListPersonalAccessTokens>) {
    return this.tokens.list(r.actor);
  }
}
