import { describe, expect, it } from '@jest/globals';
import type { RoomUser, UsersRepository } from '@rc/models';
import { fakeInboundEvents } from '../testing/fake-inbound-events.js';
import { SenderCache } from './sender-cache.service.js';

/** The users collection and the broadcasts this app receives, in memory. */
function world() {
  const users = new Map<string, Partial<RoomUser> & { _id: string }>([
    ['ann', { _id: 'ann', username: 'ann', name: 'Ann', status: 'online', roles: ['user'] }],
    ['nobody', { _id: 'nobody' }],
  ]);
  const reads: string[] = [];
  const repository = {
    findRoomUserById: (id: string) => {
      reads.push(id);
      const user = users.get(id);
      return Promise.resolve(user ? { ...user } : null);
    },
  } as unknown as UsersRepository;
  const { events, handlers } = fakeInboundEvents();
  const announce = (subject: string, payload: unknown) => handlers.get(subject)!(payload, subject.split('.').pop()!);
  return { users, reads, cache: new SenderCache(repository, events), announce, handlers };
}

describe('SenderCache', () => {
  it('reads a sender once, holding only what a send needs (no status)', async () => {
    const w = world();
    const [first, second] = await Promise.all([w.cache.get('ann'), w.cache.get('ann')]);
    expect(await w.cache.get('ann')).toEqual({ _id: 'ann', username: 'ann', name: 'Ann', type: undefined });
    expect(first).toEqual(second);
    expect(first).not.toHaveProperty('status');
    expect(w.reads).toEqual(['ann']);
  });

  it('reads again after Users:NameChanged, Users:Deleted or a change of the user in authorization', async () => {
    const w = world();
    await w.cache.get('ann');
    w.users.set('ann', { _id: 'ann', username: 'anna', name: 'Anna' });
    w.announce('stream.notify-logged.Users:NameChanged', { eventName: 'Users:NameChanged', args: [{ _id: 'ann', username: 'anna' }] });
    expect(await w.cache.get('ann')).toMatchObject({ username: 'anna', name: 'Anna' });
    w.announce('stream.notify-logged.Users:Deleted', { eventName: 'Users:Deleted', args: [{ userId: 'ann' }] });
    await w.cache.get('ann');
    w.announce('authorization.changed.user', { userId: 'ann' });
    await w.cache.get('ann');
    expect(w.reads).toEqual(['ann', 'ann', 'ann', 'ann']);
  });

  it('does not hold a read that was in flight when the change was announced', async () => {
    const w = world();
    const before = w.cache.get('ann');
    w.users.set('ann', { _id: 'ann', username: 'anna' });
    w.cache.forget('ann');
    await before;
    expect(await w.cache.get('ann')).toMatchObject({ username: 'anna' });
  });

  it('never holds a user without a username, nor an unknown one', async () => {
    const w = world();
    expect(await w.cache.get('nobody')).toMatchObject({ _id: 'nobody', username: undefined });
    w.users.set('nobody', { _id: 'nobody', username: 'finally' });
    await Promise.resolve();
    expect(await w.cache.get('nobody')).toMatchObject({ username: 'finally' });
    expect(await w.cache.get('ghost')).toBeNull();
    w.users.set('ghost', { _id: 'ghost', username: 'ghost' });
    await Promise.resolve();
    expect(await w.cache.get('ghost')).toMatchObject({ username: 'ghost' });
  });

  it('stops listening when the app stops', () => {
    const w = world();
    expect(w.handlers.size).toBe(3);
    w.cache.onModuleDestroy();
    expect(w.handlers.size).toBe(0);
  });
});
