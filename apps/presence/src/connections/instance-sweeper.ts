import { Injectable } from '@nestjs/common';
import { InjectConfig, PeriodicTask } from '@rc/platform';
import type { PresenceConfig } from '../presence.env.js';
import { ConnectionsService } from './connections.service.js';

/**
 * Looks for dead gateway instances every PRESENCE_SWEEP_INTERVAL_MS: one that sent no heartbeat for
 * PRESENCE_INSTANCE_TIMEOUT_MS loses its connections, so nobody stays online after a gateway is killed.
 * A user shows offline at most timeout + interval after their gateway died.
 */
@Injectable()
export class InstanceSweeper extends PeriodicTask {
  protected readonly intervalMs: number;

  constructor(
    private readonly connections: ConnectionsService,
    @InjectConfig() private readonly config: PresenceConfig,
  ) {
    super();
    this.intervalMs = config.PRESENCE_SWEEP_INTERVAL_MS;
  }

  protected async runOnce(): Promise<void> {
    await this.connections.sweep(new Date(Date.now() - this.config.PRESENCE_INSTANCE_TIMEOUT_MS));
  }
}
