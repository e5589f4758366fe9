import { describe, expect, it } from '@jest/globals';
import type { Actor, IRoom } from '@rc/contracts';
import type { RoomPageQuery } from '@rc/models';
import { asReal, coreWorld } from '../testing/core-world.js';
import { project, RoomQueriesService } from './room-queries.service.js';
import { fakePageSize } from '../testing/fake-services.js';

const bob = { userId: 'bob' } as Actor;

/** bob in `general` and `secret`; the room pages and member pages the service asks for are recorded. */
function world() {
  const w = coreWorld({
    users: ['alice', 'bob'].map((id) => ({ _id: id, username: id })),
    rooms: [
      { _id: 'general', t: 'c', name: 'general' },
      { _id: 'news', t: 'c', name: 'news', broadcast: true },
      { _id: 'secret', t: 'p', name: 'secret' },
      { _id: 'alicebob', t: 'd', uids: ['alice', 'bob'] },
      { _id: 'crew-main', t: 'c', name: 'crew', teamId: 'crew', teamMain: true, customFields: { level: 3 } },
      { _id: 'crew-room', t: 'c', name: 'crew-room', teamId: 'crew' },
      { _id: 'talk', t: 'c', name: 'talk', prid: 'general', fname: 'A talk' },
    ],
  });
  void w.teams.insert({
    _id: 'crew',
    name: 'crew',
    type: 0,
    roomId: 'crew-main',
    createdAt: new Date(),
    createdBy: { _id: 'bob', username: 'bob' },
  });
  w.subscribe('general', 'bob');
  w.subscribe('secret', 'bob');
  w.subscribe('general', 'alice');
  const asked: { page?: RoomPageQuery; members?: string[] } = {};
  const rooms = Object.assign(Object.create(w.repos.rooms) as object, {
    findPage: (query: RoomPageQuery) => ((asked.page = query), Promise.resolve({ rooms: [] as IRoom[], total: 0 })),
  });
  const users = Object.assign(Object.create(w.repos.users) as object, {
    findRoomUsersPageAmong: (ids: string[]) => ((asked.members = ids), Promise.resolve({ users: [], total: 0 })),
  });
  const trash = { findRoomIdsUnsubscribedSince: () => Promise.resolve(['gone']), findRoomsDeletedSince: () => Promise.resolve([]) };
  const queries = new RoomQueriesService(
    fakePageSize(),
    w.access,
    w.resolver,
    asReal(rooms),
    w.subscriptions,
    asReal(users),
    asReal(trash),
    w.teams,
  );
  return { ...w, queries, asked };
}
const list = { t: 'c' as const, joinedOnly: false, offset: 0, count: undefined };

describe('RoomQueriesService.list', () => {
  it('lists every public channel for view-c-room, hiding team rooms other than the caller’s', async () => {
    const w = world();
    w.fakeAccess.grant('bob', 'view-c-room');
    await w.queries.list(bob, list);
    expect(w.asked.page).toMatchObject({
      t: 'c',
      ids: undefined,
      excludeTeamRoomsExcept: ['general', 'secret'],
      limit: 50,
      sort: { name: 1 },
    });
  });

  it('lists only joined channels with view-joined-room alone, and refuses with neither', async () => {
    const w = world();
    await expect(w.queries.list(bob, list)).rejects.toMatchObject({ code: 'error-unauthorized' });
    w.fakeAccess.grant('bob', 'view-joined-room');
    await w.queries.list(bob, list);
    expect(w.asked.page).toMatchObject({ ids: ['general'] });
  });

  it("lists a user's own groups, and direct messages newest first; refuses an unknown sort field", async () => {
    const w = world();
    await w.queries.list(bob, { ...list, t: 'p' });
    expect(w.asked.page).toMatchObject({ t: 'p', ids: ['secret'] });
    await w.queries.list(bob, { ...list, t: 'd' });
    expect(w.asked.page).toMatchObject({ sort: { _updatedAt: -1 } });
    await expect(w.queries.list(bob, { ...list, t: 'p', sort: { joinCode: 1 } })).rejects.toMatchObject({ code: 'error-invalid-sort' });
  });
});

