import { Cron } from 'croner';

/** Rocket.Chat's `RetentionPolicy_Precision` choices as cron expressions (`getCronAdvancedTimerFromPrecisionSetting`). */
const PRECISION_CRON: Record<string, string> = {
  '0': '*/30 * * * *',
  '1': '0 * * * *',
  '2': '0 */6 * * *',
  '3': '0 0 * * *',
};

/** The cron expression the prune follows: the advanced one when chosen, else the precision's. */
export function retentionCron(precision: string | undefined, advanced: boolean, advancedCron: string | undefined): string {
  if (advanced && advancedCron?.trim()) return advancedCron.trim();
  return PRECISION_CRON[precision ?? '0'] ?? PRECISION_CRON['0'];
}

/**
 * The latest scheduled time at or before `now` (the run due now, if it was not run yet); undefined for an
 * expression that does not parse. Times are UTC.
 */
export function lastDue(cron: string, now: Date): Date | undefined {
  try {
    const [previous] = new Cron(cron, { timezone: 'UTC' }).previousRuns(1, new Date(now.getTime() + 1));
    return previous;
  } catch {
    return undefined;
  }
}
