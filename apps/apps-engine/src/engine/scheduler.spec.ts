import { describe, expect, it } from '@jest/globals';
import { nextRun, whenToDate } from './scheduler.js';

describe("the apps scheduler's times", () => {
  const now = new Date('2026-01-01T10:00:00.000Z');

  it('takes a one-off job at a date, an ISO date string, or a human interval from now', () => {
    expect(whenToDate(new Date('2026-02-01T00:00:00Z'), now)).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect(whenToDate('2026-02-01T00:00:00.000Z', now)).toEqual(new Date('2026-02-01T00:00:00Z'));
    expect(whenToDate('5 seconds', now)).toEqual(new Date('2026-01-01T10:00:05.000Z'));
    expect(whenToDate('in 2 minutes', now)).toEqual(new Date('2026-01-01T10:02:00.000Z'));
    expect(() => whenToDate('whenever', now)).toThrow('Invalid schedule');
  });

  it('runs a recurring job every milliseconds, human interval or cron expression', () => {
    expect(nextRun(1500, now)).toEqual(new Date('2026-01-01T10:00:01.500Z'));
    expect(nextRun('1 minute', now)).toEqual(new Date('2026-01-01T10:01:00.000Z'));
    expect(nextRun('*/15 * * * *', new Date('2026-01-01T10:07:00.000Z')).getUTCMinutes() % 15).toBe(0);
    expect(() => nextRun(0, now)).toThrow('Invalid interval');
    expect(() => nextRun('not a schedule', now)).toThrow();
  });
});
