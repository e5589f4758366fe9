import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import { subscriptionsGet, subscriptionsGetOne, subscriptionsRead, subscriptionsUnread, type Actor, type RpcRequest } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { body, date, syncResult, type Params } from '../common/rest-params.js';

/** REST `subscriptions.*`. */
@RestController()
export class SubscriptionsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('subscriptions.get')
  async get(@Query() query: Params, @CurrentActor() actor: Actor) {
    const updatedSince = query.updatedSince === undefined ? undefined : date(query.updatedSince);
    return syncResult(await this.rpc.request(subscriptionsGet, { actor, updatedSince } as RpcRequest<typeof subscriptionsGet>));
  }

  @Get('subscriptions.getOne')
  getOne(@Query() query: Params, @CurrentActor() actor: Actor) {
    return this.rpc.request(subscriptionsGetOne, { actor, roomId: query.roomId } as RpcRequest<typeof subscriptionsGetOne>);
  }

  /** `rid` (or the newer `roomId`), `readThreads`. */
  @Post('subscriptions.read')
  @HttpCode(200)
  async read(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const params = body(raw);
    await this.rpc.request(subscriptionsRead, {
      actor,
      rid: params.rid ?? params.roomId,
      readThreads: params.readThreads,
    } as RpcRequest<typeof subscriptionsRead>);
    return {};
  }

  @Post('subscriptions.unread')
  @HttpCode(200)
  async unread(@Body() raw: unknown, @CurrentActor() actor: Actor) {
    const { roomId, firstUnreadMessage } = body(raw);
    await this.rpc.request(subscriptionsUnread, { actor, roomId, firstUnreadMessage } as RpcRequest<typeof subscriptionsUnread>);
    return {};
  }
}
