import { Injectable } from '@nestjs/common';
import { InjectConfig, PeriodicTask } from '@rc/platform';
import type { OmnichannelConfig } from '../omnichannel.env.js';
import { BusinessHoursService } from './business-hours.service.js';

/** Opens and closes the business hours on every instance's sweep (`OMNICHANNEL_ROUTING_INTERVAL_MS`). */
@Injectable()
export class BusinessHoursSweeper extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly businessHours: BusinessHoursService,
    @InjectConfig() config: OmnichannelConfig,
  ) {
    super();
    this.intervalMs = config.OMNICHANNEL_ROUTING_INTERVAL_MS;
  }

  protected async runOnce(): Promise<void> {
    await this.businessHours.apply();
  }
}
