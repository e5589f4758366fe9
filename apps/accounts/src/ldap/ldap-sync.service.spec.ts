import { describe, expect, it, jest } from '@jest/globals';
import { LdapSync, type SyncReport } from './ldap-sync.service.js';
import type { LdapSettings } from './ldap-settings.js';

const REPORT: SyncReport = { created: 0, updated: 0, deactivated: 0, reactivated: 0 };

/** Only what sync() and intervalMs() use; the directory work (run) is replaced by a controllable promise. */
function syncWith(overrideSeconds = 0) {
  const sync = new LdapSync(
    {} as never,
    {} as never,
    {} as never,
    {} as never,
    {} as never,
    {
      LDAP_BACKGROUND_SYNC_INTERVAL_SECONDS: overrideSeconds,
    } as never,
  );
  const runs: Array<() => void> = [];
  const run = jest.fn(() => new Promise<SyncReport>((resolve) => runs.push(() => resolve(REPORT))));
  (sync as unknown as { run: typeof run }).run = run;
  return { sync, run, finishRun: (i: number) => runs[i]() };
}

const settings = (backgroundSync: LdapSettings['backgroundSync'], enabled = true) => ({ enabled, backgroundSync }) as LdapSettings;

describe('LdapSync', () => {
  it('runs once more after the running sync when asked meanwhile, however often', async () => {
    const { sync, run, finishRun } = syncWith();
    const first = sync.sync();
    const second = sync.sync();
    const third = sync.sync();
    expect(run).toHaveBeenCalledTimes(1);
    finishRun(0);
    await first;
    await new Promise((r) => setImmediate(r));
    expect(run).toHaveBeenCalledTimes(2);
    finishRun(1);
    await expect(Promise.all([second, third])).resolves.toEqual([REPORT, REPORT]);
    expect(run).toHaveBeenCalledTimes(2);
  });

  it("follows LDAP_Background_Sync_Interval's options, off when the sync or LDAP is", () => {
    const { sync } = syncWith();
    const every = (interval: string) => sync.intervalMs(settings({ interval, importNewUsers: true, keepExistingUpdated: true }));
    expect(every('every_1_hour')).toBe(3_600_000);
    expect(every('every_48_hours')).toBe(48 * 3_600_000);
    expect(every('something else')).toBe(24 * 3_600_000);
    expect(sync.intervalMs(settings(undefined))).toBe(0);
    expect(sync.intervalMs(settings({ interval: 'every_1_hour', importNewUsers: true, keepExistingUpdated: true }, false))).toBe(0);
    const overridden = syncWith(2).sync;
    expect(overridden.intervalMs(settings({ interval: 'every_1_hour', importNewUsers: true, keepExistingUpdated: true }))).toBe(2000);
  });
});
