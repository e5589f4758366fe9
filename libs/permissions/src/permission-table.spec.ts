import { describe, expect, it } from '@jest/globals';
import type { IPermission } from '@rc/contracts';
import type { InboundEvents } from '@rc/platform';
import type { PermissionRolesSource } from './permission-sources.js';
import { PermissionTable } from './permission-table.js';
import type { PermissionsConfig } from './permissions.env.js';

/** A source whose reads resolve when the test says so, and the broadcast handler the table subscribed. */
function table() {
  let rows: IPermission[] = [{ _id: 'p', roles: ['admin'] }];
  const pending: Array<(fail?: boolean) => void> = [];
  const source: PermissionRolesSource = {
    findAll: () =>
      new Promise<IPermission[]>((resolve, reject) =>
        pending.push((fail) => (fail ? reject(new Error('authorization unreachable')) : resolve(rows))),
      ),
  };
  let announce: (payload: object, key: string) => void = () => undefined;
  const events = {
    subscribe: (_event: unknown, _key: string, handler: typeof announce) => {
      announce = handler;
      return () => undefined;
    },
  } as unknown as InboundEvents;
  const config = { PERMISSIONS_REFRESH_SECONDS: 3600 } as PermissionsConfig;
  return {
    table: new PermissionTable(source, events, config),
    reads: () => pending.length,
    announce: (key: string) => announce({}, key),
    setRows: (next: IPermission[]) => (rows = next),
    /** Answers the next read (or fails it), once the table has asked for it. */
    releaseNext: async (fail = false) => {
      while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
      pending.shift()!(fail);
    },
  };
}

describe('PermissionTable', () => {
  it('makes checks wait for a reload in progress, so nobody reads the table being replaced', async () => {
    const t = table();
    const boot = t.table.onApplicationBootstrap();
    await t.releaseNext();
    await boot;
    expect(t.table.grants('p', ['user'])).toBe(false);

    t.setRows([{ _id: 'p', roles: ['admin', 'user'] }]);
    void t.table.reload();
    let answered = false;
    const check = t.table.ready().then(() => (answered = true));
    await Promise.resolve();
    expect(answered).toBe(false);
    await t.releaseNext();
    await check;
    expect(t.table.grants('p', ['user'])).toBe(true);
    expect(t.table.grants('unknown', ['admin'])).toBe(false);
    t.table.onModuleDestroy();
  });

  it('starts the reload the moment a change is announced, so a check made right after waits for it', async () => {
    const t = table();
    const boot = t.table.onApplicationBootstrap();
    await t.releaseNext();
    await boot;

    t.setRows([{ _id: 'p', roles: ['user'] }]);
    t.announce('user');
    await Promise.resolve();
    expect(t.reads()).toBe(0);
    t.announce('permissions');
    const check = t.table.ready().then(() => t.table.grants('p', ['user']));
    await t.releaseNext();
    expect(await check).toBe(true);
    t.table.onModuleDestroy();
  });

  it('loads on the first check when asked before the app has started', async () => {
    const t = table();
    const check = t.table.ready().then(() => t.table.grants('p', ['admin']));
    await t.releaseNext();
    expect(await check).toBe(true);
  });

  it('reads again on the next check when the last read failed, rather than keep an empty table', async () => {
    const t = table();
    const first = t.table.ready();
    await t.releaseNext(true);
    await first;
    expect(t.table.grants('p', ['admin'])).toBe(false);
    const retried = t.table.ready().then(() => t.table.grants('p', ['admin']));
    await t.releaseNext();
    expect(await retried).toBe(true);
  });
});
