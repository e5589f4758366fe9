import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { queryPlans } from '../support/query-plans.js';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, type CoreUser } from './support/core-fixtures.js';

/**
 * Finding users and rooms as Rocket.Chat's clients do (spotlight, the autocompletes, the directory, the
 * administrator's room list), against the real processes: prefix matches on names, pages and sorts, and
 * never a private group the caller is not in nor another user's direct messages.
 */
describe('search: spotlight, autocompletes, directory', () => {
  const t = useStack();
  // Every name made here starts with the tag, so the searches see only this suite's users and rooms.
  const tag = `zq${randomBytes(3).toString('hex')}`;
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let inactive: string;
  let alicesGroup: { _id: string; name: string };
  let bobsChannel: { _id: string; name: string };
  let bobsGroup: { _id: string; name: string };
  let sharedChannel: { _id: string; name: string };
  let bobCarolDm: { _id: string };
  let ddp: DdpClient;
  let db: mongoose.Connection;

  const names = (list: Array<{ name?: string; username?: string }>) => list.map((item) => item.username ?? item.name);

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['a', 'b', 'c'].map((letter) => createUser(t.admin, `${tag}${letter}`)));
    inactive = `${tag}d-inactive`;
    ok(
      await t.admin.post('/api/v1/users.create', {
        username: inactive,
        email: `${inactive}@core.e2e.test`,
        name: 'Inactive',
        password: PASSWORD,
        active: false,
      }),
    );
    alicesGroup = ok(await alice.api.post('/api/v1/groups.create', { name: `${tag}-alices-group` })).group;
    bobsChannel = ok(await bob.api.post('/api/v1/channels.create', { name: `${tag}-bobs-channel` })).channel;
    bobsGroup = ok(await bob.api.post('/api/v1/groups.create', { name: `${tag}-bobs-group`, members: [carol.username] })).group;
    sharedChannel = ok(await alice.api.post('/api/v1/channels.create', { name: `${tag}-shared`, members: [carol.username] })).channel;
    bobCarolDm = ok(await bob.api.post('/api/v1/im.create', { username: carol.username })).room;
    ddp = await DdpClient.connect(t.stack.gatewayUrl());
    await ddp.login(alice.username, PASSWORD);
    db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
  });

  afterAll(async () => {
    await ddp?.close();
    await db?.close();
  });

  it('spotlight finds active users by username prefix, whatever the case, and public channels the caller has not joined', async () => {
    const { users, rooms } = ok(await alice.api.get('/api/v1/spotlight', { query: tag.toUpperCase() }));
    expect(names(users)).toEqual([alice.username, bob.username, carol.username]);
    expect(users[1]).toMatchObject({ _id: bob.id, username: bob.username, name: `User ${bob.username}`, outside: true });
    // Bob's public channel; never Bob's private group, nor Alice's own rooms (the clients list those themselves).
    expect(names(rooms)).toEqual([bobsChannel.name]);
    expect(rooms[0]).toMatchObject({ _id: bobsChannel._id, t: 'c' });
    // By the display name too, and an escaped pattern matches literally.
    expect(names(ok(await alice.api.get('/api/v1/spotlight', { query: `user ${bob.username}` })).users)).toEqual([bob.username]);
    expect(ok(await alice.api.get('/api/v1/spotlight', { query: `${tag}.*` }))).toMatchObject({ users: [], rooms: [] });
    expect((await alice.api.get('/api/v1/spotlight')).status).toBe(400);
  });

  it('DDP spotlight lists the members of the room searched from first, leaves out the given usernames, and answers only what was asked', async () => {
    const answer = await ddp.call('spotlight', tag, [alice.username], { users: true }, sharedChannel._id);
    expect(answer.rooms).toEqual([]);
    expect(answer.users.map((u: any) => [u.username, u.outside ?? false])).toEqual([
      [carol.username, false],
      [bob.username, true],
    ]);
    const roomsOnly = await ddp.call('spotlight', `${tag}-b`, [], { rooms: true });
    expect(roomsOnly).toEqual({ users: [], rooms: [expect.objectContaining({ _id: bobsChannel._id })] });
    // A room the caller cannot read does not reveal its members.
    const fromGroup = await ddp.call('spotlight', tag, [], { users: true }, bobsGroup._id);
    expect(fromGroup.users.every((u: any) => u.outside === true)).toBe(true);
  });

  it('users.autocomplete: active users by prefix, without the exceptions; equality conditions apply, operators and bad JSON are refused', async () => {
    const selector = (value: unknown) => ({ selector: JSON.stringify(value) });
    const { items } = ok(await alice.api.get('/api/v1/users.autocomplete', selector({ term: tag, exceptions: [alice.username] })));
    expect(names(items)).toEqual([bob.username, carol.username]);
    expect(items[0]).toEqual({ _id: bob.id, username: bob.username, name: `User ${bob.username}`, status: expect.any(String) });
    // Rocket.Chat's conditions: equalities (inactive users are never offered), `$or`/`$and`; other operators refused.
    expect(ok(await alice.api.get('/api/v1/users.autocomplete', selector({ term: tag, conditions: { active: false } }))).items).toEqual([]);
    expect(
      names(ok(await alice.api.get('/api/v1/users.autocomplete', selector({ term: tag, conditions: { username: carol.username } }))).items),
    ).toEqual([carol.username]);
    const refused = await alice.api.get('/api/v1/users.autocomplete', selector({ term: tag, conditions: { active: { $ne: true } } }));
    expect({ status: refused.status, body: refused.body }).toEqual({ status: 400, body: { success: false } });
    expect((await alice.api.get('/api/v1/users.autocomplete', { selector: '{"term":' })).status).toBe(400);
  });

  it("rooms.autocomplete.channelAndPrivate lists the caller's channels and groups only, paged with a total", async () => {
    const selector = JSON.stringify({ name: tag });
    expect(names(ok(await alice.api.get('/api/v1/rooms.autocomplete.channelAndPrivate', { selector })).items)).toEqual([
      alicesGroup.name,
      sharedChannel.name,
    ]);
    expect(names(ok(await carol.api.get('/api/v1/rooms.autocomplete.channelAndPrivate', { selector })).items)).toEqual([
      bobsGroup.name,
      sharedChannel.name,
    ]);
    const page = ok(
      await alice.api.get('/api/v1/rooms.autocomplete.channelAndPrivate.withPagination', {
        selector,
        sort: '{"name":-1}',
        offset: 1,
        count: 1,
      }),
    );
    expect(page).toMatchObject({ items: [{ _id: alicesGroup._id, t: 'p', name: alicesGroup.name }], total: 2 });
    const badSort = await alice.api.get('/api/v1/rooms.autocomplete.channelAndPrivate.withPagination', {
      selector,
      sort: '{"password":1}',
    });
    expect(badSort.body).toMatchObject({ success: false, errorType: 'error-invalid-sort' });
  });

  it('rooms.autocomplete.availableForTeams lists the rooms the caller owns', async () => {
    expect(names(ok(await alice.api.get('/api/v1/rooms.autocomplete.availableForTeams', { name: tag })).items)).toEqual([
      alicesGroup.name,
      sharedChannel.name,
    ]);
    expect(ok(await carol.api.get('/api/v1/rooms.autocomplete.availableForTeams', { name: tag })).items).toEqual([]);
  });

  it('directory: public channels and active users, sorted and paged; an unknown type or sort is refused', async () => {
    const channels = ok(await carol.api.get('/api/v1/directory', { type: 'channels', text: tag, sort: '{"name":1}' }));
    expect(names(channels.result)).toEqual([bobsChannel.name, sharedChannel.name]);
    expect(channels).toMatchObject({ count: 2, offset: 0, total: 2 });
    const users = ok(await alice.api.get('/api/v1/directory', { type: 'users', text: tag, sort: '{"username":-1}', offset: 1, count: 1 }));
    expect(users).toMatchObject({ result: [{ _id: bob.id, username: bob.username }], count: 1, offset: 1, total: 3 });
    expect(users.result[0].emails).toBeUndefined();
    // By display name too ("User <username>"), once each.
    const byName = ok(await alice.api.get('/api/v1/directory', { type: 'users', text: `user ${tag}` }));
    expect(byName).toMatchObject({ total: 3, count: 3 });
    expect(names(byName.result)).toEqual([alice.username, bob.username, carol.username]);
    expect((await alice.api.get('/api/v1/directory', { type: 'messages', text: tag })).status).toBe(400);
    expect((await alice.api.get('/api/v1/directory', { type: 'users', sort: '{"services":1}' })).body).toMatchObject({
      errorType: 'error-invalid-sort',
    });
  });

  it('rooms.adminRooms needs view-room-administration and then lists every room, DMs and private groups included', async () => {
    const refused = await alice.api.get('/api/v1/rooms.adminRooms', { filter: tag });
    // Rocket.Chat's `findAdminRooms` throws `Error('error-not-authorized')`: 400 with that text.
    expect({ status: refused.status, body: refused.body }).toEqual({
      status: 400,
      body: { success: false, error: 'error-not-authorized' },
    });
    const groups = ok(await t.admin.get('/api/v1/rooms.adminRooms', { filter: tag, 'types[]': 'p', sort: '{"name":1}' }));
    expect(names(groups.rooms)).toEqual([alicesGroup.name, bobsGroup.name]);
    expect(groups).toMatchObject({ count: 2, offset: 0, total: 2 });
    const dms = ok(await t.admin.get('/api/v1/rooms.adminRooms', { 'types[]': 'd', count: 100 }));
    expect(dms.rooms.map((r: any) => r._id)).toContain(bobCarolDm._id);
  });

  it('never shows a private group or a DM the caller is not in', async () => {
    const everything = JSON.stringify([
      ok(await alice.api.get('/api/v1/spotlight', { query: tag })),
      ok(await alice.api.get('/api/v1/rooms.autocomplete.channelAndPrivate', { selector: JSON.stringify({ name: '' }) })),
      ok(await alice.api.get('/api/v1/directory', { type: 'channels', text: '', count: 100 })),
      ok(await alice.api.get('/api/v1/directory', { type: 'teams', text: '' })),
      await ddp.call('spotlight', '', [], { rooms: true, users: true }),
    ]);
    for (const hidden of [bobsGroup._id, bobsGroup.name, bobCarolDm._id]) expect(everything).not.toContain(hidden);
  });

  it('searches without a collection scan on the local database', async () => {
    await queryPlans(db);
    ok(await alice.api.get('/api/v1/spotlight', { query: tag }));
    await ddp.call('spotlight', tag, [], { users: true, rooms: true }, sharedChannel._id);
    ok(await alice.api.get('/api/v1/users.autocomplete', { selector: JSON.stringify({ term: tag }) }));
    ok(await alice.api.get('/api/v1/rooms.autocomplete.channelAndPrivate', { selector: JSON.stringify({ name: tag }) }));
    ok(await alice.api.get('/api/v1/directory', { type: 'channels', text: tag }));
    ok(await alice.api.get('/api/v1/directory', { type: 'users', text: tag }));
    ok(await alice.api.get('/api/v1/directory', { type: 'users', text: `user ${tag}` }));
    expect((await queryPlans(db)).scans).toEqual([]);
    // The check sees scans: the administrator's list of every room with no name filter reads the collection.
    ok(await t.admin.get('/api/v1/rooms.adminRooms', {}));
    expect((await queryPlans(db)).scans).toContainEqual(expect.stringMatching(/^rocketchat_room /));
  });
});
