import { Injectable } from '@nestjs/common';
import type { CleanHistoryOptions } from '@rc/contracts';
import { JobRunsRepository, RoomsRepository } from '@rc/models';
import { InjectConfig, PeriodicTask } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import type { CoreConfig } from '../../core.env.js';
import { RoomHistoryService } from '../room-history.service.js';
import { lastDue, retentionCron } from './retention-schedule.js';

export const RETENTION_JOB = 'retention-prune';

/** Rocket.Chat prunes "from the beginning of time" up to the age limit. */
const BEGINNING = new Date('0001-01-01T00:00:00Z');
const DAY_MS = 24 * 60 * 60 * 1000;
const TTL_SETTING = { c: 'RetentionPolicy_TTL_Channels', p: 'RetentionPolicy_TTL_Groups', d: 'RetentionPolicy_TTL_DMs' } as const;
const APPLIES_SETTING = {
  c: 'RetentionPolicy_AppliesToChannels',
  p: 'RetentionPolicy_AppliesToGroups',
  d: 'RetentionPolicy_AppliesToDMs',
} as const;

/**
 * Rocket.Chat's retention policy (`cronPruneMessages`): while `RetentionPolicy_Enabled`, on its schedule
 * (`RetentionPolicy_Precision` or `_Advanced_Precision_Cron`), each room type the global policy applies to is
 * pruned of messages older than its `RetentionPolicy_TTL_*` (rooms whose own policy is off or overrides the
 * global one excepted), then each room with its own policy by its `retention.maxAge` (days), through the same
 * prune as `rooms.cleanHistory`. Every core instance checks every `RETENTION_CHECK_INTERVAL_MS`; each scheduled
 * run is claimed by exactly one of them (`rocketchat_job_runs`, one document per run), so a run is never
 * repeated, and one missed while every instance was down is made up at the next check.
 */
@Injectable()
export class RetentionPruneJob extends PeriodicTask {
  protected readonly intervalMs: number;
  private readonly instance: string;

  constructor(
    private readonly settings: SettingsCache,
    private readonly rooms: RoomsRepository,
    private readonly history: RoomHistoryService,
    private readonly runs: JobRunsRepository,
    @InjectConfig() config: CoreConfig,
  ) {
    super();
    this.intervalMs = config.RETENTION_CHECK_INTERVAL_MS;
    this.instance = config.INSTANCE_ID;
  }

  protected async runOnce(): Promise<void> {
    if (this.settings.get<boolean>('RetentionPolicy_Enabled') !== true) return;
    const cron = retentionCron(
      this.settings.get<string>('RetentionPolicy_Precision'),
      this.settings.get<boolean>('RetentionPolicy_Advanced_Precision') === true,
      this.settings.get<string>('RetentionPolicy_Advanced_Precision_Cron'),
    );
    const due = lastDue(cron, new Date());
    if (!due) {
      this.logger.warn(`RetentionPolicy: cannot read the schedule "${cron}"`);
      return;
    }
    if (!(await this.runs.claim(RETENTION_JOB, due, this.instance))) return;
    const result = await this.prune(new Date());
    await this.runs.finish(RETENTION_JOB, due, result);
    if (result.messages) this.logger.log(`retention policy pruned ${result.messages} messages in ${result.rooms} rooms`);
  }

  /** One run: the global policy per room type, then the rooms' own policies. Answers what it removed. */
  async prune(now: Date): Promise<{ rooms: number; messages: number }> {
    const ignoreDiscussion = this.settings.get<boolean>('RetentionPolicy_DoNotPruneDiscussion') !== false;
    const global = {
      filesOnly: this.settings.get<boolean>('RetentionPolicy_FilesOnly') === true,
      excludePinned: this.settings.get<boolean>('RetentionPolicy_DoNotPrunePinned') === true,
      ignoreThreads: this.settings.get<boolean>('RetentionPolicy_DoNotPruneThreads') !== false,
    };
    let rooms = 0;
    let messages = 0;
    const pruneRoom = async (rid: string, latest: Date, policy: typeof global) => {
      const room = await this.rooms.findById(rid);
      if (!room) return;
      const options: CleanHistoryOptions = { latest, oldest: BEGINNING, inclusive: true, ignoreDiscussion, fromUsers: [], ...policy };
      const removed = await this.history.prune(room, options);
      rooms += 1;
      messages += removed;
    };
    for (const t of ['c', 'p', 'd'] as const) {
      if (this.settings.get<boolean>(APPLIES_SETTING[t]) !== true) continue;
      const latest = new Date(now.getTime() - (this.settings.get<number>(TTL_SETTING[t]) || 0));
      for (const rid of await this.rooms.findIdsUnderGlobalRetention(t, ignoreDiscussion)) await pruneRoom(rid, latest, global);
    }
    for (const { _id, retention } of await this.rooms.findWithOwnRetention(ignoreDiscussion)) {
      const latest = new Date(now.getTime() - (retention?.maxAge ?? 30) * DAY_MS);
      await pruneRoom(_id, latest, {
        filesOnly: retention?.filesOnly === true,
        excludePinned: retention?.excludePinned === true,
        ignoreThreads: retention?.ignoreThreads === true,
      });
    }
    return { rooms, messages };
  }
}
