import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rc/contracts';
import { RoomChanges, type RoomsRepository } from '@rc/models';
import { fakeInboundEvents } from '../testing/fake-inbound-events.js';
import { RoomCache } from './room-cache.service.js';

/** The rooms collection, this process's announcements and the broadcasts this app receives, in memory. */
function world() {
  const rooms = new Map<string, Partial<Omit<IRoom, 't'>> & { _id: string; t: string }>([
    ['general', { _id: 'general', t: 'c', name: 'general' }],
    ['secret', { _id: 'secret', t: 'p', name: 'secret' }],
    ['dm', { _id: 'dm', t: 'd', uids: ['ann', 'bob'] }],
    ['chat', { _id: 'chat', t: 'l' }],
    ['call', { _id: 'call', t: 'v' }],
  ]);
  const reads: string[] = [];
  const repository = {
    findById: (id: string) => {
      reads.push(id);
      const room = rooms.get(id);
      return Promise.resolve(room ? { ...room } : null);
    },
  } as unknown as RoomsRepository;
  const { events, handlers } = fakeInboundEvents();
  const changes = new RoomChanges();
  const announce = (rid: string) => handlers.get('rooms.changed.*')!({ rid }, rid);
  return { rooms, reads, changes, cache: new RoomCache(repository, changes, events), announce, handlers };
}

describe('RoomCache', () => {
  it.each(['general', 'secret', 'dm'])('reads a room of type c, p or d once (%s); concurrent sends share the read', async (rid) => {
    const w = world();
    const [first, second] = await Promise.all([w.cache.get(rid), w.cache.get(rid)]);
    expect(await w.cache.get(rid)).toEqual(w.rooms.get(rid));
    expect(first).toBe(second);
    expect(w.reads).toEqual([rid]);
  });

  it('reads again once another instance announces the room changed (rooms.changed), and only that room', async () => {
    const w = world();
    await Promise.all([w.cache.get('general'), w.cache.get('secret')]);
    w.rooms.set('general', { _id: 'general', t: 'c', name: 'general', ro: true, muted: ['bob'] });
    w.announce('general');
    expect(await w.cache.get('general')).toMatchObject({ ro: true, muted: ['bob'] });
    await w.cache.get('secret');
    expect(w.reads).toEqual(['general', 'secret', 'general']);
  });

  it('reads again at once when this process writes the room (before any NATS round trip)', async () => {
    const w = world();
    await w.cache.get('general');
    w.rooms.set('general', { _id: 'general', t: 'c', archived: true });
    await w.changes.announce(['general']);
    expect(await w.cache.get('general')).toMatchObject({ archived: true });
    expect(w.reads).toEqual(['general', 'general']);
  });

  it('a deleted room is read again and not found', async () => {
    const w = world();
    await w.cache.get('general');
    w.rooms.delete('general');
    w.announce('general');
    expect(await w.cache.get('general')).toBeNull();
  });

  it('does not hold a read that was in flight when the room was announced changed', async () => {
    const w = world();
    const before = w.cache.get('general');
    w.rooms.set('general', { _id: 'general', t: 'c', ro: true });
    w.announce('general');
    expect(await before).not.toHaveProperty('ro');
    expect(await w.cache.get('general')).toMatchObject({ ro: true });
  });

  it.each(['chat', 'call', 'nowhere'])('never holds a livechat or VoIP room, nor an unknown one (%s)', async (rid) => {
    const w = world();
    await w.cache.get(rid);
    await Promise.resolve();
    await w.cache.get(rid);
    expect(w.reads).toEqual([rid, rid]);
  });

  it('stops listening when the app stops', async () => {
    const w = world();
    expect(w.handlers.size).toBe(1);
    w.cache.onModuleDestroy();
    expect(w.handlers.size).toBe(0);
    await w.cache.get('general');
    await w.changes.announce(['general']);
    await w.cache.get('general');
    expect(w.reads).toEqual(['general']);
  });
});
