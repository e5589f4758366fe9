import { Injectable } from '@nestjs/common';
import { InjectConfig, PeriodicTask } from '@rc/platform';
import type { OmnichannelConfig } from '../omnichannel.env.js';
import { RoutingService } from './routing.service.js';

/**
 * `Auto_Selection`: every instance looks at the queue on an interval, so an inquiry no agent could take when it
 * arrived is routed once one can (and a change of `Livechat_Routing_Method` takes effect at run time). Instances
 * racing for one inquiry are fine: the claim is one conditional write.
 */
@Injectable()
export class RoutingSweeper extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly routing: RoutingService,
    @InjectConfig() config: OmnichannelConfig,
  ) {
    super();
    this.intervalMs = config.OMNICHANNEL_ROUTING_INTERVAL_MS;
  }

  protected async runOnce(): Promise<void> {
    await this.routing.routeQueue();
  }
}
