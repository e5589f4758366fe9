import { Body, Get, HttpCode, Post } from '@nestjs/common';
import {
  accountsGeneratePersonalAccessToken,
  accountsListPersonalAccessTokens,
  accountsRegeneratePersonalAccessToken,
  accountsRemovePersonalAccessToken,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { body } from '../common/rest-params.js';

/** Rocket.Chat's personal access token endpoints; the token itself appears only in generate/regenerate. */
@RestController()
export class PersonalAccessTokensController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('users.generatePersonalAccessToken')
  @HttpCode(200)
  generate(@Body() input: unknown, @CurrentActor() actor: Actor) {
    const payload = { ...body(input), actor } as RpcRequest<typeof accountsGeneratePersonalAccessToken>;
    return this.rpc.request(accountsGeneratePersonalAccessToken, payload);
  }

  @Post('users.regeneratePersonalAccessToken')
  @HttpCode(200)
  regenerate(@Body() input: unknown, @CurrentActor() actor: Actor) {
    const payload = { ...body(input), actor } as RpcRequest<typeof accountsRegeneratePersonalAccessToken>;
    return this.rpc.request(accountsRegeneratePersonalAccessToken, payload);
  }

  @Post('users.removePersonalAccessToken')
  @HttpCode(200)
  async remove(@Body() input: unknown, @CurrentActor() actor: Actor) {
    const payload = { ...body(input), actor } as RpcRequest<typeof accountsRemovePersonalAccessToken>;
    await this.rpc.request(accountsRemovePersonalAccessToken, payload);
    return {};
  }

  @Get('users.getPersonalAccessTokens')
  list(@CurrentActor() actor: Actor) {
    return this.rpc.request(accountsListPersonalAccessTokens, { actor });
  }
}
