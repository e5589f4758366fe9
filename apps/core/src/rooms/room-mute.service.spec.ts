import { beforeEach, describe, expect, it } from '@jest/globals';
import { coreWorld, type CoreWorld } from '../testing/core-world.js';
import { RoomMuteService } from './room-mute.service.js';

const mod = { userId: 'mod', username: 'mod' };

describe('RoomMuteService', () => {
  let world: CoreWorld;
  let service: RoomMuteService;

  beforeEach(() => {
    world = coreWorld({
      users: [
        { _id: 'mod', username: 'mod' },
        { _id: 'bob', username: 'bob' },
        { _id: 'eve', username: 'eve' },
      ],
      rooms: [
        { _id: 'c1', t: 'c', name: 'ops' },
        { _id: 'ro', t: 'c', name: 'news', ro: true },
        { _id: 'd1', t: 'd' },
      ],
    });
    for (const rid of ['c1', 'ro', 'd1']) {
      world.subscribe(rid, 'mod');
      world.subscribe(rid, 'bob');
    }
    world.fakeAccess.grant('mod', 'mute-user', 'c1').grant('mod', 'mute-user', 'ro').grant('mod', 'mute-user', 'd1');
    service = new RoomMuteService(world.access, world.rooms, world.subscriptions, world.users, world.systemMessages, world.realtime);
  });

  it('mutes and unmutes a member, with a system message each time', async () => {
    await service.setMuted(mod, 'c1', { username: '@bob' }, true);
    expect((await world.rooms.findById('c1'))?.muted).toEqual(['bob']);
    await service.setMuted(mod, 'c1', { userId: 'bob' }, false);
    expect((await world.rooms.findById('c1'))?.muted).toEqual([]);
    expect(world.systemMessagesIn('c1')).toEqual([
      ['user-muted', 'bob'],
      ['user-unmuted', 'bob'],
    ]);
  });

  it('in a read-only room, unmuting lets a member post and muting takes that back', async () => {
    await service.setMuted(mod, 'ro', { username: 'bob' }, false);
    expect((await world.rooms.findById('ro')) as unknown).toMatchObject({ unmuted: ['bob'] });
    await service.setMuted(mod, 'ro', { username: 'bob' }, true);
    expect((await world.rooms.findById('ro')) as unknown).toMatchObject({ unmuted: [] });
  });

  it('refuses without mute-user, in direct messages, for unknown users and non-members, changing nothing', async () => {
    await expect(service.setMuted({ userId: 'bob', username: 'bob' }, 'c1', { username: 'mod' }, true)).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
    await expect(service.setMuted(mod, 'd1', { username: 'bob' }, true)).rejects.toMatchObject({ code: 'error-invalid-room-type' });
    await expect(service.setMuted(mod, 'c1', { username: 'ghost' }, true)).rejects.toMatchObject({ code: 'error-invalid-user' });
    await expect(service.setMuted(mod, 'c1', { username: 'eve' }, true)).rejects.toMatchObject({ code: 'error-user-not-in-room' });
    await expect(service.setMuted(mod, 'c1', {}, true)).rejects.toMatchObject({ code: 'error-user-param-not-provided' });
    expect((await world.rooms.findById('c1'))?.muted ?? []).toEqual([]);
    expect(world.systemMessagesIn('c1')).toEqual([]);
  });
});
