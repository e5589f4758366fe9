export interface SupervisorOptions {
  /** Crashes of one process allowed within `windowMs`; one more and it is given up. */
  maxCrashes?: number;
  windowMs?: number;
  /** Wait before the first restart; doubled for each further crash within the window, up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Where restarts are told (the launcher prints them). */
  log?: (message: string) => void;
  /** Told once a process is given up, loudly. */
  onGiveUp?: (name: string, reason: string) => void;
}

/** What the supervisor watches: resolves when the current process ends (with its exit code or signal). */
export interface Supervised {
  name: string;
  /** The end of the process running now; undefined once it was stopped on purpose (not a crash). */
  exited(): Promise<unknown> | undefined;
  /** Starts it again; a rejection counts as one more crash. */
  restart(): Promise<void>;
  /** The last lines it wrote, shown when it is given up. */
  tail?(): string;
  /** The id of the process running now, logged after a restart. */
  pid?(): number | undefined;
}

const DEFAULTS = { maxCrashes: 5, windowMs: 60_000, backoffMs: 500, maxBackoffMs: 10_000 };

/**
 * Restarts processes that die, as Kubernetes restarts a crashed container: after a backoff that doubles with
 * each crash in the window, each restart logged; after too many crashes in the window, it gives the process
 * up and says so loudly (a crash loop that restarts forever hides the cause).
 */
export class Supervisor {
  private readonly options: Required<Omit<SupervisorOptions, 'onGiveUp'>> & Pick<SupervisorOptions, 'onGiveUp'>;
  private stopped = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  readonly givenUp = new Set<string>();

  constructor(options: SupervisorOptions = {}) {
    this.options = { ...DEFAULTS, log: (message) => console.log(message), ...options };
  }

  /** Watches `target` until the supervisor stops, the process is stopped on purpose, or it is given up. */
  watch(target: Supervised): void {
    void this.follow(target);
  }

  /** Stops restarting anything (the stack is shutting down). */
  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  /** The wait before restarting after the `crashes`-th crash within the window. */
  backoff(crashes: number): number {
    return Math.min(this.options.backoffMs * 2 ** (crashes - 1), this.options.maxBackoffMs);
  }

  private async follow(target: Supervised): Promise<void> {
    const crashes: number[] = [];
    for (;;) {
      const exited = target.exited();
      if (!exited) return;
      const outcome = await exited;
      if (this.stopped || target.exited() !== exited) return;
      let reason = `exited (${String(outcome)})`;
      for (;;) {
        const now = Date.now();
        crashes.push(now);
        while (crashes.length > 0 && crashes[0] < now - this.options.windowMs) crashes.shift();
        if (crashes.length > this.options.maxCrashes) return this.giveUp(target, reason, crashes.length);
        const wait = this.backoff(crashes.length);
        this.options.log(
          `${target.name} ${reason}; restarting in ${(wait / 1000).toFixed(1)} s (crash ${crashes.length} of ${this.options.maxCrashes} allowed within ${this.options.windowMs / 1000} s)`,
        );
        await this.sleep(wait);
        if (this.stopped) return;
        const started = Date.now();
        try {
          await target.restart();
          const pid = target.pid?.();
          this.options.log(
            `${target.name} restarted${pid ? ` as pid ${pid}` : ''}, ready ${((Date.now() - started) / 1000).toFixed(1)} s after its start`,
          );
          break;
        } catch (error) {
          reason = `failed to restart (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`;
        }
      }
    }
  }

  private giveUp(target: Supervised, reason: string, crashes: number): void {
    this.givenUp.add(target.name);
    const why = `${target.name} ${reason}: ${crashes} crashes within ${this.options.windowMs / 1000} s; GIVING UP, it stays down`;
    this.options.log(`!!! ${why}${target.tail ? `\n--- last lines of ${target.name} ---\n${target.tail()}` : ''}`);
    this.options.onGiveUp?.(target.name, why);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve();
      }, ms);
      this.timers.add(timer);
    });
  }
}
