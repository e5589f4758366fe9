import { describe, expect, it } from '@jest/globals';
import { PeriodicTask } from './periodic-task.js';

class Probe extends PeriodicTask {
  protected readonly intervalMs = 60_000;
  runs = 0;
  release: () => void = () => undefined;
  failNext = false;

  protected runOnce(): Promise<void> {
    this.runs += 1;
    if (this.failNext) {
      this.failNext = false;
      return Promise.reject(new Error('boom'));
    }
    return new Promise((resolve) => (this.release = resolve));
  }
}

describe('PeriodicTask', () => {
  it('skips a tick while a run is under way, then runs again', async () => {
    const task = new Probe();
    const first = task.tick();
    await task.tick();
    expect(task.runs).toBe(1);
    task.release();
    await first;
    const second = task.tick();
    expect(task.runs).toBe(2);
    task.release();
    await second;
  });

  it('swallows a failed run and keeps going', async () => {
    const task = new Probe();
    task.failNext = true;
    await expect(task.tick()).resolves.toBeUndefined();
    const next = task.tick();
    expect(task.runs).toBe(2);
    task.release();
    await next;
  });
});
