import { describe, expect, it } from '@jest/globals';
import type { CleanHistoryOptions, IRoom } from '@rc/contracts';
import type { JobRunsRepository, RoomsRepository } from '@rc/models';
import type { SettingsCache } from '@rc/settings';
import type { CoreConfig } from '../../core.env.js';
import type { RoomHistoryService } from '../room-history.service.js';
import { RetentionPruneJob } from './retention-prune.job.js';

const DAY = 24 * 60 * 60 * 1000;

/** The job over in-memory rooms, settings and claims; the prunes it asks for are recorded. */
function world(settings: Record<string, unknown>, claims: { won: boolean } = { won: true }) {
  const rooms: Array<Pick<IRoom, '_id' | 't' | 'retention'> & { prid?: string }> = [
    { _id: 'c1', t: 'c' },
    { _id: 'c2', t: 'c', retention: { enabled: false } },
    { _id: 'p1', t: 'p' },
    { _id: 'own', t: 'p', retention: { enabled: true, overrideGlobal: true, maxAge: 2, excludePinned: true } },
    { _id: 'disc', t: 'c', prid: 'c1' },
  ];
  const pruned: Array<{ rid: string; options: CleanHistoryOptions }> = [];
  const claimed: Date[] = [];
  const repo = {
    findById: (id: string) => Promise.resolve(rooms.find((room) => room._id === id) ?? null),
    findIdsUnderGlobalRetention: (t: string, withoutDiscussions: boolean) =>
      Promise.resolve(
        rooms
          .filter((r) => r.t === t && r.retention?.enabled !== false && r.retention?.overrideGlobal !== true)
          .filter((r) => !withoutDiscussions || !r.prid)
          .map((r) => r._id),
      ),
    findWithOwnRetention: () => Promise.resolve(rooms.filter((r) => r.retention?.enabled && r.retention.overrideGlobal)),
  };
  const history = {
    prune: (room: IRoom, options: CleanHistoryOptions) => (pruned.push({ rid: room._id, options }), Promise.resolve(3)),
  };
  const runs = {
    claim: (_job: string, due: Date) => (claimed.push(due), Promise.resolve(claims.won)),
    finish: () => Promise.resolve(),
  };
  const cache = { get: (id: string) => settings[id] };
  const job = new RetentionPruneJob(
    cache as unknown as SettingsCache,
    repo as unknown as RoomsRepository,
    history as unknown as RoomHistoryService,
    runs as unknown as JobRunsRepository,
    { RETENTION_CHECK_INTERVAL_MS: 1000, INSTANCE_ID: 'core-1' } as CoreConfig,
  );
  return { job, pruned, claimed };
}

describe('RetentionPruneJob', () => {
  it('does nothing while the policy is off, and nothing when another instance claimed the run', async () => {
    const off = world({ RetentionPolicy_Enabled: false, RetentionPolicy_AppliesToChannels: true });
    await off.job.tick();
    expect(off.claimed).toEqual([]);
    const lost = world({ RetentionPolicy_Enabled: true, RetentionPolicy_AppliesToChannels: true }, { won: false });
    await lost.job.tick();
    expect(lost.claimed).toHaveLength(1);
    expect(lost.pruned).toEqual([]);
  });

  it('prunes the types the global policy applies to by their TTL, then the rooms with their own policy by maxAge', async () => {
    const w = world({
      RetentionPolicy_Enabled: true,
      RetentionPolicy_AppliesToChannels: true,
      RetentionPolicy_TTL_Channels: 5 * DAY,
      RetentionPolicy_AppliesToGroups: false,
      RetentionPolicy_DoNotPruneDiscussion: true,
      RetentionPolicy_DoNotPruneThreads: true,
      RetentionPolicy_DoNotPrunePinned: false,
      RetentionPolicy_FilesOnly: false,
    });
    const now = new Date('2026-12-03T12:00:00Z');
    expect(await w.job.prune(now)).toEqual({ rooms: 2, messages: 6 });
    expect(w.pruned.map((p) => p.rid)).toEqual(['c1', 'own']);
    expect(w.pruned[0].options).toMatchObject({
      latest: new Date(now.getTime() - 5 * DAY),
      inclusive: true,
      ignoreDiscussion: true,
      ignoreThreads: true,
      excludePinned: false,
      filesOnly: false,
      fromUsers: [],
    });
    expect(w.pruned[1].options).toMatchObject({ latest: new Date(now.getTime() - 2 * DAY), excludePinned: true, ignoreThreads: false });
  });
});
