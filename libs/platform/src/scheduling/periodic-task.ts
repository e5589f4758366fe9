import { Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';

/**
 * A job every instance runs on a fixed interval from bootstrap until shutdown. Runs never overlap (a slow
 * run makes the next tick a no-op), a failed run is logged and the next one tries again, and the timer
 * never keeps the process alive. Subclasses say how often and what one run does.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnModuleDestroy {
  protected readonly logger = new Logger(this.constructor.name);
  private timer?: NodeJS.Timeout;
  private running = false;

  protected abstract readonly intervalMs: number;
  protected abstract runOnce(): Promise<void>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  /** One run now, unless one is already under way; never throws. */
  async tick(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.runOnce();
    } catch (error) {
      this.logger.warn(`run failed: ${(error as Error).message}`);
    } finally {
      this.running = false;
    }
  }
}
