import { Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConfig } from '@rc/platform';
import type { PresenceConfig } from '../presence.env.js';
import { ConnectionsService } from './connections.service.js';

/**
 * Looks for dead gateway instances every PRESENCE_SWEEP_INTERVAL_MS: one that sent no heartbeat for
 * PRESENCE_INSTANCE_TIMEOUT_MS loses its connections, so nobody stays online after a gateway is killed.
 * A user shows offline at most timeout + interval after their gateway died.
 */
@Injectable()
export class InstanceSweeper implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(InstanceSweeper.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly connections: ConnectionsService,
    @InjectConfig() private readonly config: PresenceConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.config.PRESENCE_SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.connections.sweep(new Date(Date.now() - this.config.PRESENCE_INSTANCE_TIMEOUT_MS));
    } catch (error) {
      this.logger.error(`sweep failed: ${String(error)}`);
    } finally {
      this.running = false;
    }
  }
}
