import { describe, expect, it } from '@jest/globals';
import type { DesktopReceiverFields, UsersRepository } from '@rc/models';
import { fakeInboundEvents } from '../../testing/fake-inbound-events.js';
import { DesktopReceiverCache } from './desktop-receiver-cache.js';

/** The users collection and the broadcasts this app receives, in memory; `hold` keeps the next read pending. */
function world() {
  const users = new Map<string, DesktopReceiverFields>([
    ['ann', { _id: 'ann', status: 'online', statusConnection: 'online', settings: { preferences: { desktopNotifications: 'all' } } }],
    ['bob', { _id: 'bob', status: 'offline', statusConnection: 'offline' }],
    ['eve', { _id: 'eve', status: 'offline', statusConnection: 'online' }],
  ]);
  const reads: string[][] = [];
  let gate: Promise<void> | undefined;
  const repository = {
    findDesktopReceiversByIds: async (ids: readonly string[]) => {
      reads.push([...ids]);
      const answer = ids.flatMap((id) => (users.has(id) ? [structuredClone(users.get(id)!)] : []));
      await gate;
      return answer;
    },
  } as unknown as UsersRepository;
  const { events, handlers } = fakeInboundEvents();
  /** Delivers a broadcast as NATS would: `users.changed.*` subscribers hear every key. */
  const announce = (subject: string, payload: unknown) => {
    const key = subject.split('.').pop()!;
    const handler = handlers.get(subject) ?? handlers.get(subject.replace(/[^.]+$/, '*'));
    handler!(payload, key);
  };
  const hold = () => {
    let release!: () => void;
    gate = new Promise<void>((resolve) => (release = resolve));
    return () => {
      gate = undefined;
      release();
    };
  };
  return { users, reads, cache: new DesktopReceiverCache(repository, events), announce, handlers, hold };
}

const ids = (receivers: DesktopReceiverFields[]) => receivers.map((user) => user._id).sort();

describe('DesktopReceiverCache', () => {
  it('answers the connected users (an invisible one too), and reads each user once, unknown and offline ones included', async () => {
    const w = world();
    expect(ids(await w.cache.connectedAmong(['ann', 'bob', 'eve', 'ghost']))).toEqual(['ann', 'eve']);
    expect(ids(await w.cache.connectedAmong(['ann', 'bob', 'eve', 'ghost']))).toEqual(['ann', 'eve']);
    expect(ids(await w.cache.connectedAmong(['bob', 'ghost']))).toEqual([]);
    expect(w.reads).toEqual([['ann', 'bob', 'eve', 'ghost']]);
  });

  it('reads only the users it does not hold', async () => {
    const w = world();
    await w.cache.connectedAmong(['ann']);
    w.users.set('cid', { _id: 'cid', status: 'busy', statusConnection: 'online' });
    expect(ids(await w.cache.connectedAmong(['ann', 'cid']))).toEqual(['ann', 'cid']);
    expect(w.reads).toEqual([['ann'], ['cid']]);
  });

  it.each([
    [
      'a preference written by accounts',
      'users.changed.preferences',
      (u: DesktopReceiverFields) => ({ ...u, settings: { preferences: { desktopNotifications: 'nothing' } } }),
    ],
    ['a status written by presence', 'users.changed.presence', (u: DesktopReceiverFields) => ({ ...u, status: 'busy' as const })],
    [
      'a connection closed (presence)',
      'users.changed.presence',
      (u: DesktopReceiverFields) => ({ ...u, status: 'offline' as const, statusConnection: 'offline' as const }),
    ],
  ])('reads the user again after %s (%s), and only that user', async (_what, subject, change) => {
    const w = world();
    await w.cache.connectedAmong(['ann', 'eve']);
    const after = change(w.users.get('ann')!);
    w.users.set('ann', after);
    w.announce(`${subject}`, { userId: 'ann' });
    const answer = await w.cache.connectedAmong(['ann', 'eve']);
    expect(answer.find((user) => user._id === 'ann')).toEqual(after.statusConnection === 'offline' ? undefined : after);
    expect(w.reads).toEqual([['ann', 'eve'], ['ann']]);
  });

  it('reads the user again after their deactivation or deletion (authorization.changed user); other kinds change nothing', async () => {
    const w = world();
    await w.cache.connectedAmong(['ann']);
    w.announce('authorization.changed.user', { userId: 'ann' });
    await w.cache.connectedAmong(['ann']);
    expect(w.reads).toEqual([['ann'], ['ann']]);
    expect(w.handlers.has('authorization.changed.roles')).toBe(false);
  });

  it('uses, but does not hold, a read that was in flight when the user was announced changed', async () => {
    const w = world();
    const release = w.hold();
    const before = w.cache.connectedAmong(['ann', 'eve']);
    w.users.set('ann', { _id: 'ann', status: 'offline', statusConnection: 'offline' });
    w.announce('users.changed.presence', { userId: 'ann' });
    release();
    expect(ids(await before)).toEqual(['ann', 'eve']);
    expect(ids(await w.cache.connectedAmong(['ann', 'eve']))).toEqual(['eve']);
    // eve, unchanged, was held from the first read.
    expect(w.reads).toEqual([['ann', 'eve'], ['ann']]);
  });

  it('stops listening when the app stops', () => {
    const w = world();
    expect(w.handlers.size).toBe(2);
    w.cache.onModuleDestroy();
    expect(w.handlers.size).toBe(0);
  });
});
