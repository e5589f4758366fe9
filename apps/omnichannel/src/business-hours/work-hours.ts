import type { BusinessHourWorkDay, ILivechatBusinessHour } from '@rc/contracts';

export const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const MINUTES_PER_DAY = 24 * 60;
const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY;

const pad = (n: number) => String(n).padStart(2, '0');
const hhmm = (minutes: number) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
const minutesOf = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether a zone name is one the runtime knows (`America/Sao_Paulo`, `UTC`, …). */
export function isTimezone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** A zone's offset from UTC at a moment, in minutes (`America/Sao_Paulo` → -180). */
export function offsetMinutes(zone: string, at: Date): number {
  const name = new Intl.DateTimeFormat('en-US', { timeZone: zone, timeZoneName: 'longOffset' })
    .formatToParts(at)
    .find((p) => p.type === 'timeZoneName')?.value;
  const match = /GMT([+-])(\d{2}):(\d{2})/.exec(name ?? '');
  if (!match) return 0;
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

/** Rocket.Chat's `timezone.utc`: `-03:00`. */
export function utcOffsetLabel(zone: string, at: Date): string {
  const minutes = offsetMinutes(zone, at);
  return `${minutes < 0 ? '-' : '+'}${hhmm(Math.abs(minutes))}`;
}

/** Minutes since Sunday 00:00 of the zone's week at a moment. */
function weekMinute(zone: string, at: Date): number {
  const utc = at.getUTCDay() * MINUTES_PER_DAY + at.getUTCHours() * 60 + at.getUTCMinutes();
  return (((utc + offsetMinutes(zone, at)) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
}

/** A day and time of the zone, as stored: the local time, and its UTC day and time (which `cron` repeats). */
function point(day: string, time: string, offset: number) {
  const local = DAYS.indexOf(day as (typeof DAYS)[number]) * MINUTES_PER_DAY + minutesOf(time);
  const utc = (((local - offset) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  const at = { dayOfWeek: DAYS[Math.floor(utc / MINUTES_PER_DAY)], time: hhmm(utc % MINUTES_PER_DAY) };
  return { time, utc: at, cron: { ...at } };
}

/** The stored form of a day (Rocket.Chat's shape: `start`/`finish` with their UTC day and time). */
export function workDay(row: { day: string; start: string; finish: string; open: boolean }, zone: string, at: Date): BusinessHourWorkDay {
  const offset = offsetMinutes(zone, at);
  return {
    day: row.day,
    start: point(row.day, row.start, offset),
    finish: point(row.day, row.finish, offset),
    open: row.open,
    code: DAYS.indexOf(row.day as (typeof DAYS)[number]),
  };
}

/** Rocket.Chat's default business hour: every day, 00:00 to 23:59, open. */
export function defaultWorkHours(zone: string, at: Date): BusinessHourWorkDay[] {
  return DAYS.map((day) => workDay({ day, start: '00:00', finish: '23:59', open: true }, zone, at));
}

/**
 * Whether a business hour is open at a moment: one of its open days, in its timezone, from `start` (included)
 * to `finish` (excluded). An inactive business hour does not restrict anyone.
 */
export function isOpenAt(hours: Pick<ILivechatBusinessHour, 'active' | 'timezone' | 'workHours'>, at: Date): boolean {
  if (!hours.active) return true;
  const now = weekMinute(hours.timezone.name, at);
  return hours.workHours.some((d) => {
    if (!d.open) return false;
    const dayStart = DAYS.indexOf(d.day as (typeof DAYS)[number]) * MINUTES_PER_DAY;
    return now >= dayStart + minutesOf(d.start.time) && now < dayStart + minutesOf(d.finish.time);
  });
}
