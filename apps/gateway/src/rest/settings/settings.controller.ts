import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { DomainError, ErrorCode, settingsGet, settingsListPublic, settingsUpdate, type Actor, type RpcRequest } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor, Public } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { body, page, pagination, type Params } from '../common/rest-params.js';

/** REST settings: the public ones for anybody, one setting by id for administrators. */
@RestController()
export class SettingsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Only some ids with `_id=a,b` or Rocket.Chat's `query={"_id":{"$in":[…]}}` (no other filter is taken). */
  @Get('settings.public')
  @Public()
  async listPublic(@Query() query: Params) {
    const result = await this.rpc.request(settingsListPublic, { ids: requestedIds(query), ...pagination(query) } as RpcRequest<
      typeof settingsListPublic
    >);
    return page('settings', result);
  }

  @Get('settings/:_id')
  get(@Param('_id') id: string, @CurrentActor() actor: Actor) {
    return this.rpc.request(settingsGet, { actor, _id: id });
  }

  @Post('settings/:_id')
  @HttpCode(200)
  async update(@Param('_id') id: string, @Body() raw: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(settingsUpdate, { actor, _id: id, value: body(raw).value } as RpcRequest<typeof settingsUpdate>);
    return {};
  }
}

function requestedIds(query: Params): unknown {
  if (typeof query._id === 'string') return query._id.split(',');
  if (query.query === undefined) return undefined;
  const invalid = () => new DomainError(ErrorCode.InvalidQuery, 'Invalid query parameter provided');
  if (typeof query.query !== 'string') throw invalid();
  let parsed: unknown;
  try {
    parsed = JSON.parse(query.query);
  } catch {
    throw invalid();
  }
  const ids = (parsed as { _id?: unknown } | null)?._id;
  if (typeof ids === 'string') return [ids];
  const inList = (ids as { $in?: unknown } | undefined)?.$in;
  if (Object.keys(parsed as object).length === 1 && Array.isArray(inList)) return inList;
  throw invalid();
}
