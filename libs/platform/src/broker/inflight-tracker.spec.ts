import { describe, expect, it } from '@jest/globals';
import { InflightTracker } from './inflight-tracker.js';

describe('InflightTracker', () => {
  it('resolves idle() once the last request ends', async () => {
    const tracker = new InflightTracker();
    tracker.begin();
    tracker.begin();
    let idle = false;
    const waiting = tracker.idle(5_000).then(() => (idle = true));
    tracker.end();
    await Promise.resolve();
    expect(idle).toBe(false);
    tracker.end();
    await waiting;
    expect(idle).toBe(true);
  });

  it('gives up waiting after the timeout', async () => {
    const tracker = new InflightTracker();
    tracker.begin();
    const started = Date.now();
    await tracker.idle(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
    expect(tracker.count).toBe(1);
  });
});
