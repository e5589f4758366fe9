import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { ADMIN, useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, uniqueName, type CoreUser } from './support/core-fixtures.js';

type Room = Record<string, any> & { _id: string; name: string };

/**
 * The team and room routes of Rocket.Chat's daily use beyond the basics, against the real processes: a team's
 * name, type, auto-join rooms, members' roles, leaving, its lists and autocomplete, rooms turned into teams and
 * back; a room's type, purpose, join code, custom fields, moderators, online members, membership checks,
 * anonymous reading, mentions, and pruning its history. Each with its permission refusal and a bad input.
 */
describe('team and room routes', () => {
  const t = useStack();
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let team: { _id: string; name: string; roomId: string };
  let teamRoom: Room;
  let group: Room;
  let bobDdp: DdpClient;
  let adminDdp: DdpClient;

  /** A refusal's status and id (Rocket.Chat's 403s carry only `error: 'unauthorized'`). */
  const error = (response: { status: number; body: any }) => ({
    status: response.status,
    errorType: response.body.errorType ?? response.body.error,
  });
  const ddpError = (call: Promise<unknown>) =>
    call.then(
      () => {
        throw new Error('expected a DDP error');
      },
      (failure: DdpError) => failure.error,
    );
  const channelInfo = async (user: CoreUser | { api: CoreUser['api'] }, roomId: string) =>
    ok(await user.api.get('/api/v1/rooms.info', { roomId })).room;
  /** Polls until `check` passes (a condition, not a fixed sleep); fails after 10 s. */
  const eventually = async (check: () => Promise<boolean>) => {
    const until = Date.now() + 10_000;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('condition not met within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  beforeAll(async () => {
    [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((prefix) => createUser(t.admin, prefix)));
    team = ok(await alice.api.post('/api/v1/teams.create', { name: uniqueName('crew'), type: 0, members: [bob.id] })).team;
    teamRoom = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('crew-room') })).channel;
    ok(await alice.api.post('/api/v1/teams.addRooms', { teamId: team._id, rooms: [teamRoom._id] }));
    group = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('secret'), members: [bob.username] })).group;
    [bobDdp, adminDdp] = await Promise.all([DdpClient.connect(t.stack.gatewayUrl()), DdpClient.connect(t.stack.gatewayUrl())]);
    await Promise.all([bobDdp.login(bob.username, PASSWORD), adminDdp.login(ADMIN.username, ADMIN.password)]);
  });

  afterAll(async () => {
    await Promise.all([bobDdp?.close(), adminDdp?.close()]);
  });

  describe('teams', () => {
    it('teams.update renames and retypes the team and its main room (edit-team only)', async () => {
      expect(error(await bob.api.post('/api/v1/teams.update', { teamId: team._id, data: { name: 'bobs' } }))).toEqual({
        status: 403,
        errorType: 'unauthorized',
      });
      expect(error(await alice.api.post('/api/v1/teams.update', { teamId: team._id, data: {} }))).toMatchObject({ status: 400 });
      expect(error(await alice.api.post('/api/v1/teams.update', { teamId: team._id, data: { type: 5 } }))).toMatchObject({ status: 400 });

      const renamed = uniqueName('crew2');
      ok(await alice.api.post('/api/v1/teams.update', { teamId: team._id, data: { name: renamed, type: 1 } }));
      expect(ok(await alice.api.get('/api/v1/teams.info', { teamId: team._id })).teamInfo).toMatchObject({ name: renamed, type: 1 });
      expect(await channelInfo(alice, team.roomId)).toMatchObject({ name: renamed, fname: renamed, t: 'p' });
      ok(await alice.api.post('/api/v1/teams.update', { teamName: renamed, data: { type: 0 } }));
      expect(await channelInfo(alice, team.roomId)).toMatchObject({ t: 'c' });
      team = { ...team, name: renamed };
    });

    it('teams.updateRoom makes a team room auto-join, adding the members (edit-team-channel)', async () => {
      expect(error(await bob.api.post('/api/v1/teams.updateRoom', { roomId: teamRoom._id, isDefault: true }))).toEqual({
        status: 403,
        errorType: 'unauthorized',
      });
      // Rocket.Chat's `check()`: the Match.Error's text alone.
      expect(error(await alice.api.post('/api/v1/teams.updateRoom', { roomId: teamRoom._id, isDefault: 'yes' }))).toMatchObject({
        status: 400,
        errorType: 'Match error: Expected boolean, got string in field isDefault',
      });
      expect(error(await alice.api.post('/api/v1/teams.updateRoom', { roomId: group._id, isDefault: true }))).toMatchObject({
        errorType: 'room-not-on-team',
      });
      expect(ok(await alice.api.get('/api/v1/rooms.isMember', { roomId: teamRoom._id, userId: bob.id })).isMember).toBe(false);
      const { room } = ok(await alice.api.post('/api/v1/teams.updateRoom', { roomId: teamRoom._id, isDefault: true }));
      expect(room).toMatchObject({ _id: teamRoom._id, teamDefault: true });
      expect(ok(await alice.api.get('/api/v1/rooms.isMember', { roomId: teamRoom._id, userId: bob.id })).isMember).toBe(true);
    });

    it('teams.listRoomsOfUser lists the team rooms a user is in (their own, or anyone with view-all-team-channels)', async () => {
      const own = ok(await bob.api.get('/api/v1/teams.listRoomsOfUser', { teamId: team._id, userId: bob.id }));
      expect(own.rooms.map((r: Room) => r._id)).toEqual([teamRoom._id]);
      expect(own.rooms[0].isLastOwner).toBe(false);
      const asOwner = ok(await alice.api.get('/api/v1/teams.listRoomsOfUser', { teamId: team._id, userId: alice.id }));
      expect(asOwner.rooms[0]).toMatchObject({ _id: teamRoom._id, isLastOwner: true });
      expect(error(await bob.api.get('/api/v1/teams.listRoomsOfUser', { teamId: team._id, userId: alice.id }))).toEqual({
        status: 403,
        errorType: 'unauthorized',
      });
      expect(error(await bob.api.get('/api/v1/teams.listRoomsOfUser', { teamId: team._id }))).toMatchObject({ status: 400 });
    });

    it('teams.updateMember sets a member’s roles on the team and its main room (edit-team-member)', async () => {
      expect(
        error(await bob.api.post('/api/v1/teams.updateMember', { teamId: team._id, member: { userId: bob.id, roles: ['owner'] } })),
      ).toEqual({
        status: 403,
        errorType: 'unauthorized',
      });
      expect(error(await alice.api.post('/api/v1/teams.updateMember', { teamId: team._id, member: { roles: ['owner'] } }))).toMatchObject({
        status: 400,
      });
      ok(await alice.api.post('/api/v1/teams.updateMember', { teamId: team._id, member: { userId: bob.id, roles: ['moderator'] } }));
      const members = ok(await alice.api.get('/api/v1/teams.members', { teamId: team._id })).members;
      expect(members.find((m: any) => m.user._id === bob.id).roles).toEqual(['moderator']);
      const roles = ok(await alice.api.get('/api/v1/channels.roles', { roomId: team.roomId })).roles;
      expect(roles.find((r: any) => r.u._id === bob.id).roles).toEqual(['moderator']);
      ok(await alice.api.post('/api/v1/teams.updateMember', { teamId: team._id, member: { userId: bob.id } }));
      const after = ok(await alice.api.get('/api/v1/teams.members', { teamId: team._id })).members;
      expect(after.find((m: any) => m.user._id === bob.id).roles).toEqual([]);
    });

    it('teams.listAll lists every team for view-all-teams only', async () => {
      const all = ok(await t.admin.get('/api/v1/teams.listAll', { count: 100 }));
      expect(all.teams.find((x: any) => x._id === team._id)).toMatchObject({ name: team.name, rooms: 1, numberOfUsers: 2 });
      expect(all.total).toBeGreaterThanOrEqual(1);
      expect(error(await alice.api.get('/api/v1/teams.listAll'))).toEqual({ status: 403, errorType: 'unauthorized' });
      expect(error(await t.admin.get('/api/v1/teams.listAll', { count: 'many' }))).toMatchObject({ status: 400 });
    });

    it('users.listTeams lists a user’s teams with whether they own each; others see the public ones and the private ones they share', async () => {
      const secret = ok(await alice.api.post('/api/v1/teams.create', { name: uniqueName('crew-secret'), type: 1, members: [bob.id] })).team;
      const teamsOf = async (caller: CoreUser | { api: CoreUser['api'] }, userId: string) =>
        ok(await caller.api.get('/api/v1/users.listTeams', { userId })).teams as Array<{ _id: string; isOwner: boolean }>;
      const ids = (teams: Array<{ _id: string }>) => teams.map((x) => x._id);

      const seenByCarol = await teamsOf(carol, alice.id);
      expect(ids(seenByCarol)).toContain(team._id);
      expect(ids(seenByCarol)).not.toContain(secret._id);
      expect(seenByCarol.find((x) => x._id === team._id)).toMatchObject({ name: team.name, roomId: team.roomId, isOwner: true });
      expect(ids(await teamsOf(bob, alice.id))).toEqual(expect.arrayContaining([team._id, secret._id]));
      expect(ids(await teamsOf({ api: t.admin }, alice.id))).toEqual(expect.arrayContaining([team._id, secret._id]));
      const bobs = await teamsOf(bob, bob.id);
      expect(bobs.filter((x) => [team._id, secret._id].includes(x._id)).map((x) => x.isOwner)).toEqual([false, false]);
      expect(await teamsOf(carol, carol.id)).toEqual([]);
      expect(error(await carol.api.get('/api/v1/users.listTeams', {}))).toMatchObject({ status: 400 });
    });

    it('teams.listChildren shows members the team rooms and the main room’s discussions', async () => {
      const children = ok(await bob.api.get('/api/v1/teams.listChildren', { roomId: team.roomId }));
      expect(children.data.map((r: Room) => r._id)).toEqual([teamRoom._id]);
      expect(children).toMatchObject({ total: 1, offset: 0 });
      expect(ok(await bob.api.get('/api/v1/teams.listChildren', { teamId: team._id, type: 'discussions' })).data).toEqual([]);
      const older = ok(await bob.api.get('/api/v1/teams.listRoomsAndDiscussions', { teamName: team.name }));
      expect(older.data.map((r: Room) => r._id)).toEqual([teamRoom._id]);
      expect(error(await carol.api.get('/api/v1/teams.listChildren', { teamId: team._id }))).toMatchObject({
        status: 400,
        errorType: 'error-invalid-team-not-a-member',
      });
      expect((await bob.api.get('/api/v1/teams.listChildren', { teamId: 'no-such-team' })).status).toBe(404);
      expect(error(await bob.api.get('/api/v1/teams.listChildren', { teamId: team._id, type: 'everything' }))).toMatchObject({
        status: 400,
      });
    });

    it('teams.autocomplete finds public teams and the caller’s by name prefix', async () => {
      const secret = ok(await alice.api.post('/api/v1/teams.create', { name: `${team.name}-hidden`, type: 1 })).team;
      const byCarol = ok(await carol.api.get('/api/v1/teams.autocomplete', { name: team.name.slice(0, 6) })).teams;
      expect(byCarol.map((x: any) => x.teamId)).toContain(team._id);
      expect(byCarol.map((x: any) => x.teamId)).not.toContain(secret._id);
      const byAlice = ok(await alice.api.get('/api/v1/teams.autocomplete', { name: team.name })).teams;
      expect(byAlice.map((x: any) => x.teamId).sort()).toEqual([team._id, secret._id].sort());
      expect(byAlice[0]).toEqual(expect.objectContaining({ _id: expect.any(String), name: expect.any(String), t: expect.any(String) }));
      expect(error(await carol.api.get('/api/v1/teams.autocomplete'))).toMatchObject({ status: 400 });
      expect((await t.api.get('/api/v1/teams.autocomplete', { name: 'x' })).status).toBe(401);
    });

    it('teams.leave takes the caller out of the team and the rooms named, never its last owner', async () => {
      expect(error(await carol.api.post('/api/v1/teams.leave', { teamId: team._id }))).toMatchObject({
        errorType: 'member-does-not-exist',
      });
      expect(error(await alice.api.post('/api/v1/teams.leave', { teamId: team._id }))).toMatchObject({
        status: 400,
        errorType: 'last-owner-can-not-be-removed',
      });
      expect(error(await bob.api.post('/api/v1/teams.leave', { teamId: team._id, rooms: [] }))).toMatchObject({ status: 400 });
      ok(await bob.api.post('/api/v1/teams.leave', { teamId: team._id, rooms: [teamRoom._id] }));
      const members = ok(await alice.api.get('/api/v1/teams.members', { teamId: team._id })).members;
      expect(members.map((m: any) => m.user._id)).toEqual([alice.id]);
      expect(ok(await alice.api.get('/api/v1/rooms.isMember', { roomId: team.roomId, userId: bob.id })).isMember).toBe(false);
      expect(ok(await alice.api.get('/api/v1/rooms.isMember', { roomId: teamRoom._id, userId: bob.id })).isMember).toBe(false);
    });

    it('channels.convertToTeam and teams.convertToChannel turn a channel into a team and back', async () => {
      const channel = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('conv'), members: [bob.username] })).channel;
      expect(error(await carol.api.post('/api/v1/channels.convertToTeam', { channelId: channel._id }))).toEqual({
        status: 403,
        errorType: 'unauthorized',
      });
      expect(error(await alice.api.post('/api/v1/channels.convertToTeam', {}))).toMatchObject({ status: 400 });

      const converted = ok(await alice.api.post('/api/v1/channels.convertToTeam', { channelName: channel.name })).team;
      expect(converted).toMatchObject({ name: channel.name, type: 0, roomId: channel._id });
      expect(await channelInfo(alice, channel._id)).toMatchObject({ teamMain: true, teamId: converted._id });
      const members = ok(await alice.api.get('/api/v1/teams.members', { teamId: converted._id })).members;
      expect(members.map((m: any) => m.user._id).sort()).toEqual([alice.id, bob.id].sort());
      expect(members.find((m: any) => m.user._id === alice.id).roles).toEqual(['owner']);

      expect(error(await bob.api.post('/api/v1/teams.convertToChannel', { teamId: converted._id }))).toEqual({
        status: 403,
        errorType: 'unauthorized',
      });
      expect(error(await alice.api.post('/api/v1/teams.convertToChannel', { roomsToRemove: [] }))).toMatchObject({ status: 400 });
      ok(await alice.api.post('/api/v1/teams.convertToChannel', { teamId: converted._id }));
      expect(error(await alice.api.get('/api/v1/teams.info', { teamId: converted._id }))).toMatchObject({
        errorType: 'Team not found',
      });
      const room = await channelInfo(alice, channel._id);
      expect(room.teamMain).toBeUndefined();
      expect(room.teamId).toBeUndefined();
    });

    it('groups.convertToTeam makes a private team of a group (create-team and edit-room in it)', async () => {
      const privateGroup = ok(await alice.api.post('/api/v1/groups.create', { name: uniqueName('pconv'), members: [bob.username] })).group;
      expect(error(await bob.api.post('/api/v1/groups.convertToTeam', { roomId: privateGroup._id }))).toEqual({
        status: 403,
        errorType: 'unauthorized',
      });
      expect(error(await carol.api.post('/api/v1/groups.convertToTeam', { roomId: privateGroup._id }))).toMatchObject({
        errorType: 'error-room-not-found',
      });
      const converted = ok(await alice.api.post('/api/v1/groups.convertToTeam', { roomId: privateGroup._id })).team;
      expect(converted).toMatchObject({ name: privateGroup.name, type: 1, roomId: privateGroup._id });
      expect(error(await alice.api.post('/api/v1/groups.convertToTeam', { roomId: privateGroup._id }))).toMatchObject({
        errorType: 'error-room-already-on-team',
      });
    });
  });

  describe('room settings', () => {
    let channel: Room;

    beforeAll(async () => {
      channel = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('settings'), members: [bob.username] })).channel;
    });

    it('channels.setType / groups.setType change the room’s type, with a system message', async () => {
      expect(error(await bob.api.post('/api/v1/channels.setType', { roomId: channel._id, type: 'p' }))).toMatchObject({
        errorType: 'error-action-not-allowed',
      });
      expect(error(await alice.api.post('/api/v1/channels.setType', { roomId: channel._id, type: 'x' }))).toMatchObject({
        errorType: 'error-invalid-room-type',
      });
      expect((await alice.api.post('/api/v1/channels.setType', { roomId: channel._id, type: 'c' })).body.error).toMatch(
        /^The channel type is the same as what it would be changed to\./,
      );
      expect(error(await alice.api.post('/api/v1/channels.setType', { roomId: channel._id }))).toMatchObject({ status: 400 });

      expect(ok(await alice.api.post('/api/v1/channels.setType', { roomId: channel._id, type: 'p' })).channel).toMatchObject({ t: 'p' });
      expect(ok(await bob.api.get('/api/v1/subscriptions.getOne', { roomId: channel._id })).subscription.t).toBe('p');
      expect(error(await carol.api.get('/api/v1/groups.info', { roomId: channel._id }))).toMatchObject({
        errorType: 'error-room-not-found',
      });
      const messages = ok(await alice.api.get('/api/v1/groups.messages', { roomId: channel._id })).messages;
      expect(messages[0]).toMatchObject({ t: 'room_changed_privacy', msg: 'private' });
      expect(ok(await alice.api.post('/api/v1/groups.setType', { roomId: channel._id, type: 'c' })).group).toMatchObject({ t: 'c' });
    });

    it('setPurpose sets the description; setCustomFields the custom fields; groups.setAnnouncement the announcement', async () => {
      expect(error(await bob.api.post('/api/v1/channels.setPurpose', { roomId: channel._id, purpose: 'mine' }))).toMatchObject({
        errorType: 'error-action-not-allowed',
      });
      expect(error(await alice.api.post('/api/v1/channels.setPurpose', { roomId: channel._id, purpose: { $ne: 1 } }))).toMatchObject({
        status: 400,
      });
      expect(ok(await alice.api.post('/api/v1/channels.setPurpose', { roomId: channel._id, purpose: 'planning' }))).toMatchObject({
        purpose: 'planning',
      });
      expect(await channelInfo(alice, channel._id)).toMatchObject({ description: 'planning' });

      expect(error(await bob.api.post('/api/v1/channels.setCustomFields', { roomId: channel._id, customFields: { a: 1 } }))).toMatchObject({
        errorType: 'error-action-not-allowed',
      });
      expect(error(await alice.api.post('/api/v1/channels.setCustomFields', { roomId: channel._id, customFields: 'text' }))).toMatchObject({
        status: 400,
      });
      expect(
        error(await alice.api.post('/api/v1/channels.setCustomFields', { roomId: channel._id, customFields: { 'a.b': 1 } })),
      ).toMatchObject({ status: 400 });
      const set = ok(
        await alice.api.post('/api/v1/channels.setCustomFields', { roomId: channel._id, customFields: { team: 'blue', size: 3 } }),
      );
      expect(set.channel.customFields).toEqual({ team: 'blue', size: 3 });

      expect(ok(await alice.api.post('/api/v1/groups.setPurpose', { roomId: group._id, purpose: 'secret things' }))).toMatchObject({
        purpose: 'secret things',
      });
      expect(ok(await alice.api.post('/api/v1/groups.setAnnouncement', { roomId: group._id, announcement: 'hello' }))).toMatchObject({
        announcement: 'hello',
      });
      expect(error(await carol.api.post('/api/v1/groups.setPurpose', { roomId: group._id, purpose: 'x' }))).toMatchObject({
        errorType: 'error-room-not-found',
      });
    });

    it('channels.setJoinCode makes joiners give the code, which is never shown', async () => {
      expect(error(await bob.api.post('/api/v1/channels.setJoinCode', { roomId: channel._id, joinCode: 'open-sesame' }))).toMatchObject({
        errorType: 'error-action-not-allowed',
      });
      expect(error(await alice.api.post('/api/v1/channels.setJoinCode', { roomId: channel._id, joinCode: '  ' }))).toMatchObject({
        status: 400,
      });
      const { channel: updated } = ok(
        await alice.api.post('/api/v1/channels.setJoinCode', { roomId: channel._id, joinCode: 'open-sesame' }),
      );
      expect(updated.joinCode).toBeUndefined();
      expect(error(await carol.api.post('/api/v1/channels.join', { roomId: channel._id }))).toMatchObject({
        errorType: 'error-code-required',
      });
      ok(await carol.api.post('/api/v1/channels.join', { roomId: channel._id, joinCode: 'open-sesame' }));
      ok(await alice.api.post('/api/v1/channels.kick', { roomId: channel._id, userId: carol.id }));
    });

    it('im.setTopic sets a direct message’s topic for who may edit it', async () => {
      const dm = ok(await t.admin.post('/api/v1/im.create', { username: alice.username })).room;
      expect(ok(await t.admin.post('/api/v1/im.setTopic', { roomId: dm._id, topic: 'our chat' }))).toEqual({
        success: true,
        topic: 'our chat',
      });
      expect(error(await alice.api.post('/api/v1/im.setTopic', { roomId: dm._id, topic: 'mine' }))).toMatchObject({
        errorType: 'error-action-not-allowed',
      });
      expect(error(await t.admin.post('/api/v1/im.setTopic', { topic: 'nowhere' }))).toMatchObject({ status: 400 });
    });
  });

  describe('room look-ups', () => {
    it('channels.moderators / groups.moderators list the moderators to who may see the room', async () => {
      ok(await alice.api.post('/api/v1/groups.addModerator', { roomId: group._id, userId: bob.id }));
      const { moderators } = ok(await bob.api.get('/api/v1/groups.moderators', { roomId: group._id }));
      expect(moderators).toEqual([expect.objectContaining({ _id: bob.id, username: bob.username })]);
      expect(ok(await alice.api.get('/api/v1/channels.moderators', { roomId: teamRoom._id })).moderators).toEqual([]);
      expect(error(await carol.api.get('/api/v1/groups.moderators', { roomId: group._id }))).toMatchObject({
        errorType: 'error-room-not-found',
      });
      // Rocket.Chat's validator (isChannelsModeratorsProps) requires the room before `findChannelByIdOrName` looks.
      expect((await carol.api.get('/api/v1/channels.moderators', {})).body).toEqual({
        success: false,
        errorType: 'invalid-params',
        error: "must have required property 'roomId' [invalid-params]",
      });
    });

    it('channels.online / groups.online list the members not offline', async () => {
      // bob is connected over DDP: online.
      await eventually(async () => {
        const { online } = ok(await alice.api.get('/api/v1/groups.online', { query: JSON.stringify({ _id: group._id }) }));
        return online.some((u: any) => u._id === bob.id);
      });
      const { online } = ok(await alice.api.get('/api/v1/groups.online', { _id: group._id }));
      expect(online).toContainEqual({ _id: bob.id, username: bob.username });
      expect(online.map((u: any) => u._id)).not.toContain(carol.id);
      expect(error(await carol.api.get('/api/v1/groups.online', { _id: group._id }))).toMatchObject({ errorType: 'error-not-allowed' });
      expect((await alice.api.get('/api/v1/channels.online', {})).body).toMatchObject({
        success: false,
        error: expect.stringMatching(/^Invalid query/),
      });
      expect(error(await alice.api.get('/api/v1/channels.online', { query: JSON.stringify({ _id: { $ne: null } }) }))).toMatchObject({
        status: 400,
      });
      expect((await alice.api.get('/api/v1/channels.online', { _id: group._id })).body.error).toMatch(/^Channel does not exists/);
    });

    it('groups.listAll lists every private group for view-room-administration', async () => {
      const all = ok(await t.admin.get('/api/v1/groups.listAll', { count: 200 }));
      expect(all.groups.map((g: Room) => g._id)).toContain(group._id);
      expect(all.groups.every((g: Room) => g.t === 'p')).toBe(true);
      expect(error(await alice.api.get('/api/v1/groups.listAll'))).toEqual({ status: 403, errorType: 'unauthorized' });
      expect(error(await t.admin.get('/api/v1/groups.listAll', { sort: JSON.stringify({ password: 1 }) }))).toMatchObject({
        errorType: 'error-invalid-sort',
      });
    });

    it('rooms.isMember answers for rooms the caller may see', async () => {
      expect(ok(await alice.api.get('/api/v1/rooms.isMember', { roomId: group._id, username: bob.username })).isMember).toBe(true);
      expect(ok(await alice.api.get('/api/v1/rooms.isMember', { roomId: group._id, userId: carol.id })).isMember).toBe(false);
      expect(error(await carol.api.get('/api/v1/rooms.isMember', { roomId: group._id, userId: bob.id }))).toEqual({
        status: 403,
        errorType: 'unauthorized',
      });
      expect((await alice.api.get('/api/v1/rooms.isMember', { roomId: group._id, username: 'nobody-here' })).body).toMatchObject({
        success: false,
        errorType: 'error-user-not-found',
      });
      expect(error(await alice.api.get('/api/v1/rooms.isMember', { roomId: group._id }))).toMatchObject({ status: 400 });
    });

    it('channels.anonymousread reads a channel without credentials only while Accounts_AllowAnonymousRead is on', async () => {
      ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: teamRoom._id, msg: 'for everyone' } }));
      expect((await t.api.get('/api/v1/channels.anonymousread', { roomId: teamRoom._id })).body).toMatchObject({
        success: false,
        errorType: 'error-not-allowed',
      });
      ok(await t.admin.post('/api/v1/settings/Accounts_AllowAnonymousRead', { value: true }));
      try {
        const read = ok(await t.api.get('/api/v1/channels.anonymousread', { roomName: teamRoom.name, count: 5 }));
        expect(read.messages.map((m: any) => m.msg)).toContain('for everyone');
        expect(read.count).toBe(read.messages.length);
        expect(error(await t.api.get('/api/v1/channels.anonymousread', { roomId: group._id }))).toMatchObject({
          errorType: 'error-room-not-found',
        });
        expect(error(await t.api.get('/api/v1/channels.anonymousread', { roomId: teamRoom._id, count: 'all' }))).toMatchObject({
          status: 400,
        });
      } finally {
        ok(await t.admin.post('/api/v1/settings/Accounts_AllowAnonymousRead', { value: false }));
      }
    });

    it('channels.getAllUserMentionsByChannel lists the messages mentioning the caller', async () => {
      ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: group._id, msg: `@${bob.username} first` } }));
      ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: group._id, msg: 'nobody' } }));
      ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: group._id, msg: `second @${bob.username}` } }));
      const mentions = ok(await bob.api.get('/api/v1/channels.getAllUserMentionsByChannel', { roomId: group._id }));
      expect(mentions.mentions.map((m: any) => m.msg)).toEqual([`@${bob.username} first`, `second @${bob.username}`]);
      expect(mentions).toMatchObject({ count: 2, total: 2, offset: 0 });
      const viaDdp = await bobDdp.call<Array<{ msg: string }>>('getUserMentionsByChannel', { roomId: group._id, options: { limit: 1 } });
      expect(viaDdp.map((m) => m.msg)).toEqual([`@${bob.username} first`]);
      expect(error(await carol.api.get('/api/v1/channels.getAllUserMentionsByChannel', { roomId: group._id }))).toMatchObject({
        errorType: 'error-not-allowed',
      });
      expect(error(await bob.api.get('/api/v1/channels.getAllUserMentionsByChannel', {}))).toMatchObject({ status: 400 });
    });
  });

  describe('pruning a room’s history', () => {
    let room: Room;
    const send = async (user: CoreUser, msg: string) =>
      ok(await user.api.post('/api/v1/chat.sendMessage', { message: { rid: room._id, msg } })).message as { _id: string; ts: string };

    beforeAll(async () => {
      room = ok(await alice.api.post('/api/v1/channels.create', { name: uniqueName('prune'), members: [bob.username] })).channel;
    });

    it('rooms.cleanHistory needs clean-channel-history and valid dates', async () => {
      const window = { roomId: room._id, latest: new Date(Date.now() + 60_000).toISOString(), oldest: new Date(0).toISOString() };
      expect(error(await alice.api.post('/api/v1/rooms.cleanHistory', window))).toMatchObject({ errorType: 'error-not-allowed' });
      expect(error(await t.admin.post('/api/v1/rooms.cleanHistory', { roomId: room._id, oldest: window.oldest }))).toMatchObject({
        status: 400,
        errorType: 'invalid-params',
      });
      expect(error(await t.admin.post('/api/v1/rooms.cleanHistory', { ...window, latest: 'yesterday' }))).toMatchObject({ status: 400 });
      expect(await ddpError(bobDdp.call('cleanRoomHistory', { roomId: room._id, latest: new Date(), oldest: new Date(0) }))).toMatchObject({
        error: 'error-not-allowed',
      });
    });

    it('removes the messages in the window, keeping pinned ones when asked, and tells the readers', async () => {
      const first = await send(alice, 'one');
      const pinned = await send(bob, 'pinned');
      ok(await alice.api.post('/api/v1/chat.pinMessage', { messageId: pinned._id }));
      await send(bob, 'two');
      const last = await send(alice, 'three');
      await bobDdp.stream('notify-room', `${room._id}/deleteMessageBulk`);
      const announced = bobDdp.nextPush('notify-room', `${room._id}/deleteMessageBulk`);

      const { count, _id } = ok(
        await t.admin.post('/api/v1/rooms.cleanHistory', {
          roomId: room._id,
          oldest: first.ts,
          latest: last.ts,
          inclusive: true,
          excludePinned: true,
          users: [bob.username],
        }),
      );
      expect({ count, _id }).toEqual({ count: 1, _id: room._id });
      const push = await announced;
      expect(push.args[0]).toMatchObject({ rid: room._id, excludePinned: true, users: [bob.username] });

      const left = ok(await alice.api.get('/api/v1/channels.messages', { roomId: room._id })).messages.map((m: any) => m.msg);
      expect(left).toEqual(expect.arrayContaining(['one', 'pinned', 'three']));
      expect(left).not.toContain('two');
    });

    it('Meteor cleanRoomHistory uses its own defaults (inclusive) and updates the room’s last message', async () => {
      const before = await send(alice, 'older');
      const newest = await send(alice, 'newest');
      const count = await adminDdp.call<number>('cleanRoomHistory', {
        roomId: room._id,
        latest: new Date(newest.ts),
        oldest: new Date(before.ts),
      });
      expect(count).toBe(2);
      const info = await channelInfo(alice, room._id);
      expect(info.lastMessage?.msg).not.toBe('newest');
      expect(await ddpError(adminDdp.call('cleanRoomHistory', { roomId: room._id, latest: 'now', oldest: new Date(0) }))).toMatchObject({
        error: 'invalid-params',
      });
    });
  });
});
