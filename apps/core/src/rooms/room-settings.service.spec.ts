import { describe, expect, it } from '@jest/globals';
import type { Actor, IRoom } from '@rc/contracts';
import { coreWorld } from '../testing/core-world.js';
import type { AvatarsService } from '../avatars/avatars.service.js';
import { RoomSettingsService } from './room-settings.service.js';

const alice = { userId: 'alice', username: 'alice' };

/** A channel `general` with alice (who may edit it) and bob; `taken` holds another name. */
function world(general: Partial<IRoom> = {}) {
  const w = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob' },
    ],
    rooms: [
      { _id: 'general', t: 'c', name: 'general', topic: 'old', ...general },
      { _id: 'taken', t: 'p', name: 'taken' },
      { _id: 'alicebob', t: 'd', uids: ['alice', 'bob'] },
    ],
  });
  w.subscribe('general', 'alice');
  w.subscribe('general', 'bob');
  w.fakeAccess.grant('alice', 'edit-room', 'general');
  const settings = new RoomSettingsService(
    w.access,
    w.resolver,
    w.rooms,
    w.subscriptions,
    w.users,
    w.settings,
    w.systemMessages,
    w.eraser,
    w.realtime,
    // Room avatars are AvatarsService's (its own spec); these tests change no avatar.
    { setRoomAvatar: () => Promise.reject(new Error('no avatar change expected')) } as unknown as AvatarsService,
    w.teams,
  );
  return { ...w, roomSettings: settings };
}
const general = { roomId: 'general', t: 'c' } as const;

describe('RoomSettingsService.save', () => {
  it("renames the room and every member's subscription, with an r system message", async () => {
    const w = world();
    await expect(w.roomSettings.save(alice, general, { name: 'lobby' })).resolves.toMatchObject({ name: 'lobby', fname: 'lobby' });
    expect(w.repos.subscriptions.data.find({ rid: 'general' }).map((s) => s.name)).toEqual(['lobby', 'lobby']);
    expect(w.systemMessagesIn('general')).toEqual([['r', 'lobby']]);
    expect(w.named('subscriptionChanged')).toHaveLength(2);
  });

  it('sets the topic with room_changed_topic, and read-only with set-readonly and room-set-read-only', async () => {
    const w = world();
    await w.roomSettings.save(alice, general, { topic: 'new' });
    await expect(w.roomSettings.save(alice, general, { readOnly: true })).rejects.toMatchObject({ code: 'error-action-not-allowed' });
    w.fakeAccess.grant('alice', 'set-readonly', 'general');
    await w.roomSettings.save(alice, general, { readOnly: true });
    expect(w.repos.rooms.data.get('general')).toMatchObject({ topic: 'new', ro: true });
    expect(w.systemMessagesIn('general')).toEqual([
      ['room_changed_topic', 'new'],
      ['room-set-read-only', ''],
    ]);
  });

  it('refuses a value that would not change, in Rocket.Chat words', async () => {
    const w = world();
    await expect(w.roomSettings.save(alice, general, { topic: 'old' })).rejects.toMatchObject({
      code: 'invalid-params',
      reason: 'The channel topic is the same as what it would be changed to.',
    });
  });

  it('refuses without edit-room, the default flag without view-room-administration, and a taken or invalid name', async () => {
    const w = world();
    await expect(w.roomSettings.save({ userId: 'bob' } as Actor, general, { topic: 'x' })).rejects.toMatchObject({
      code: 'error-action-not-allowed',
    });
    await expect(w.roomSettings.save(alice, general, { default: true })).rejects.toMatchObject({ code: 'error-action-not-allowed' });
    await expect(w.roomSettings.save(alice, general, { name: 'taken' })).rejects.toMatchObject({ code: 'error-duplicate-channel-name' });
    await expect(w.roomSettings.save(alice, general, { name: 'no way' })).rejects.toMatchObject({ code: 'error-invalid-room-name' });
    expect(w.systemMessagesIn('general')).toEqual([]);
  });

  it('refuses changes to an archived room', async () => {
    const w = world({ archived: true });
    await expect(w.roomSettings.save(alice, general, { topic: 'x' })).rejects.toMatchObject({ code: 'error-room-archived' });
  });
});

