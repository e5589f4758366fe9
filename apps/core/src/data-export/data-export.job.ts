import { Injectable } from '@nestjs/common';
import { JobRunsRepository } from '@rc/models';
import { InjectConfig, PeriodicTask } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import type { CoreConfig } from '../core.env.js';
import { lastDue } from '../rooms/retention/retention-schedule.js';
import { DataExportService } from './data-export.service.js';

export const DATA_EXPORT_JOB = 'user-data-download';

/**
 * Rocket.Chat's schedule of the export processor: every `UserData_ProcessingFrequency` minutes (2 when not
 * positive), or the `DATA_EXPORT_CRON` expression when the operator sets one (seconds allowed).
 */
export function dataExportCron(frequency: number | undefined, override: string | undefined): string {
  if (override?.trim()) return override.trim();
  return `*/${typeof frequency === 'number' && frequency > 0 ? Math.floor(frequency) : 2} * * * *`;
}

/**
 * The export processor (Rocket.Chat's `UserDataDownload` cron job): on its schedule, unless
 * `Troubleshoot_Disable_Data_Exporter_Processor`, one export operation is worked. Every core instance checks
 * every `DATA_EXPORT_CHECK_INTERVAL_MS`; each scheduled run is claimed by one of them in `rocketchat_job_runs`
 * (as the retention prune's), so an operation is never worked twice at once.
 */
@Injectable()
export class DataExportJob extends PeriodicTask {
  protected readonly intervalMs: number;
  private readonly instance: string;
  private readonly cronOverride: string;

  constructor(
    private readonly settings: SettingsCache,
    private readonly exports: DataExportService,
    private readonly runs: JobRunsRepository,
    @InjectConfig() config: CoreConfig,
  ) {
    super();
    this.intervalMs = config.DATA_EXPORT_CHECK_INTERVAL_MS;
    this.instance = config.INSTANCE_ID;
    this.cronOverride = config.DATA_EXPORT_CRON;
  }

  protected async runOnce(): Promise<void> {
    if (this.settings.get<boolean>('Troubleshoot_Disable_Data_Exporter_Processor') === true) return;
    const cron = dataExportCron(this.settings.get<number>('UserData_ProcessingFrequency'), this.cronOverride);
    const due = lastDue(cron, new Date());
    if (!due) {
      this.logger.warn(`data export: cannot read the schedule "${cron}"`);
      return;
    }
    if (!(await this.runs.claim(DATA_EXPORT_JOB, due, this.instance))) return;
    const operation = await this.exports.processNext();
    await this.runs.finish(DATA_EXPORT_JOB, due, operation ? { operation: operation._id, status: operation.status } : {});
  }
}
