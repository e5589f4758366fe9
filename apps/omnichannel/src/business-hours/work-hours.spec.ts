import { describe, expect, it } from '@jest/globals';
import { defaultWorkHours, isOpenAt, isTimezone, utcOffsetLabel, workDay } from './work-hours.js';

const hours = (zone: string, rows: Array<{ day: string; start: string; finish: string; open: boolean }>, at: Date) => ({
  active: true,
  timezone: { name: zone, utc: utcOffsetLabel(zone, at) },
  workHours: rows.map((r) => workDay(r, zone, at)),
});

describe('business hours', () => {
  // Wednesday 2026-12-02 14:30 UTC = 11:30 in São Paulo (UTC-3, no daylight saving).
  const at = new Date('2026-12-02T14:30:00Z');

  it('stores a day with its UTC day and time, as Rocket.Chat', () => {
    const day = workDay({ day: 'Monday', start: '22:00', finish: '23:30', open: true }, 'America/Sao_Paulo', at);
    expect(day.start).toEqual({
      time: '22:00',
      utc: { dayOfWeek: 'Tuesday', time: '01:00' },
      cron: { dayOfWeek: 'Tuesday', time: '01:00' },
    });
    expect(utcOffsetLabel('America/Sao_Paulo', at)).toBe('-03:00');
    expect(isTimezone('America/Sao_Paulo')).toBe(true);
    expect(isTimezone('Mars/Olympus')).toBe(false);
  });

  it('is open from start (included) to finish (excluded) in its own timezone', () => {
    const wednesday = (start: string, finish: string, open = true) =>
      hours('America/Sao_Paulo', [{ day: 'Wednesday', start, finish, open }], at);
    expect(isOpenAt(wednesday('11:30', '12:00'), at)).toBe(true);
    expect(isOpenAt(wednesday('09:00', '11:30'), at)).toBe(false);
    expect(isOpenAt(wednesday('14:00', '15:00'), at)).toBe(false); // 14:30 is UTC, not São Paulo's time
    expect(isOpenAt(wednesday('09:00', '18:00', false), at)).toBe(false);
    expect(isOpenAt(hours('UTC', [{ day: 'Wednesday', start: '14:00', finish: '15:00', open: true }], at), at)).toBe(true);
  });

  it('the default is open all week; an inactive one restricts nobody', () => {
    const all = { active: true, timezone: { name: 'UTC', utc: '+00:00' }, workHours: defaultWorkHours('UTC', at) };
    expect(all.workHours.map((d) => d.day)).toHaveLength(7);
    expect(isOpenAt(all, at)).toBe(true);
    const closed = hours('UTC', [{ day: 'Wednesday', start: '00:00', finish: '23:59', open: false }], at);
    expect(isOpenAt(closed, at)).toBe(false);
    expect(isOpenAt({ ...closed, active: false }, at)).toBe(true);
  });
});
