import { describe, expect, it } from '@jest/globals';
import { AuthorizationChange } from '@rc/contracts';
import type { InboundEvents } from '@rc/platform';
import type { UserRoles, UserRolesSource } from './permission-sources.js';
import type { PermissionsConfig } from './permissions.env.js';
import { UserRolesCache } from './user-roles-cache.js';

/** The cache over an in-memory user table that counts its reads, and the broadcast handler it subscribed. */
function cache(seconds = 10) {
  const table = new Map<string, UserRoles>([
    ['alice', { _id: 'alice', roles: ['user'], active: true }],
    ['bob', { _id: 'bob', roles: ['user'], active: true }],
  ]);
  const reads: string[] = [];
  let failNext = false;
  const users: UserRolesSource = {
    findRolesById: (id: string) => {
      reads.push(id);
      if (failNext) {
        failNext = false;
        return Promise.reject(new Error('database down'));
      }
      return Promise.resolve(table.get(id) ?? null);
    },
  };
  let announce: (payload: { userId?: string }, key: string) => void = () => undefined;
  const events = {
    subscribe: (_event: unknown, _key: string, handler: typeof announce) => {
      announce = handler;
      return () => undefined;
    },
  } as unknown as InboundEvents;
  const subject = new UserRolesCache(users, events, { USER_ROLES_CACHE_SECONDS: seconds } as PermissionsConfig);
  return {
    subject,
    table,
    reads,
    announce: (key: string, userId?: string) => announce({ userId }, key),
    failNextRead: () => (failNext = true),
  };
}

describe('UserRolesCache', () => {
  it('reads a user once while held, and again after a change of that user is announced', async () => {
    const c = cache();
    await Promise.all([c.subject.get('alice'), c.subject.get('alice')]);
    await c.subject.get('bob');
    expect(c.reads).toEqual(['alice', 'bob']);

    c.table.set('alice', { _id: 'alice', roles: ['user', 'auditor'], active: true });
    expect((await c.subject.get('alice'))?.roles).toEqual(['user']);
    c.announce(AuthorizationChange.user, 'alice');
    expect((await c.subject.get('alice'))?.roles).toEqual(['user', 'auditor']);
    await c.subject.get('bob');
    expect(c.reads).toEqual(['alice', 'bob', 'alice']);
  });

  it('forgets everyone when roles change, no one when only permissions do', async () => {
    const c = cache();
    await c.subject.get('alice');
    await c.subject.get('bob');
    c.announce(AuthorizationChange.permissions);
    await c.subject.get('alice');
    expect(c.reads).toEqual(['alice', 'bob']);
    c.announce(AuthorizationChange.roles);
    await c.subject.get('alice');
    await c.subject.get('bob');
    expect(c.reads).toEqual(['alice', 'bob', 'alice', 'bob']);
  });

  it('does not remember a failed read, and reads every time when held for 0 seconds', async () => {
    const c = cache();
    c.failNextRead();
    await expect(c.subject.get('alice')).rejects.toThrow('database down');
    expect(await c.subject.get('alice')).toMatchObject({ roles: ['user'] });

    const uncached = cache(0);
    await uncached.subject.get('alice');
    await uncached.subject.get('alice');
    expect(uncached.reads).toEqual(['alice', 'alice']);
  });
});
