import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { InflightTracker } from '../broker/inflight-tracker.js';
import { SERVICE_NAME, InjectConfig } from '../config/config.tokens.js';
import type { BaseConfig } from '../config/base-env.js';
import { ReadinessService } from './readiness.service.js';

/** Kubernetes probes: `/health` says the process runs, `/ready` that its dependencies answer. */
@Controller()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    @Inject(SERVICE_NAME) private readonly service: string,
    @InjectConfig() private readonly config: BaseConfig,
    private readonly inflight: InflightTracker,
  ) {}

  @Get('health')
  @HttpCode(200)
  health() {
    return {
      status: 'ok',
      service: this.service,
      instance: this.config.INSTANCE_ID,
      requests: { handled: this.inflight.total, inFlight: this.inflight.count },
    };
  }

  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response) {
    const { ready, checks } = await this.readiness.evaluate();
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'not-ready', service: this.service, checks };
  }
}
