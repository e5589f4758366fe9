import { describe, expect, it } from '@jest/globals';
import { IncreasingClock } from './increasing-clock.js';

describe('IncreasingClock', () => {
  it('stamps strictly increasing times within one millisecond, close to the wall clock', () => {
    const clock = new IncreasingClock();
    const before = Date.now();
    const stamps = Array.from({ length: 5 }, () => clock.now().getTime());
    for (let i = 1; i < stamps.length; i++) expect(stamps[i]).toBeGreaterThan(stamps[i - 1]);
    expect(stamps[0]).toBeGreaterThanOrEqual(before);
    expect(stamps[4]).toBeLessThanOrEqual(Date.now() + 5);
  });
});
