import { describe, expect, it } from '@jest/globals';
import type { IPermission } from '@rc/contracts';
import type { PermissionsRepository } from '@rc/models';
import type { EventBus } from '@rc/platform';
import type { AuthorizationConfig } from '../authorization.env.js';
import { PermissionTable } from './permission-table.js';

/** A repository whose reads resolve when the test says so (unit test of the reload ordering only). */
function table() {
  let rows: IPermission[] = [{ _id: 'p', roles: ['admin'] }];
  const pending: Array<() => void> = [];
  const repository = {
    findAll: () => new Promise<IPermission[]>((resolve) => pending.push(() => resolve(rows))),
  } as unknown as PermissionsRepository;
  const events = { subscribe: () => () => undefined } as unknown as EventBus;
  const config = { PERMISSIONS_REFRESH_SECONDS: 3600 } as AuthorizationConfig;
  return {
    table: new PermissionTable(repository, events, config),
    setRows: (next: IPermission[]) => (rows = next),
    /** Answers the next read, once the table has asked for it. */
    releaseNext: async () => {
      while (pending.length === 0) await new Promise((resolve) => setImmediate(resolve));
      pending.shift()!();
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
});
