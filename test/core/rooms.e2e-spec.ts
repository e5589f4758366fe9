import { beforeAll, describe, expect, it } from '@jest/globals';
import EJSON from 'ejson';
import { useStack } from '../support/stack.js';
import { createUser, ok, uniqueName, type CoreUser } from './support/core-fixtures.js';

/**
 * Rooms and subscriptions through REST, against the real processes: channels, private groups, direct
 * messages, their members and roles, settings, archiving, deletion, and the sync endpoints.
 */
describe('rooms and subscriptions', () => {
  const t = useStack();
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all([createUser(t.admin, 'alice'), createUser(t.admin, 'bob'), createUser(t.admin, 'carol')]);
  });

  const systemMessages = async (user: CoreUser, roomId: string, family = 'channels') => {
    const { messages } = ok(await user.api.get(`/api/v1/${family}.history`, { roomId, count: 50 }));
    return (messages as Array<{ t?: string; msg: string; u: { username: string }; role?: string }>).filter((m) => m.t);
  };

  describe('the general channel', () => {
    it('exists from the first start as a default room, and new users join it with a "uj" message', async () => {
      const { channel } = ok(await alice.api.get('/api/v1/channels.info', { roomName: 'general' }));
      expect(channel).toMatchObject({ _id: 'GENERAL', name: 'general', t: 'c', default: true });
      const { subscription } = ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: 'GENERAL' }));
      expect(subscription).toMatchObject({ rid: 'GENERAL', t: 'c', name: 'general', u: { _id: alice.id }, open: true });
      expect(await systemMessages(alice, 'GENERAL')).toContainEqual(expect.objectContaining({ t: 'uj', msg: alice.username }));
    });
  });

  describe('channels', () => {
    let channelId: string;
    const name = uniqueName('team-chat');

    it('creates a channel with its creator as owner and the members subscribed', async () => {
      const { channel } = ok(await alice.api.post('/api/v1/channels.create', { name, members: [bob.username, 'nobody-by-that-name'] }));
      channelId = channel._id;
      expect(channel).toMatchObject({
        name,
        fname: name,
        t: 'c',
        usersCount: 2,
        msgs: 0,
        ro: false,
        u: { _id: alice.id, username: alice.username },
      });
      const mine = ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: channelId })).subscription;
      expect(mine).toMatchObject({ rid: channelId, name, t: 'c', roles: ['owner'], open: true, unread: 0, alert: false });
      const bobs = ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: channelId })).subscription;
      expect(bobs).toMatchObject({ rid: channelId, u: { _id: bob.id } });
      expect(bobs.roles).toBeUndefined();
    });

    it('refuses duplicate and invalid names, operator objects, and anonymous callers', async () => {
      const duplicate = await bob.api.post('/api/v1/channels.create', { name });
      expect(duplicate.status).toBe(400);
      expect(duplicate.body).toMatchObject({ success: false, errorType: 'error-duplicate-channel-name' });
      const invalid = await bob.api.post('/api/v1/channels.create', { name: 'no spaces allowed' });
      expect(invalid.body).toMatchObject({ success: false, errorType: 'error-invalid-room-name' });
      const injected = await bob.api.post('/api/v1/channels.create', { name: { $ne: null } });
      expect(injected.status).toBe(400);
      expect(injected.body.errorType).toBe('invalid-params');
      expect((await t.api.post('/api/v1/channels.create', { name: uniqueName('anon') })).status).toBe(401);
    });

    it('tells a channel by id or name, and refuses unknown rooms and rooms of another type', async () => {
      expect(ok(await carol.api.get('/api/v1/channels.info', { roomId: channelId })).channel.name).toBe(name);
      expect(ok(await carol.api.get('/api/v1/channels.info', { roomName: name })).channel._id).toBe(channelId);
      const unknown = await carol.api.get('/api/v1/channels.info', { roomId: 'no-such-room' });
      expect(unknown.status).toBe(400);
      expect(unknown.body).toMatchObject({
        errorType: 'error-room-not-found',
        error: expect.stringContaining('does not match any channel'),
      });
      // Rocket.Chat's `findChannelByIdOrName`: no room named is "not found" too.
      const missing = await carol.api.get('/api/v1/channels.info', {});
      expect(missing.body).toMatchObject({
        errorType: 'error-room-not-found',
        error: expect.stringContaining('does not match any channel'),
      });
    });

    it('lists all channels, and the joined ones', async () => {
      const all = ok(await carol.api.get('/api/v1/channels.list', { count: 100 }));
      expect(all.channels.map((c: { _id: string }) => c._id)).toEqual(expect.arrayContaining([channelId, 'GENERAL']));
      expect(all.total).toBeGreaterThanOrEqual(2);
      const joinedByBob = ok(await bob.api.get('/api/v1/channels.list.joined'));
      expect(joinedByBob.channels.map((c: { _id: string }) => c._id)).toContain(channelId);
      const joinedByCarol = ok(await carol.api.get('/api/v1/channels.list.joined'));
      expect(joinedByCarol.channels.map((c: { _id: string }) => c._id)).not.toContain(channelId);
      const badSort = await carol.api.get('/api/v1/channels.list', { sort: '{"password": 1}' });
      expect(badSort.body.errorType).toBe('error-invalid-sort');
    });

    it('lets users join and leave, and owners invite and kick, with system messages', async () => {
      expect(ok(await carol.api.post('/api/v1/channels.join', { roomId: channelId })).channel.usersCount).toBe(3);
      expect(ok(await carol.api.post('/api/v1/channels.leave', { roomId: channelId })).channel.usersCount).toBe(2);
      expect(ok(await alice.api.post('/api/v1/channels.invite', { roomId: channelId, userId: carol.id })).channel.usersCount).toBe(3);
      const members = ok(await bob.api.get('/api/v1/channels.members', { roomId: channelId }));
      expect(members.total).toBe(3);
      expect(members.members.map((m: { username: string }) => m.username).sort()).toEqual(
        [alice.username, bob.username, carol.username].sort(),
      );

      const refused = await bob.api.post('/api/v1/channels.kick', { roomId: channelId, userId: carol.id });
      expect(refused.body).toMatchObject({ success: false, errorType: 'error-not-allowed' });
      ok(await alice.api.post('/api/v1/channels.kick', { roomId: channelId, username: carol.username }));
      expect(ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: channelId })).subscription).toBeTruthy();
      expect(ok(await carol.api.get('/api/v1/subscriptions.getOne', { roomId: channelId })).subscription).toBeNull();

      const types = (await systemMessages(alice, channelId)).map((m) => `${m.t}:${m.msg}:${m.u.username}`);
      expect(types).toEqual([
        `ru:${carol.username}:${alice.username}`,
        `au:${carol.username}:${alice.username}`,
        `ul:${carol.username}:${carol.username}`,
        `uj:${carol.username}:${carol.username}`,
      ]);
      const lastOwner = await alice.api.post('/api/v1/channels.leave', { roomId: channelId });
      expect(lastOwner.body).toMatchObject({ success: false, errorType: 'error-you-are-last-owner' });
    });

    it('gives and takes owner and moderator roles, refusing non-owners', async () => {
      const refused = await bob.api.post('/api/v1/channels.addModerator', { roomId: channelId, userId: bob.id });
      expect(refused.body.errorType).toBe('error-not-allowed');
      ok(await alice.api.post('/api/v1/channels.addModerator', { roomId: channelId, userId: bob.id }));
      ok(await alice.api.post('/api/v1/channels.addOwner', { roomId: channelId, userId: bob.id }));
      expect(ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: channelId })).subscription.roles.sort()).toEqual([
        'moderator',
        'owner',
      ]);
      const again = await alice.api.post('/api/v1/channels.addOwner', { roomId: channelId, userId: bob.id });
      expect(again.body.errorType).toBe('error-user-already-owner');
      ok(await bob.api.post('/api/v1/channels.removeModerator', { roomId: channelId, userId: bob.id }));
      ok(await bob.api.post('/api/v1/channels.removeOwner', { roomId: channelId, userId: alice.id }));
      const last = await bob.api.post('/api/v1/channels.removeOwner', { roomId: channelId, userId: bob.id });
      expect(last.body.errorType).toBe('error-remove-last-owner');
      ok(await bob.api.post('/api/v1/channels.addOwner', { roomId: channelId, userId: alice.id }));

      const roleMessages = (await systemMessages(alice, channelId)).filter((m) => m.t!.startsWith('subscription-role'));
      expect(roleMessages.map((m) => `${m.t}:${m.role}:${m.msg}`)).toEqual([
        `subscription-role-added:owner:${alice.username}`,
        `subscription-role-removed:owner:${alice.username}`,
        `subscription-role-removed:moderator:${bob.username}`,
        `subscription-role-added:owner:${bob.username}`,
        `subscription-role-added:moderator:${bob.username}`,
      ]);
    });

    it('renames and sets topic, description and read-only, refusing unchanged values and members without edit-room', async () => {
      const newName = uniqueName('renamed');
      expect(ok(await alice.api.post('/api/v1/channels.rename', { roomId: channelId, name: newName })).channel.name).toBe(newName);
      expect(ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: channelId })).subscription.name).toBe(newName);
      expect(ok(await alice.api.post('/api/v1/channels.setTopic', { roomId: channelId, topic: 'the topic' })).topic).toBe('the topic');
      const same = await alice.api.post('/api/v1/channels.setTopic', { roomId: channelId, topic: 'the topic' });
      expect(same.body.error).toContain('The channel topic is the same as what it would be changed to.');
      ok(await alice.api.post('/api/v1/channels.setDescription', { roomName: newName, description: 'about it' }));
      expect(ok(await alice.api.post('/api/v1/channels.setReadOnly', { roomId: channelId, readOnly: true })).channel.ro).toBe(true);
      ok(await alice.api.post('/api/v1/channels.setReadOnly', { roomId: channelId, readOnly: false }));

      ok(await carol.api.post('/api/v1/channels.join', { roomId: channelId }));
      const notAllowed = await carol.api.post('/api/v1/channels.setTopic', { roomId: channelId, topic: 'mine now' });
      expect(notAllowed.body.errorType).toBe('error-action-not-allowed');

      const info = ok(await carol.api.get('/api/v1/channels.info', { roomId: channelId })).channel;
      expect(info).toMatchObject({ name: newName, topic: 'the topic', description: 'about it', ro: false });
      const changes = (await systemMessages(alice, channelId)).map((m) => `${m.t}:${m.msg}`);
      expect(changes).toEqual(
        expect.arrayContaining([
          `r:${newName}`,
          'room_changed_topic:the topic',
          'room_changed_description:about it',
          'room-set-read-only:',
          'room-removed-read-only:',
        ]),
      );
    });

    it('archives and unarchives (owners only), refusing joins while archived', async () => {
      const refused = await carol.api.post('/api/v1/channels.archive', { roomId: channelId });
      expect(refused.body.errorType).toBe('error-not-authorized');
      ok(await alice.api.post('/api/v1/channels.archive', { roomId: channelId }));
      expect(ok(await alice.api.get('/api/v1/channels.info', { roomId: channelId })).channel.archived).toBe(true);
      expect(ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: channelId })).subscription).toMatchObject({
        archived: true,
        open: false,
      });
      const join = await carol.api.post('/api/v1/channels.join', { roomId: channelId });
      expect(join.body).toMatchObject({ success: false, errorType: 'error-room-archived' });
      ok(await t.admin.post('/api/v1/channels.unarchive', { roomId: channelId }));
      const again = await t.admin.post('/api/v1/channels.unarchive', { roomId: channelId });
      // Rocket.Chat's `API.v1.failure(text)`: the text alone.
      expect(again.body).toEqual({ success: false, error: expect.stringMatching(/^The channel, .+, is not archived$/) });
    });

    it('deletes a channel (owners only); sync then reports the room and the subscription removed', async () => {
      const before = new Date(Date.now() - 1000).toISOString();
      const refused = await carol.api.post('/api/v1/channels.delete', { roomId: channelId });
      expect(refused.body.success).toBe(false);
      const bobsSubscription = ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: channelId })).subscription;
      ok(await alice.api.post('/api/v1/channels.delete', { roomId: channelId }));
      expect((await alice.api.get('/api/v1/channels.info', { roomId: channelId })).body.errorType).toBe('error-room-not-found');

      const rooms = ok(await bob.api.get('/api/v1/rooms.get', { updatedSince: before }));
      expect(rooms.remove.map((r: { _id: string }) => r._id)).toContain(channelId);
      expect(rooms.update.map((r: { _id: string }) => r._id)).not.toContain(channelId);
      // Someone who was never in the room is not told about its deletion.
      expect(ok(await t.admin.get('/api/v1/rooms.get', { updatedSince: before })).remove).toEqual([]);
      const subscriptions = ok(await bob.api.get('/api/v1/subscriptions.get', { updatedSince: before }));
      expect(subscriptions.remove).toContainEqual({ _id: bobsSubscription._id, _deletedAt: expect.any(String) });
      expect(subscriptions.update.map((s: { rid: string }) => s.rid)).not.toContain(channelId);
    });
  });

  describe('private groups', () => {
    let groupId: string;

    it('creates a group that non-members cannot even see', async () => {
      const name = uniqueName('secret');
      const { group } = ok(await alice.api.post('/api/v1/groups.create', { name, members: [bob.username] }));
      groupId = group._id;
      expect(group).toMatchObject({ t: 'p', name, usersCount: 2 });
      expect(ok(await bob.api.get('/api/v1/groups.info', { roomId: groupId })).group.name).toBe(name);
      for (const response of [
        await carol.api.get('/api/v1/groups.info', { roomId: groupId }),
        await carol.api.get('/api/v1/groups.history', { roomId: groupId }),
        await carol.api.get('/api/v1/groups.members', { roomName: name }),
        await carol.api.get('/api/v1/channels.info', { roomId: groupId }),
      ]) {
        expect(response.body).toMatchObject({ success: false, errorType: 'error-room-not-found' });
      }
      expect((await carol.api.get('/api/v1/rooms.info', { roomId: groupId })).body.success).toBe(false);
      const carolsGroups = ok(await carol.api.get('/api/v1/groups.list'));
      expect(carolsGroups.groups.map((g: { _id: string }) => g._id)).not.toContain(groupId);
      expect(ok(await bob.api.get('/api/v1/groups.list')).groups.map((g: { _id: string }) => g._id)).toContain(groupId);
    });

    it('invites, kicks, renames, archives and deletes like channels', async () => {
      ok(await alice.api.post('/api/v1/groups.invite', { roomId: groupId, username: carol.username }));
      expect(ok(await carol.api.get('/api/v1/groups.info', { roomId: groupId })).group.usersCount).toBe(3);
      ok(await alice.api.post('/api/v1/groups.kick', { roomId: groupId, userId: carol.id }));
      expect((await carol.api.get('/api/v1/groups.info', { roomId: groupId })).body.errorType).toBe('error-room-not-found');
      const renamed = uniqueName('still-secret');
      expect(ok(await alice.api.post('/api/v1/groups.rename', { roomId: groupId, name: renamed })).group.name).toBe(renamed);
      ok(await alice.api.post('/api/v1/groups.addModerator', { roomId: groupId, userId: bob.id }));
      ok(await bob.api.post('/api/v1/groups.setTopic', { roomId: groupId, topic: 'moderated' }));
      ok(await alice.api.post('/api/v1/groups.setDescription', { roomName: renamed, description: 'for the two of us' }));
      ok(await alice.api.post('/api/v1/groups.addOwner', { roomId: groupId, userId: bob.id }));
      ok(await bob.api.post('/api/v1/groups.removeModerator', { roomId: groupId, userId: bob.id }));
      ok(await alice.api.post('/api/v1/groups.removeOwner', { roomId: groupId, userId: bob.id }));
      expect(ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: groupId })).subscription.roles).toEqual([]);
      const members = ok(await bob.api.get('/api/v1/groups.members', { roomId: groupId }));
      expect(members.members.map((m: { _id: string }) => m._id).sort()).toEqual([alice.id, bob.id].sort());
      const history = ok(await bob.api.get('/api/v1/groups.history', { roomId: groupId })).messages as Array<{ t?: string; msg: string }>;
      expect(history.map((m) => `${m.t}:${m.msg}`).slice(0, 3)).toEqual([
        `subscription-role-removed:${bob.username}`,
        `subscription-role-removed:${bob.username}`,
        `subscription-role-added:${bob.username}`,
      ]);
      expect(history.map((m) => m.t)).toEqual(expect.arrayContaining(['room_changed_description', 'room_changed_topic', 'r', 'ru', 'au']));
      // Only administrators may unarchive (unarchive-room), and a group is found by its members only.
      ok(await alice.api.post('/api/v1/groups.invite', { roomId: groupId, username: 'admin' }));
      ok(await alice.api.post('/api/v1/groups.archive', { roomId: groupId }));
      expect((await bob.api.post('/api/v1/groups.leave', { roomId: groupId })).body.errorType).toBe('error-room-archived');
      expect((await alice.api.post('/api/v1/groups.unarchive', { roomId: groupId })).body.errorType).toBe('error-not-authorized');
      ok(await t.admin.post('/api/v1/groups.unarchive', { roomId: groupId }));
      ok(await bob.api.post('/api/v1/groups.leave', { roomId: groupId }));
      ok(await alice.api.post('/api/v1/groups.delete', { roomId: groupId }));
      expect((await alice.api.get('/api/v1/groups.info', { roomId: groupId })).body.errorType).toBe('error-room-not-found');
    });
  });

  describe('direct messages', () => {
    let dmId: string;

    it('creates a one-to-one DM once, with both subscriptions, and a group DM', async () => {
      const { room } = ok(await alice.api.post('/api/v1/im.create', { username: bob.username }));
      dmId = room._id;
      expect(room).toMatchObject({ t: 'd', usersCount: 2, rid: dmId });
      expect([...room.uids].sort()).toEqual([alice.id, bob.id].sort());
      expect(dmId).toBe([alice.id, bob.id].sort().join(''));
      expect(ok(await bob.api.post('/api/v1/im.create', { username: alice.username })).room._id).toBe(dmId);
      expect(ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dmId })).subscription).toMatchObject({
        t: 'd',
        name: bob.username,
        open: true,
      });
      expect(ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: dmId })).subscription).toMatchObject({
        t: 'd',
        name: alice.username,
      });

      const group = ok(await alice.api.post('/api/v1/im.create', { usernames: `${bob.username},${carol.username}` })).room;
      expect(group).toMatchObject({ t: 'd', usersCount: 3 });
      expect(ok(await carol.api.get('/api/v1/subscriptions.getOne', { roomId: group._id })).subscription.open).toBe(true);
      const unknown = await alice.api.post('/api/v1/im.create', { username: 'nobody-by-that-name' });
      expect(unknown.body.errorType).toBe('error-invalid-user');
    });

    it('lists, reads, closes and opens a DM; outsiders get nothing', async () => {
      ok(await bob.api.post('/api/v1/chat.sendMessage', { message: { rid: dmId, msg: 'hello alice' } }));
      expect(ok(await alice.api.get('/api/v1/im.list')).ims.map((r: { _id: string }) => r._id)).toContain(dmId);
      expect(ok(await alice.api.get('/api/v1/im.history', { roomId: dmId })).messages[0]).toMatchObject({ msg: 'hello alice' });
      const page = ok(await alice.api.get('/api/v1/im.messages', { username: bob.username }));
      expect(page).toMatchObject({ count: 1, total: 1, offset: 0 });
      ok(await alice.api.post('/api/v1/im.close', { roomId: dmId }));
      const closedAgain = await alice.api.post('/api/v1/im.close', { roomId: dmId });
      expect(closedAgain.body.error).toContain('The direct message room, is already closed to the sender');
      expect(ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dmId })).subscription.open).toBe(false);
      ok(await alice.api.post('/api/v1/im.open', { roomId: dmId }));
      const outsider = await carol.api.get('/api/v1/im.history', { roomId: dmId });
      // Rocket.Chat finds another pair's direct message, then refuses it: `API.v1.unauthorized()`.
      expect({ status: outsider.status, body: outsider.body }).toEqual({ status: 403, body: { success: false, error: 'unauthorized' } });
      expect((await carol.api.get('/api/v1/im.messages', { roomId: dmId })).body.success).toBe(false);
    });

    it('counts unread messages and marks them read and unread', async () => {
      ok(await alice.api.post('/api/v1/subscriptions.read', { rid: dmId }));
      for (const msg of ['one', 'two', 'three']) ok(await bob.api.post('/api/v1/chat.sendMessage', { message: { rid: dmId, msg } }));
      expect(ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dmId })).subscription).toMatchObject({
        unread: 3,
        alert: true,
        open: true,
      });
      expect(ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: dmId })).subscription.unread).toBe(0);
      ok(await alice.api.post('/api/v1/subscriptions.read', { rid: dmId }));
      const read = ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dmId })).subscription;
      expect(read).toMatchObject({ unread: 0, alert: false, userMentions: 0 });
      ok(await alice.api.post('/api/v1/subscriptions.unread', { roomId: dmId }));
      const unread = ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dmId })).subscription;
      expect(unread.alert).toBe(true);
      expect(new Date(unread.ls).getTime()).toBeLessThan(new Date(read.ls).getTime());
      const empty = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('empty') })).channel;
      const nothing = await alice.api.post('/api/v1/subscriptions.unread', { roomId: empty._id });
      expect(nothing.body.errorType).toBe('error-no-message-for-unread');
    });
  });

  describe("the members list (Rocket.Chat 7.3's rooms.membersOrderedByRole)", () => {
    type Listed = { _id: string; username: string; roles?: string[] } & Record<string, unknown>;
    const usernames = (body: Record<string, unknown>) => (body.members as Listed[]).map((m) => m.username);

    it('lists owners, then moderators, then the others, with their room roles, and pages, filters and reverses', async () => {
      const { channel } = ok(
        await alice.api.post('/api/v1/channels.create', { name: uniqueName('ordered'), members: [bob.username, carol.username] }),
      );
      ok(await alice.api.post('/api/v1/channels.addModerator', { roomId: channel._id, userId: carol.id }));

      const all = ok(await bob.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: channel._id }));
      expect(usernames(all)).toEqual([alice.username, carol.username, bob.username]);
      expect(all).toMatchObject({ count: 3, offset: 0, total: 3 });
      expect(all.members.map((m: Listed) => m.roles)).toEqual([['owner'], ['moderator'], undefined]);
      for (const listed of all.members as Listed[]) {
        expect(
          Object.keys(listed).every((key) =>
            ['_id', 'username', 'name', 'nickname', 'status', 'avatarETag', '_updatedAt', 'roles'].includes(key),
          ),
        ).toBe(true);
      }

      const reversed = ok(
        await bob.api.get('/api/v1/rooms.membersOrderedByRole', { roomName: channel.name, sort: JSON.stringify({ rolePriority: -1 }) }),
      );
      expect(usernames(reversed)).toEqual([bob.username, carol.username, alice.username]);
      const second = ok(await bob.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: channel._id, offset: 1, count: 1 }));
      expect(second).toMatchObject({ count: 1, offset: 1, total: 3 });
      expect(usernames(second)).toEqual([carol.username]);
      const filtered = ok(
        await bob.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: channel._id, filter: carol.username.toUpperCase() }),
      );
      expect(usernames(filtered)).toEqual([carol.username]);
      expect(filtered.total).toBe(1);
      // REST-only users are offline: the web client's "online" tab lists none of them.
      const online = ok(await bob.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: channel._id, 'status[]': 'online' }));
      expect(online).toMatchObject({ members: [], total: 0 });
      expect(ok(await bob.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: channel._id, 'status[]': 'offline' })).total).toBe(3);
    });

    it("answers a private group's members to its members only, and refuses direct messages and unknown parameters", async () => {
      const { group } = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('ordered-secret'), members: [bob.username] }));
      expect(usernames(ok(await bob.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: group._id })))).toEqual([
        alice.username,
        bob.username,
      ]);
      const outsider = await carol.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: group._id });
      expect(outsider.status).toBe(404);
      expect(outsider.body).toEqual({
        success: false,
        error: 'The required "roomId" or "roomName" param provided does not match any room',
      });

      const { room: dm } = ok(await alice.api.post('/api/v1/im.create', { username: bob.username }));
      const direct = await alice.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: dm._id });
      expect(direct.status).toBe(400);
      expect(direct.body).toEqual({ success: false, error: 'error-room-type-not-supported' });

      const unknown = await alice.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: group._id, role: 'owner' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error).toContain('must NOT have additional properties');
      const anonymous = await t.api.get('/api/v1/rooms.membersOrderedByRole', { roomId: group._id });
      expect(anonymous.status).toBe(401);
    });
  });

  describe("what Rocket.Chat 7's web client calls from a room's menus", () => {
    /** A Meteor method through REST (`method.call`), as the web client calls most methods; its DDP answer. */
    const call = async (user: CoreUser, method: string, ...params: unknown[]) => {
      const { body } = await user.api.post(`/api/v1/method.call/${method}`, {
        message: EJSON.stringify({ msg: 'method', id: '1', method, params }),
      });
      return EJSON.parse(body.message as string) as { result?: unknown; error?: { error: string } };
    };
    const subscription = async (user: CoreUser, roomId: string) =>
      ok(await user.api.get('/api/v1/subscriptions.getOne', { roomId })).subscription;

    it('adds members by username (addUsersToRoom), refusing members without the right', async () => {
      const { channel } = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('add-users') }));
      expect(await call(alice, 'addUsersToRoom', { rid: channel._id, users: [bob.username, carol.username] })).toMatchObject({
        result: true,
      });
      const members = ok(await alice.api.get('/api/v1/channels.members', { roomId: channel._id }));
      expect(members.members.map((m: { username: string }) => m.username).sort()).toEqual(
        [alice.username, bob.username, carol.username].sort(),
      );

      const { group } = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('add-users-secret') }));
      expect((await call(bob, 'addUsersToRoom', { rid: group._id, users: [carol.username] })).error).toBeDefined();
      expect(await subscription(carol, group._id)).toBeNull();
    });

    it('opens a hidden room again (rooms.open), answering success whatever changed', async () => {
      const { channel } = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('reopen'), members: [bob.username] }));
      expect(await call(bob, 'hideRoom', channel._id)).toMatchObject({ result: 1 });
      expect((await subscription(bob, channel._id)).open).toBe(false);
      ok(await bob.api.post('/api/v1/rooms.open', { roomId: channel._id }));
      expect((await subscription(bob, channel._id)).open).toBe(true);
      ok(await bob.api.post('/api/v1/rooms.open', { roomId: channel._id }));
      const unknownKey = await bob.api.post('/api/v1/rooms.open', { roomId: channel._id, open: false });
      expect(unknownKey.status).toBe(400);
    });

    it('archives (owners) and unarchives (administrators) through rooms.changeArchivationState', async () => {
      const { channel } = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('archivable'), members: [bob.username] }));
      const refused = await bob.api.post('/api/v1/rooms.changeArchivationState', { rid: channel._id, action: 'archive' });
      expect(refused.body).toMatchObject({ success: false, errorType: 'error-not-authorized' });
      ok(await alice.api.post('/api/v1/rooms.changeArchivationState', { rid: channel._id, action: 'archive' }));
      // `rooms.info` refuses an archived room, as Rocket.Chat's (`findRoomByIdOrName`); `channels.info` does not.
      expect(ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel.archived).toBe(true);
      // `unarchive-room` is the administrators' alone by default, as in Rocket.Chat.
      const ownerRefused = await alice.api.post('/api/v1/rooms.changeArchivationState', { rid: channel._id, action: 'unarchive' });
      expect(ownerRefused.body).toMatchObject({ success: false, errorType: 'error-not-authorized' });
      ok(await t.admin.post('/api/v1/rooms.changeArchivationState', { rid: channel._id, action: 'unarchive' }));
      expect(ok(await alice.api.get('/api/v1/channels.info', { roomId: channel._id })).channel.archived).toBe(false);
    });

    it('deletes a room of any type by id (rooms.delete), owners only', async () => {
      const { group } = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('deletable'), members: [bob.username] }));
      const refused = await bob.api.post('/api/v1/rooms.delete', { roomId: group._id });
      expect(refused.body).toMatchObject({ success: false, errorType: 'error-not-allowed' });
      const missing = await alice.api.post('/api/v1/rooms.delete', {});
      expect(missing.body).toEqual({ success: false, error: "The 'roomId' param is required" });
      ok(await alice.api.post('/api/v1/rooms.delete', { roomId: group._id }));
      expect(await subscription(bob, group._id)).toBeNull();
      expect((await alice.api.get('/api/v1/rooms.info', { roomId: group._id })).body.success).toBe(false);
    });

    it('forwards a message to several rooms (chat.postMessage with roomId as a list), answering the first', async () => {
      const rooms = await Promise.all(
        ['forward-a', 'forward-b'].map(
          async (prefix) => ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName(prefix) })).channel,
        ),
      );
      const posted = ok(await alice.api.post('/api/v1/chat.postMessage', { roomId: rooms.map((room) => room._id), text: 'forwarded' }));
      expect(posted).toMatchObject({ channel: rooms[0]._id, message: { rid: rooms[0]._id, msg: 'forwarded' } });
      for (const room of rooms) {
        const { messages } = ok(await alice.api.get('/api/v1/channels.messages', { roomId: room._id }));
        expect(messages.map((m: { msg: string }) => m.msg)).toContain('forwarded');
      }
      const empty = await alice.api.post('/api/v1/chat.postMessage', { roomId: [], text: 'nowhere' });
      expect(empty.status).toBe(400);
    });

    it('answers the Call button as Rocket.Chat does without a video-conference provider app', async () => {
      const { channel } = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('call') }));
      const capabilities = await alice.api.get('/api/v1/video-conference.capabilities');
      expect(capabilities.status).toBe(400);
      expect(capabilities.body).toEqual({ success: false, error: 'no-videoconf-provider-app' });
      const start = await alice.api.post('/api/v1/video-conference.start', { roomId: channel._id, title: 'standup' });
      expect(start.body).toEqual({ success: false, error: 'no-videoconf-provider-app' });
      const { group } = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('call-secret') }));
      expect((await carol.api.post('/api/v1/video-conference.start', { roomId: group._id })).body).toEqual({
        success: false,
        error: 'invalid-params',
      });
      expect(ok(await carol.api.get('/api/v1/video-conference.providers')).data).toEqual([]);
      expect((await t.api.get('/api/v1/video-conference.capabilities')).status).toBe(401);
    });

    it("reports a user under the 7.x name (moderation.reportUser) and answers the community edition's license", async () => {
      ok(await bob.api.post('/api/v1/moderation.reportUser', { userId: carol.id, description: 'spam in every room' }));
      const reports = ok(await t.admin.get('/api/v1/moderation.user.reportsByUserId', { userId: carol.id }));
      expect(reports.reports.map((r: { description: string }) => r.description)).toContain('spam in every room');

      const { license } = ok(await bob.api.get('/api/v1/licenses.info'));
      expect(license).toMatchObject({ activeModules: [], externalModules: [], tags: [], trial: false, hasValidLicense: false, limits: {} });
      expect(Object.values(license.preventedActions)).toEqual(Array(6).fill(false));
      const privileged = ok(await t.admin.get('/api/v1/licenses.info', { loadValues: 'true' })).license;
      expect(privileged.limits).toMatchObject({ activeUsers: { max: -1 }, marketplaceApps: { max: -1 } });
      expect((await t.api.get('/api/v1/licenses.info')).status).toBe(401);
    });
  });

  describe('user deletion', () => {
    it('takes a deleted user out of every room: direct messages erased, other subscriptions removed', async () => {
      const erin = await createUser(t.admin, 'erin');
      const room = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('with-erin'), members: [erin.username] })).channel;
      const dm = ok(await erin.api.post('/api/v1/im.create', { username: alice.username })).room;
      ok(await erin.api.post('/api/v1/chat.sendMessage', { message: { rid: dm._id, msg: 'bye soon' } }));
      expect(ok(await alice.api.get('/api/v1/channels.info', { roomId: room._id })).channel.usersCount).toBe(2);

      ok(await t.admin.post('/api/v1/users.delete', { userId: erin.id }));
      expect(ok(await alice.api.get('/api/v1/channels.info', { roomId: room._id })).channel.usersCount).toBe(1);
      const members = ok(await alice.api.get('/api/v1/channels.members', { roomId: room._id }));
      expect(members.members.map((m: { _id: string }) => m._id)).toEqual([alice.id]);
      // The erased direct message is no room any more: Rocket.Chat's bare `invalid-channel`.
      expect((await alice.api.get('/api/v1/im.history', { roomId: dm._id })).body.errorType).toBe('invalid-channel');
      expect(ok(await alice.api.get('/api/v1/subscriptions.getOne', { roomId: dm._id })).subscription).toBeNull();
    });
  });

  describe('sync', () => {
    it('answers rooms.get and subscriptions.get with everything, or only what changed since a date', async () => {
      const all = ok(await carol.api.get('/api/v1/rooms.get'));
      expect(all.remove).toEqual([]);
      expect(all.update.map((r: { _id: string }) => r._id)).toContain('GENERAL');
      const subs = ok(await carol.api.get('/api/v1/subscriptions.get'));
      expect(subs.update.every((s: { u: { _id: string } }) => s.u._id === carol.id)).toBe(true);

      const since = new Date().toISOString();
      const fresh = ok(await carol.api.post('/api/v1/channels.create', { name: uniqueName('fresh') })).channel;
      const changed = ok(await carol.api.get('/api/v1/rooms.get', { updatedSince: since }));
      expect(changed.update.map((r: { _id: string }) => r._id)).toEqual([fresh._id]);
      const changedSubs = ok(await carol.api.get('/api/v1/subscriptions.get', { updatedSince: since }));
      expect(changedSubs.update.map((s: { rid: string }) => s.rid)).toEqual([fresh._id]);
      expect(ok(await carol.api.get('/api/v1/rooms.info', { roomId: fresh._id })).room.name).toBe(fresh.name);
      const badDate = await carol.api.get('/api/v1/rooms.get', { updatedSince: 'not a date' });
      expect(badDate.status).toBe(400);
    });
  });
});
