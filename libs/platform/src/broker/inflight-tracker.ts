import { Injectable } from '@nestjs/common';

/** Counts requests being handled, so that shutdown can wait for them to finish. */
@Injectable()
export class InflightTracker {
  private active = 0;
  private started = 0;
  private waiters: Array<() => void> = [];

  get count(): number {
    return this.active;
  }

  /** Requests this instance has taken since it started (reported by `/health`). */
  get total(): number {
    return this.started;
  }

  begin(): void {
    this.active++;
    this.started++;
  }

  end(): void {
    this.active--;
    if (this.active === 0) for (const wake of this.waiters.splice(0)) wake();
  }

  /** Resolves when nothing is in flight, or after `timeoutMs`, whichever comes first. */
  async idle(timeoutMs: number): Promise<void> {
    if (this.active === 0) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
