import { Injectable } from '@nestjs/common';
import { InjectConfig, PeriodicTask } from '@rc/platform';
import type { OmnichannelConfig } from '../omnichannel.env.js';
import { BusinessHoursService } from './business-hours.service.js';

/**
 * Opens and closes the business hours on every instance's sweep (five routing intervals: 10 s by default; the
 * hours are minutes). While `Livechat_enable_business_hours` is off it queries nothing once the agents this
 * instance made unavailable are given back (and once at start).
 */
@Injectable()
export class BusinessHoursSweeper extends PeriodicTask {
  protected readonly intervalMs: number;
  private wasEnabled: boolean | undefined;

  constructor(
    private readonly businessHours: BusinessHoursService,
    @InjectConfig() config: OmnichannelConfig,
  ) {
    super();
    this.intervalMs = config.OMNICHANNEL_ROUTING_INTERVAL_MS * 5;
  }

  protected async runOnce(): Promise<void> {
    const enabled = this.businessHours.enabled;
    if (enabled || this.wasEnabled !== false || this.businessHours.closedAgents) await this.businessHours.apply();
    this.wasEnabled = enabled;
  }
}
