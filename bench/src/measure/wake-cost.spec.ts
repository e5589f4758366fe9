import { describe, expect, it } from '@jest/globals';
import { measureWakeCost } from './wake-cost.js';

describe('measureWakeCost', () => {
  it('prices an echo in a process of its own, once per pause asked for', async () => {
    const costs = await measureWakeCost([
      { gapMs: 0, messages: 300 },
      { gapMs: 2, messages: 20 },
    ]);
    expect(costs.map((c) => c.gapMs)).toEqual([0, 2]);
    // The echoing process's own CPU: a read and a write each at least.
    for (const { echoUs } of costs) expect(echoUs).toBeGreaterThan(0);
  });
});