describe('RoomSettingsService.save: type, join code, custom fields', () => {
  it('changes the type with create-p / create-c, on the room and every subscription, with room_changed_privacy', async () => {
    const w = world();
    await expect(w.roomSettings.save(alice, general, { type: 'p' })).rejects.toMatchObject({
      code: 'error-action-not-allowed',
      reason: 'Changing a public channel to a private room is not allowed',
    });
    w.fakeAccess.grant('alice', 'create-p');
    await expect(w.roomSettings.save(alice, general, { type: 'x' })).rejects.toMatchObject({ code: 'error-invalid-room-type' });
    await expect(w.roomSettings.save(alice, general, { type: 'c' })).rejects.toMatchObject({
      reason: 'The channel type is the same as what it would be changed to.',
    });
    await expect(w.roomSettings.save(alice, general, { type: ' ' })).rejects.toMatchObject({ reason: 'The bodyParam "type" is required' });
    await expect(w.roomSettings.save(alice, general, { type: 'p' })).resolves.toMatchObject({ t: 'p' });
    expect(w.repos.subscriptions.data.find({ rid: 'general' }).map((s) => s.t)).toEqual(['p', 'p']);
    expect(w.systemMessagesIn('general')).toContainEqual(['room_changed_privacy', 'private']);
  });

  it("refuses a direct message's type", async () => {
    const w = world();
    w.subscribe('alicebob', 'alice');
    w.fakeAccess.grant('alice', ['edit-room', 'create-p'], 'alicebob');
    w.fakeAccess.grant('alice', 'create-p');
    await expect(w.roomSettings.save(alice, { roomId: 'alicebob' }, { type: 'p' })).rejects.toMatchObject({ code: 'error-direct-room' });
  });

  it('sets and removes the join code, and replaces the custom fields', async () => {
    const w = world();
    await w.roomSettings.save(alice, general, { joinCode: 'secret', customFields: { team: 'blue' } });
    expect(w.repos.rooms.data.get('general')).toMatchObject({ joinCode: 'secret', customFields: { team: 'blue' } });
    await w.roomSettings.save(alice, general, { joinCode: '', customFields: { size: 3 } });
    expect(w.repos.rooms.data.get('general')?.joinCode).toBeUndefined();
    expect(w.repos.rooms.data.get('general')?.customFields).toEqual({ size: 3 });
  });
});

describe('RoomSettingsService.archive', () => {
  it('archives with archive-room: room and subscriptions archived and closed, room-archived message; then unarchives', async () => {
    const w = world();
    w.fakeAccess.grant('alice', ['archive-room', 'unarchive-room']);
    await w.roomSettings.archive(alice, general, true);
    expect(w.repos.rooms.data.get('general')!.archived).toBe(true);
    expect(w.repos.subscriptions.data.find({ rid: 'general' }).map((s) => [s.archived, s.open])).toEqual([
      [true, false],
      [true, false],
    ]);
    await expect(w.roomSettings.archive(alice, general, true)).rejects.toMatchObject({ code: 'error-room-archived' });
    await w.roomSettings.archive(alice, general, false);
    expect(w.repos.subscriptions.data.find({ rid: 'general' }).map((s) => [s.archived, s.open])).toEqual([
      [false, true],
      [false, true],
    ]);
    expect(w.systemMessagesIn('general')).toEqual([
      ['room-archived', ''],
      ['room-unarchived', ''],
    ]);
  });

  it('refuses without archive-room (error-not-authorized), a direct message, and unarchiving a room that is not archived', async () => {
    const w = world();
    await expect(w.roomSettings.archive(alice, general, true)).rejects.toMatchObject({ code: 'error-not-authorized' });
    await expect(w.roomSettings.archive(alice, { roomId: 'alicebob' }, true)).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(w.roomSettings.archive(alice, general, false)).rejects.toMatchObject({
      code: 'failure',
      reason: 'The channel, general, is not archived',
    });
  });
});

describe('RoomSettingsService.delete', () => {
  it('needs delete-c in the room, then erases it', async () => {
    const w = world();
    await expect(w.roomSettings.delete(alice, general)).rejects.toMatchObject({ code: 'error-not-allowed' });
    w.fakeAccess.grant('alice', 'delete-c', 'general');
    await w.roomSettings.delete(alice, general);
    expect(w.repos.rooms.data.get('general')).toBeNull();
    expect(w.repos.subscriptions.data.find({ rid: 'general' })).toEqual([]);
  });

  it("im.delete: another pair's direct message is `Not allowed` unless the caller administers rooms", async () => {
    const w = world();
    const carol = { userId: 'carol', username: 'carol' };
    w.fakeAccess.canAccess = (userId) => userId !== 'carol';
    w.fakeAccess.grant('carol', 'delete-d');
    await expect(w.roomSettings.delete(carol, { roomId: 'alicebob', t: 'd' })).rejects.toMatchObject({
      code: 'error-not-allowed',
      reason: 'Not allowed',
    });
    await expect(w.roomSettings.delete(carol, { roomId: 'nope', t: 'd' })).rejects.toMatchObject({ code: 'invalid-channel' });
    expect(w.repos.rooms.data.get('alicebob')).not.toBeNull();
    w.fakeAccess.grant('carol', 'view-room-administration');
    await w.roomSettings.delete(carol, { roomId: 'alicebob', t: 'd' });
    expect(w.repos.rooms.data.get('alicebob')).toBeNull();
  });
});
