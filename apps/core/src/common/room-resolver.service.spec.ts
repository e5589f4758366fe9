import { describe, expect, it } from '@jest/globals';
import type { ModuleRef } from '@nestjs/core';
import { coreWorld } from '../testing/core-world.js';
import { RoomResolver } from './room-resolver.service.js';

/** bob reads `general`, `secret`, `old`, `oldp` and his direct message with alice; `alicecarol` is another pair's. */
function world() {
  const w = coreWorld({
    users: ['alice', 'bob', 'carol'].map((id) => ({ _id: id, username: id })),
    rooms: [
      { _id: 'general', t: 'c', name: 'general' },
      { _id: 'old', t: 'c', name: 'old', archived: true },
      { _id: 'secret', t: 'p', name: 'secret' },
      { _id: 'oldp', t: 'p', name: 'oldp', archived: true },
      { _id: 'alicebob', t: 'd', uids: ['alice', 'bob'] },
      { _id: 'alicecarol', t: 'd', uids: ['alice', 'carol'] },
    ],
  });
  w.fakeAccess.canAccess = (userId, roomId) => userId === 'bob' && roomId !== 'alicecarol';
  return w;
}

const CHANNEL_NOT_FOUND = 'The required "roomId" or "roomName" param provided does not match any channel';
const GROUP_NOT_FOUND = 'The required "roomId" or "roomName" param provided does not match any group';

describe('RoomResolver.resolve, family by family (Rocket.Chat 7 helpers)', () => {
  it('channels.*: no room named and another type are "not found"; archived refused only when asked', async () => {
    const { resolver } = world();
    await expect(resolver.resolve('bob', { t: 'c' })).rejects.toMatchObject({ code: 'error-room-not-found', reason: CHANNEL_NOT_FOUND });
    await expect(resolver.resolve('bob', { roomId: 'secret', t: 'c' })).rejects.toMatchObject({ reason: CHANNEL_NOT_FOUND });
    await expect(resolver.resolve('bob', { roomName: 'old', t: 'c' })).resolves.toMatchObject({ _id: 'old' });
    await expect(resolver.resolve('bob', { roomId: 'old', t: 'c' }, { checkArchived: true })).rejects.toMatchObject({
      code: 'error-room-archived',
      reason: 'The channel, old, is archived',
    });
  });

  it('groups.*: the parameter is required; an outsider and another type read "not found"', async () => {
    const { resolver } = world();
    await expect(resolver.resolve('bob', { t: 'p' })).rejects.toMatchObject({
      code: 'error-room-param-not-provided',
      reason: 'The parameter "roomId" or "roomName" is required',
    });
    await expect(resolver.resolve('carol', { roomId: 'secret', t: 'p' })).rejects.toMatchObject({ reason: GROUP_NOT_FOUND });
    await expect(resolver.resolve('bob', { roomId: 'general', t: 'p' })).rejects.toMatchObject({ reason: GROUP_NOT_FOUND });
    await expect(resolver.resolve('bob', { roomId: 'oldp', t: 'p' }, { checkArchived: true })).rejects.toMatchObject({
      reason: 'The private group, oldp, is archived',
    });
  });

  it("im.*: unknown or another type is a bare invalid-channel; another pair's is found, then 403", async () => {
    const { resolver } = world();
    for (const roomId of ['nope', 'general']) {
      await expect(resolver.resolve('bob', { roomId, t: 'd' })).rejects.toMatchObject({ code: 'invalid-channel', reason: '' });
    }
    await expect(resolver.resolve('bob', { t: 'd' })).rejects.toMatchObject({
      code: 'error-room-param-not-provided',
      reason: 'Query param "roomId" or "username" is required',
    });
    await expect(resolver.direct('bob', { roomId: 'alicecarol' })).resolves.toMatchObject({ _id: 'alicecarol' });
    await expect(resolver.resolve('bob', { roomId: 'alicecarol', t: 'd' })).rejects.toMatchObject({ code: 'error-unauthorized' });
    // By the other member's username: the caller's own direct message.
    await expect(resolver.resolve('bob', { roomName: 'alice', t: 'd' })).resolves.toMatchObject({ _id: 'alicebob' });
  });

  it("im.* by the username of a user one has no direct message with: created (Rocket.Chat's getRoomByNameOrIdWithOptionToJoin)", async () => {
    const w = world();
    w.fakeAccess.canAccess = (userId, roomId) => userId === 'bob' && roomId === 'bobcarol';
    w.fakeAccess.grant('bob', 'create-d').grant('carol', 'view-d-room');
    const moduleRef = { get: () => w.directRooms } as unknown as ModuleRef;
    const resolver = new RoomResolver(w.rooms, w.access, w.users, moduleRef);
    expect(await w.rooms.findById('bobcarol')).toBeNull();
    await expect(resolver.resolve('bob', { roomName: 'carol', t: 'd' })).resolves.toMatchObject({ _id: 'bobcarol', t: 'd' });
    // An unknown username is still the bare invalid-channel, and nothing is created.
    await expect(resolver.resolve('bob', { roomName: 'nobody', t: 'd' })).rejects.toMatchObject({ code: 'invalid-channel' });
  });

  it('im.* routes that check access first: an unknown room id is 403, not invalid-channel', async () => {
    const w = world();
    w.fakeAccess.canAccess = (_userId, roomId) => roomId === 'alicebob';
    await expect(w.resolver.resolve('bob', { roomId: 'nope', t: 'd' }, { accessFirst: true })).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
    await expect(w.resolver.resolve('bob', { roomId: 'alicebob', t: 'd' }, { accessFirst: true })).resolves.toMatchObject({
      _id: 'alicebob',
    });
  });

  it("rooms.*: Rocket.Chat's findRoomByIdOrName refuses an archived room of any type, in the channel wording", async () => {
    const { resolver } = world();
    await expect(resolver.findRoomByIdOrName({})).rejects.toMatchObject({ code: 'error-roomid-param-not-provided' });
    await expect(resolver.findRoomByIdOrName({ roomId: 'nope' })).rejects.toMatchObject({ reason: CHANNEL_NOT_FOUND });
    await expect(resolver.findRoomByIdOrName({ roomId: 'oldp' })).resolves.toMatchObject({ _id: 'oldp' });
    await expect(resolver.findRoomByIdOrName({ roomId: 'oldp' }, { checkArchived: true })).rejects.toMatchObject({
      code: 'error-room-archived',
      reason: 'The channel, oldp, is archived',
    });
  });
});
