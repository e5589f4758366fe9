import { Logger } from '@nestjs/common';
import type { IOnetimeSchedule } from '@rocket.chat/apps-engine/definition/scheduler/IOnetimeSchedule.js';
import { StartupType, type IProcessor } from '@rocket.chat/apps-engine/definition/scheduler/IProcessor.js';
import type { IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler/IRecurringSchedule.js';
import { randomId } from '@rc/models';
import { Cron } from 'croner';
import humanInterval from 'human-interval';
import type { Model } from 'mongoose';

type Doc = Record<string, unknown>;

/** A job as stored in `rocketchat_apps_scheduler` (Agenda's field names). */
interface JobDoc {
  _id: string;
  appId: string;
  name: string;
  data?: Record<string, unknown>;
  nextRunAt: Date | null;
  /** Recurring jobs only: a number of milliseconds, a human interval (`5 minutes`) or a cron expression. */
  repeatInterval?: string | number;
  lockedAt?: Date | null;
  lockedBy?: string;
  lastRunAt?: Date;
}

export interface SchedulerOptions {
  instanceId: string;
  /** How often each instance looks for due jobs. */
  pollMs: number;
  /** A claim older than this belongs to a dead instance: the job is claimed again. */
  lockMs: number;
}

/** `when` of a one-time job: a Date, or a human interval from now (Agenda's `schedule`: `in 5 minutes`). */
export function whenToDate(when: string | Date | number, now = new Date()): Date {
  if (when instanceof Date) return when;
  if (typeof when === 'number') return new Date(when);
  const asDate = new Date(when);
  if (/\d{4}-\d{2}-\d{2}/.test(when) && !Number.isNaN(asDate.getTime())) return asDate;
  const ms = humanInterval(when.replace(/^in\s+/i, ''));
  if (typeof ms !== 'number' || Number.isNaN(ms)) throw new Error(`Invalid schedule: ${when}`);
  return new Date(now.getTime() + ms);
}

/** The next run of a recurring job after `from`: milliseconds, a human interval, or a cron expression. */
export function nextRun(interval: string | number, from = new Date()): Date {
  const ms = typeof interval === 'number' ? interval : humanInterval(interval);
  if (typeof ms === 'number' && !Number.isNaN(ms)) {
    if (ms <= 0) throw new Error(`Invalid interval: ${interval}`);
    return new Date(from.getTime() + ms);
  }
  const next = new Cron(String(interval)).nextRun(from);
  if (!next) throw new Error(`Invalid interval: ${interval}`);
  return next;
}

/**
 * The apps' scheduled jobs, cluster-wide: every instance registers the processors of the apps it runs and polls
 * `rocketchat_apps_scheduler` for due jobs of those processors; a job is claimed with one atomic update
 * (`lockedAt`, `lockedBy`), so each run happens on one instance only. One-time jobs are deleted once run;
 * recurring ones get their next run. Jobs are documents, so they survive restarts; an instance that dies
 * holding a claim loses it after `lockMs`.
 */
export class AppJobScheduler {
  private readonly logger = new Logger(AppJobScheduler.name);
  private readonly processors = new Map<string, { appId: string; run: (context: Record<string, unknown>) => Promise<void> }>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly jobs: Model<Doc>,
    private readonly options: SchedulerOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.pollOnce(), this.options.pollMs);
    this.timer.unref();
  }

  /** Stops polling; from now on the engine's clean-ups (it disables apps on shutdown) leave the jobs stored. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.polling;
  }

  /** The engine's `registerProcessors` (ids already carry the app id); a startup setting schedules its job. */
  async registerProcessors(processors: IProcessor[], appId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const processor of processors) {
      // The engine hands over processors wrapped to call the app's process with the job's context alone.
      const run = processor.processor.bind(processor) as unknown as (context: Record<string, unknown>) => Promise<void>;
      this.processors.set(processor.id, { appId, run });
      const startup = processor.startupSetting;
      if (!startup) continue;
      if (startup.type === StartupType.RECURRING) {
        ids.push(
          await this.scheduleRecurring(
            { id: processor.id, interval: startup.interval, skipImmediate: startup.skipImmediate, data: startup.data },
            appId,
            true,
          ),
        );
      } else {
        ids.push(await this.scheduleOnce({ id: processor.id, when: startup.when, data: startup.data }, appId));
      }
    }
    void this.pollOnce();
    return ids;
  }

  async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<string> {
    const _id = randomId();
    await this.jobs.create({ _id, appId, name: job.id, data: job.data ?? {}, nextRunAt: whenToDate(job.when), type: 'normal' });
    void this.pollOnce();
    return _id;
  }

  /**
   * One recurring job per processor (Agenda's `every`: a `single` job by name), whichever instance registers
   * it: a restart or a second instance keeps its next run (`keep`), a new schedule from the app replaces it.
   */
  async scheduleRecurring(job: IRecurringSchedule, appId: string, keep = false): Promise<string> {
    const _id = `${job.id}`;
    const now = new Date();
    const nextRunAt = job.skipImmediate ? nextRun(job.interval, now) : now;
    const fields = { appId, name: job.id, data: job.data ?? {}, repeatInterval: job.interval, type: 'single' };
    if (keep) {
      await this.jobs.updateOne({ _id }, { $setOnInsert: { ...fields, nextRunAt } }, { upsert: true }).exec();
    } else {
      await this.jobs.updateOne({ _id }, { $set: { ...fields, nextRunAt }, $unset: { lockedAt: 1, lockedBy: 1 } }, { upsert: true }).exec();
    }
    void this.pollOnce();
    return _id;
  }

  async cancelJob(jobId: string, appId: string): Promise<void> {
    await this.jobs.deleteMany({ appId, name: jobId }).exec();
  }

  /** An app disabled or removed: its jobs go (Rocket.Chat's `cancelAllJobs`), except while this instance stops. */
  async cancelAllJobs(appId: string): Promise<void> {
    for (const [id, processor] of this.processors) if (processor.appId === appId) this.processors.delete(id);
    if (this.stopped) return;
    await this.jobs.deleteMany({ appId }).exec();
  }

  /** Runs every due job of this instance's processors it can claim; one poll at a time per instance. */
  pollOnce(): Promise<void> {
    if (this.polling || this.stopped) return this.polling ?? Promise.resolve();
    this.polling = this.drain()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'polling the apps scheduler failed'))
      .finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.processors.size > 0) {
      const job = await this.claim();
      if (!job) return;
      await this.run(job);
    }
  }

  private async claim(): Promise<JobDoc | null> {
    const now = new Date();
    return this.jobs
      .findOneAndUpdate(
        {
          name: { $in: [...this.processors.keys()] },
          nextRunAt: { $ne: null, $lte: now },
          $or: [{ lockedAt: null }, { lockedAt: { $lt: new Date(now.getTime() - this.options.lockMs) } }],
        },
        { $set: { lockedAt: now, lockedBy: this.options.instanceId } },
        { sort: { nextRunAt: 1 }, returnDocument: 'after' },
      )
      .lean<JobDoc>()
      .exec();
  }

  private async run(job: JobDoc): Promise<void> {
    const processor = this.processors.get(job.name);
    const startedAt = new Date();
    let error: unknown;
    try {
      // Rocket.Chat hands the processor the job's data and its id.
      await processor?.run({ ...(job.data ?? {}), jobId: job._id });
    } catch (failure) {
      error = failure;
      this.logger.warn({ err: failure, appId: job.appId, job: job.name }, "an app's scheduled job failed");
    }
    const mine = { _id: job._id, lockedBy: this.options.instanceId };
    if (job.repeatInterval === undefined || job.repeatInterval === null) {
      await this.jobs.deleteOne(mine).exec();
      return;
    }
    await this.jobs
      .updateOne(mine, {
        $set: {
          nextRunAt: nextRun(job.repeatInterval, startedAt),
          lastRunAt: startedAt,
          ...(error !== undefined && { failReason: String(error instanceof Error ? error.message : JSON.stringify(error)) }),
        },
        $unset: { lockedAt: 1, lockedBy: 1 },
      })
      .exec();
  }
}
