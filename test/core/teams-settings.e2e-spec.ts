import { beforeAll, describe, expect, it } from '@jest/globals';
import { useStack } from '../support/stack.js';
import { createUser, ok, uniqueName, type CoreUser } from './support/core-fixtures.js';
import { requestsHandled } from '../support/health.js';

/** Teams and settings through REST, with two core instances sharing the work. */
describe('teams and settings', () => {
  const t = useStack({ instances: { core: 2 } });
  let owner: CoreUser;
  let member: CoreUser;
  let outsider: CoreUser;

  beforeAll(async () => {
    [owner, member, outsider] = await Promise.all([
      createUser(t.admin, 'owner'),
      createUser(t.admin, 'member'),
      createUser(t.admin, 'outsider'),
    ]);
  });

  describe('settings', () => {
    it('lists the public settings to anybody, by id if asked', async () => {
      // About 450 public settings: the first page, then the two by id.
      const all = ok(await t.api.get('/api/v1/settings.public', { count: 100 }));
      expect(all.count).toBe(100);
      const two = ok(await t.api.get('/api/v1/settings.public', { _id: 'Message_MaxAllowedSize,Site_Name' }));
      expect(two.settings).toEqual(
        expect.arrayContaining([
          { _id: 'Message_MaxAllowedSize', value: 5000, enterprise: false },
          { _id: 'Site_Name', value: 'Rocket.Chat', enterprise: false },
        ]),
      );
      expect(all.total).toBeGreaterThanOrEqual(all.count);
      const some = ok(
        await t.api.get('/api/v1/settings.public', { query: JSON.stringify({ _id: { $in: ['Site_Url', 'Message_AllowEditing'] } }) }),
      );
      expect(some.settings.map((s: { _id: string }) => s._id).sort()).toEqual(['Message_AllowEditing', 'Site_Url']);
      const injection = await t.api.get('/api/v1/settings.public', { query: JSON.stringify({ value: { $ne: null } }) });
      expect(injection.body.errorType).toBe('error-invalid-query');
    });

    it('reads and changes a setting for administrators only, with values of its type', async () => {
      expect(ok(await t.admin.get('/api/v1/settings/Site_Name'))).toMatchObject({ _id: 'Site_Name', value: 'Rocket.Chat' });
      expect((await member.api.get('/api/v1/settings/Site_Name')).status).toBe(403);
      expect((await member.api.post('/api/v1/settings/Site_Name', { value: 'Mine' })).status).toBe(403);
      const wrongType = await t.admin.post('/api/v1/settings/Message_MaxAllowedSize', { value: 'big' });
      expect(wrongType.body).toMatchObject({ success: false, errorType: 'error-invalid-setting' });
      expect((await t.admin.post('/api/v1/settings/No_Such_Setting', { value: 1 })).body.errorType).toBe('error-invalid-setting');
      ok(await t.admin.post('/api/v1/settings/Site_Name', { value: 'Team Chat' }));
      expect(ok(await t.api.get('/api/v1/settings.public', { _id: 'Site_Name' })).settings).toEqual([
        { _id: 'Site_Name', value: 'Team Chat', enterprise: false },
      ]);
    });

    it('applies a change on every core instance without a restart', async () => {
      const [first, second] = t.stack.instances('core');
      const room = ok(await owner.api.post('/api/v1/channels.create', { name: uniqueName('limits') })).channel;
      const sendMany = (msg: string) =>
        Promise.all(Array.from({ length: 16 }, () => owner.api.post('/api/v1/chat.sendMessage', { message: { rid: room._id, msg } })));

      expect((await sendMany('x'.repeat(200))).every((r) => r.status === 200)).toBe(true);
      ok(await t.admin.post('/api/v1/settings/Message_MaxAllowedSize', { value: 100 }));
      const before = [await requestsHandled(first.url), await requestsHandled(second.url)];
      const refused = await sendMany('x'.repeat(200));
      expect(refused.map((r) => r.body.errorType)).toEqual(Array(16).fill('error-message-size-exceeded'));
      // Both instances served these sends (the queue group shares them), so both applied the new limit.
      const served = [(await requestsHandled(first.url)) - before[0], (await requestsHandled(second.url)) - before[1]];
      expect(served[0]).toBeGreaterThan(0);
      expect(served[1]).toBeGreaterThan(0);

      ok(await t.admin.post('/api/v1/settings/Message_MaxAllowedSize', { value: 5000 }));
      expect((await sendMany('x'.repeat(200))).every((r) => r.status === 200)).toBe(true);
    });
  });

  describe('teams', () => {
    let teamId: string;
    let teamName: string;
    let roomId: string;

    it('creates a team with its main room, the creator its owner', async () => {
      teamName = uniqueName('squad');
      const { team } = ok(await owner.api.post('/api/v1/teams.create', { name: teamName, type: 1, members: [member.id] }));
      teamId = team._id;
      expect(team).toMatchObject({
        name: teamName,
        type: 1,
        roomId: expect.any(String),
        createdBy: { _id: owner.id, username: owner.username },
      });
      const { group } = ok(await member.api.get('/api/v1/groups.info', { roomId: team.roomId }));
      expect(group).toMatchObject({ t: 'p', name: teamName, teamMain: true, teamId, usersCount: 2 });
      const duplicate = await outsider.api.post('/api/v1/teams.create', { name: teamName, type: 0 });
      // Rocket.Chat's Team service throws `Error('team-name-already-exists')`: the id alone, no errorType.
      expect(duplicate.body).toEqual({ success: false, error: 'team-name-already-exists' });
      const badType = await outsider.api.post('/api/v1/teams.create', { name: uniqueName('bad'), type: 'x' });
      // Rocket.Chat's `check()` (Match.OneOf(0, 1)): the Match.Error's text alone.
      expect(badType.body).toEqual({
        success: false,
        error: 'Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation in field type',
      });
    });

    it('shows a private team to its members only', async () => {
      expect(ok(await member.api.get('/api/v1/teams.info', { teamName })).teamInfo._id).toBe(teamId);
      expect((await outsider.api.get('/api/v1/teams.info', { teamId })).status).toBe(403);
      expect((await outsider.api.get('/api/v1/teams.info', { teamId: 'no-such-team' })).body).toEqual({
        success: false,
        error: 'Team not found',
      });
      // Elsewhere Rocket.Chat's `failure('team-does-not-exist')`: the id alone.
      expect((await outsider.api.post('/api/v1/teams.leave', { teamId: 'no-such-team' })).body.error).toBe('team-does-not-exist');
      const listed = ok(await member.api.get('/api/v1/teams.list'));
      expect(listed.teams).toEqual([expect.objectContaining({ _id: teamId, rooms: 0, numberOfUsers: 2 })]);
      expect(ok(await outsider.api.get('/api/v1/teams.list')).total).toBe(0);
      const members = ok(await member.api.get('/api/v1/teams.members', { teamId }));
      expect(members.total).toBe(2);
      expect(members.members.find((m: { user: { _id: string } }) => m.user._id === owner.id).roles).toEqual(['owner']);
      expect(ok(await outsider.api.get('/api/v1/teams.members', { teamId })).total).toBe(0);
    });

    it('adds and removes members (owners only), who join and leave the main room', async () => {
      const refused = await member.api.post('/api/v1/teams.addMembers', { teamId, members: [{ userId: outsider.id }] });
      expect(refused.status).toBe(403);
      ok(await owner.api.post('/api/v1/teams.addMembers', { teamName, members: [{ userId: outsider.id }] }));
      expect(ok(await outsider.api.get('/api/v1/teams.members', { teamId })).total).toBe(3);
      const team = ok(await outsider.api.get('/api/v1/teams.info', { teamId })).teamInfo;
      expect(ok(await outsider.api.get('/api/v1/subscriptions.getOne', { roomId: team.roomId })).subscription).toMatchObject({
        teamMain: true,
      });
      const history = ok(await owner.api.get('/api/v1/groups.history', { roomId: team.roomId })).messages;
      expect(history[0]).toMatchObject({ t: 'added-user-to-team', msg: outsider.username });

      const lastOwner = await owner.api.post('/api/v1/teams.removeMember', { teamId, userId: owner.id });
      expect(lastOwner.body.success).toBe(false);
      ok(await owner.api.post('/api/v1/teams.removeMember', { teamId, userId: outsider.id }));
      expect(ok(await owner.api.get('/api/v1/teams.members', { teamId })).total).toBe(2);
      expect(ok(await outsider.api.get('/api/v1/subscriptions.getOne', { roomId: team.roomId })).subscription).toBeNull();
    });

    it('adds existing rooms to the team, lists them, and removes them', async () => {
      roomId = ok(await owner.api.post('/api/v1/channels.create', { name: uniqueName('team-room'), members: [member.username] })).channel
        ._id;
      const other = ok(await outsider.api.post('/api/v1/channels.create', { name: uniqueName('not-mine') })).channel._id;
      expect((await member.api.post('/api/v1/teams.addRooms', { teamId, rooms: [roomId] })).status).toBe(403);
      const notOwnerOfRoom = await owner.api.post('/api/v1/teams.addRooms', { teamId, rooms: [other] });
      expect(notOwnerOfRoom.body).toEqual({ success: false, error: 'error-no-owner-channel' });
      const { rooms } = ok(await owner.api.post('/api/v1/teams.addRooms', { teamId, rooms: [roomId] }));
      expect(rooms).toEqual([expect.objectContaining({ _id: roomId, teamId })]);
      const again = await owner.api.post('/api/v1/teams.addRooms', { teamId, rooms: [roomId] });
      expect(again.body).toEqual({ success: false, error: 'room-already-on-team' });

      const listed = ok(await member.api.get('/api/v1/teams.listRooms', { teamId }));
      expect(listed).toMatchObject({ total: 1, count: 1 });
      expect(listed.rooms[0]._id).toBe(roomId);
      // Rocket.Chat: a private team's rooms to an outsider are a plain 400 `user-not-on-private-team`.
      const refused = await outsider.api.get('/api/v1/teams.listRooms', { teamId });
      expect({ status: refused.status, error: refused.body.error }).toEqual({ status: 400, error: 'user-not-on-private-team' });
      expect(ok(await member.api.get('/api/v1/teams.list')).teams[0].rooms).toBe(1);

      const { room } = ok(await owner.api.post('/api/v1/teams.removeRoom', { teamId, roomId }));
      expect(room._id).toBe(roomId);
      expect(room.teamId).toBeUndefined();
      expect(ok(await member.api.get('/api/v1/teams.listRooms', { teamId })).total).toBe(0);
      ok(await owner.api.post('/api/v1/teams.addRooms', { teamId, rooms: [roomId] }));
    });

    it('deletes a team (delete-team): the main room goes, the other rooms stay outside any team', async () => {
      const { teamInfo } = ok(await owner.api.get('/api/v1/teams.info', { teamId }));
      expect((await member.api.post('/api/v1/teams.delete', { teamId })).status).toBe(403);
      ok(await owner.api.post('/api/v1/teams.delete', { teamName }));
      expect((await owner.api.get('/api/v1/teams.info', { teamId })).body.error).toBe('Team not found');
      expect((await owner.api.get('/api/v1/groups.info', { roomId: teamInfo.roomId })).body.errorType).toBe('error-room-not-found');
      const kept = ok(await owner.api.get('/api/v1/channels.info', { roomId })).channel;
      expect(kept.teamId).toBeUndefined();
      expect(ok(await member.api.get('/api/v1/teams.list')).total).toBe(0);
    });
  });
});
