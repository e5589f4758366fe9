/**
 * Counts hits per key in fixed windows: a key's window opens with its first hit and lasts `intervalMs`.
 * Expired windows are dropped lazily and by `prune()`, so idle keys cost nothing for long.
 */
export class FixedWindowCounter {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(
    readonly limit: number,
    readonly intervalMs: number,
  ) {}

  /** Counts a hit; returns 0 when allowed, otherwise the milliseconds until the window resets. */
  hit(key: string, now = Date.now()): number {
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + this.intervalMs };
      this.windows.set(key, window);
    }
    window.count++;
    return window.count > this.limit ? window.resetAt - now : 0;
  }

  prune(now = Date.now()): void {
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  get size(): number {
    return this.windows.size;
  }
}
