import { describe, expect, it } from '@jest/globals';
import { lastDue, retentionCron } from './retention-schedule.js';

describe('the retention prune schedule', () => {
  it("maps Rocket.Chat's precision choices to cron expressions, the advanced one when chosen", () => {
    expect(retentionCron('0', false, '* * * * *')).toBe('*/30 * * * *');
    expect(retentionCron('1', false, undefined)).toBe('0 * * * *');
    expect(retentionCron('2', false, undefined)).toBe('0 */6 * * *');
    expect(retentionCron('3', false, undefined)).toBe('0 0 * * *');
    expect(retentionCron('9', false, undefined)).toBe('*/30 * * * *');
    expect(retentionCron('0', true, ' */5 * * * * ')).toBe('*/5 * * * *');
    expect(retentionCron('1', true, '  ')).toBe('0 * * * *');
  });

  it('the run due now: the latest scheduled time at or before now, in UTC', () => {
    const now = new Date('2026-12-03T10:44:12.345Z');
    expect(lastDue('*/30 * * * *', now)).toEqual(new Date('2026-12-03T10:30:00.000Z'));
    expect(lastDue('0 0 * * *', now)).toEqual(new Date('2026-12-03T00:00:00.000Z'));
    expect(lastDue('*/30 * * * *', new Date('2026-12-03T10:30:00.000Z'))).toEqual(new Date('2026-12-03T10:30:00.000Z'));
    expect(lastDue('*/2 * * * * *', now)).toEqual(new Date('2026-12-03T10:44:12.000Z'));
    expect(lastDue('not a schedule', now)).toBeUndefined();
  });
});