describe('RoomQueriesService.members and info', () => {
  it("reads a room's members from the subscriptions, and a DM's from its uids", async () => {
    const w = world();
    await w.queries.members(bob, { roomId: 'general', t: 'c' }, { offset: 0, count: undefined });
    expect(w.asked.members).toEqual(['bob', 'alice']);
    await w.queries.members(bob, { roomId: 'alicebob', t: 'd' }, { offset: 0, count: undefined });
    expect(w.asked.members).toEqual(['alice', 'bob']);
  });

  it('needs view-broadcast-member-list for a broadcast room, and access for any room', async () => {
    const w = world();
    await expect(w.queries.members(bob, { roomId: 'news' }, { offset: 0, count: undefined })).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
    w.fakeAccess.canAccess = () => false;
    await expect(w.queries.info(bob, { roomId: 'general' })).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(w.queries.info(bob, { roomId: 'secret', t: 'p' })).rejects.toMatchObject({ code: 'error-room-not-found' });
  });
});

describe('RoomQueriesService.get and resolve', () => {
  it('answers the rooms the caller is subscribed to', async () => {
    const w = world();
    await expect(w.queries.get(bob)).resolves.toEqual([
      expect.objectContaining({ _id: 'general' }),
      expect.objectContaining({ _id: 'secret' }),
    ]);
  });

  it('resolves a name or id to a readable room only', async () => {
    const w = world();
    await expect(w.queries.resolve(bob, 'general')).resolves.toEqual({ _id: 'general', name: 'general', t: 'c' });
    w.fakeAccess.canAccess = () => false;
    await expect(w.queries.resolve(bob, 'general')).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(w.queries.resolve(bob, 'nowhere')).rejects.toMatchObject({ code: 'error-not-allowed' });
  });
});

describe('RoomQueriesService.infoInContext (rooms.info)', () => {
  it('answers a team room with its team and the main room as parent, a main room with its team only', async () => {
    const w = world();
    const main = await w.queries.infoInContext(bob, { roomId: 'crew-main' });
    expect(main).toEqual({
      room: expect.objectContaining({ _id: 'crew-main', customFields: { level: 3 } }),
      team: { _id: 'crew', name: 'crew', roomId: 'crew-main', type: 0 },
    });
    const inTeam = await w.queries.infoInContext(bob, { roomId: 'crew-room' });
    expect(inTeam.team).toEqual({ _id: 'crew', name: 'crew', roomId: 'crew-main', type: 0 });
    expect(inTeam.parent).toEqual({ _id: 'crew-main', name: 'crew', t: 'c' });
  });

  it('answers a discussion with its parent room, and a plain room with neither', async () => {
    const w = world();
    expect((await w.queries.infoInContext(bob, { roomId: 'talk' })).parent).toEqual({ _id: 'general', name: 'general', t: 'c' });
    const plain = await w.queries.infoInContext(bob, { roomId: 'general' });
    expect(plain).not.toHaveProperty('team');
    expect(plain).not.toHaveProperty('parent');
  });

  it('honours fields', async () => {
    const w = world();
    expect((await w.queries.infoInContext(bob, { roomId: 'general' }, { name: 1 })).room).toEqual({ _id: 'general', name: 'general' });
  });
});

describe('project (Rocket.Chat fields)', () => {
  const doc = { _id: 'r', name: 'n', t: 'c', lastMessage: { msg: 'x' } };
  it.each([
    [{ name: 1 }, { _id: 'r', name: 'n' }],
    [{ name: 1, _id: 0 }, { name: 'n' }],
    [{ 'lastMessage.msg': 1 }, { _id: 'r', lastMessage: { msg: 'x' } }],
    [
      { name: 0, t: 0 },
      { _id: 'r', lastMessage: { msg: 'x' } },
    ],
    [{}, doc],
  ] as const)('%j', (fields, expected) => {
    expect(project(doc, fields as Record<string, 0 | 1>)).toEqual(expected);
  });
});
