import { Get, Query } from '@nestjs/common';
import { roomsGet, roomsInfo, type Actor, type RpcRequest } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { date, roomSelector, syncResult, type Params } from '../common/rest-params.js';

/** REST `rooms.get` (sync) and `rooms.info`. */
@RestController()
export class RoomsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('rooms.get')
  async get(@Query() query: Params, @CurrentActor() actor: Actor) {
    const updatedSince = query.updatedSince === undefined ? undefined : date(query.updatedSince);
    return syncResult(await this.rpc.request(roomsGet, { actor, updatedSince } as RpcRequest<typeof roomsGet>));
  }

  @Get('rooms.info')
  info(@Query() query: Params, @CurrentActor() actor: Actor) {
    return this.rpc.request(roomsInfo, { actor, ...roomSelector(query) } as RpcRequest<typeof roomsInfo>);
  }
}
