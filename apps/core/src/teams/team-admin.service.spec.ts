import { describe, expect, it } from '@jest/globals';
import { TEAM_TYPE, type IRoom } from '@rc/contracts';
import type { AvatarsService } from '../avatars/avatars.service.js';
import { RoomSettingsService } from '../rooms/room-settings.service.js';
import { asReal, coreWorld } from '../testing/core-world.js';
import { TeamAdminService } from './team-admin.service.js';
import { TeamResolver } from './team-resolver.js';
import { TeamsService } from './teams.service.js';
import { fakePageSize } from '../testing/fake-services.js';

const actor = (userId: string) => ({ userId, username: userId });
const alice = actor('alice');
const bob = actor('bob');

/** alice creates team `crew` with bob (alice its owner); carol stays outside. A channel `side` outside any team. */
async function world() {
  const w = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob' },
      { _id: 'carol', username: 'carol' },
    ],
    rooms: [{ _id: 'side', t: 'c', name: 'side' }],
  });
  w.fakeAccess.grant('alice', ['create-team', 'create-c', 'create-p']);
  const resolver = new TeamResolver(w.teams);
  const teams = new TeamsService(
    fakePageSize(),
    w.access,
    resolver,
    w.teams,
    w.teamMembers,
    w.rooms,
    w.subscriptions,
    w.users,
    w.roomCreation,
    w.membership,
    w.eraser,
    w.systemMessages,
    w.realtime,
  );
  const roomSettings = new RoomSettingsService(
    w.access,
    w.resolver,
    w.rooms,
    w.subscriptions,
    w.users,
    w.settings,
    w.systemMessages,
    w.eraser,
    w.realtime,
    asReal<AvatarsService>({}),
    w.teams,
  );
  const admin = new TeamAdminService(
    fakePageSize(),
    w.access,
    resolver,
    w.teams,
    w.teamMembers,
    w.rooms,
    w.subscriptions,
    w.users,
    w.membership,
    roomSettings,
    w.eraser,
    w.systemMessages,
    w.settings,
    w.realtime,
  );
  const team = await teams.create(alice, { name: 'crew', type: TEAM_TYPE.PUBLIC, members: ['bob'], readOnly: false });
  w.fakeAccess.grant('alice', ['edit-team', 'edit-team-member', 'convert-team'], team.roomId);
  const room = (id: string) => w.repos.rooms.data.get(id) as IRoom;
  const memberIds = () => w.repos.teamMembers.data.find({ teamId: team._id }).map((m) => m.userId);
  return { ...w, admin, team, room, memberIds };
}

describe('TeamAdminService', () => {
  it('update renames and retypes the main room and the team, for edit-team only', async () => {
    const w = await world();
    await expect(w.admin.update(bob, { teamId: w.team._id }, { name: 'bobs' })).rejects.toMatchObject({ code: 'error-unauthorized' });
    await w.admin.update(alice, { teamName: 'crew' }, { name: 'squad', type: TEAM_TYPE.PRIVATE });
    expect(w.repos.teams.data.get(w.team._id)).toMatchObject({ name: 'squad', type: TEAM_TYPE.PRIVATE });
    expect(w.room(w.team.roomId)).toMatchObject({ name: 'squad', t: 'p' });
    expect(w.repos.subscriptions.data.find({ rid: w.team.roomId }).map((s) => s.t)).toEqual(['p', 'p']);
    expect(w.systemMessagesIn(w.team.roomId)).toEqual(
      expect.arrayContaining([
        ['r', 'squad'],
        ['room_changed_privacy', 'private'],
      ]),
    );
  });

  it('leave: never the last owner; a member leaves the team and its main room', async () => {
    const w = await world();
    await expect(w.admin.leave(alice, { teamId: w.team._id })).rejects.toMatchObject({
      code: 'failure',
      reason: 'last-owner-can-not-be-removed',
    });
    await expect(w.admin.leave(actor('carol'), { teamId: w.team._id })).rejects.toMatchObject({
      code: 'failure',
      reason: 'member-does-not-exist',
    });
    await w.admin.leave(bob, { teamId: w.team._id });
    expect(w.memberIds()).toEqual(['alice']);
    expect(w.repos.subscriptions.data.findOne({ rid: w.team.roomId, 'u._id': 'bob' })).toBeNull();
  });

  it('updateMember replaces the roles on the membership and the main-room subscription', async () => {
    const w = await world();
    await expect(w.admin.updateMember(bob, { teamId: w.team._id }, { userId: 'bob', roles: ['owner'] })).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
    await w.admin.updateMember(alice, { teamId: w.team._id }, { userId: 'bob', roles: ['moderator'] });
    expect(w.repos.teamMembers.data.findOne({ teamId: w.team._id, userId: 'bob' })?.roles).toEqual(['moderator']);
    expect(w.repos.subscriptions.data.findOne({ rid: w.team.roomId, 'u._id': 'bob' })?.roles).toEqual(['moderator']);
    await w.admin.updateMember(alice, { teamId: w.team._id }, { userId: 'bob', roles: null });
    expect(w.repos.teamMembers.data.findOne({ teamId: w.team._id, userId: 'bob' })?.roles).toEqual([]);
  });

  it('convertToTeam makes a channel the main room of a new team; it needs create-team and edit-room', async () => {
    const w = await world();
    w.subscribe('side', 'alice');
    w.subscribe('side', 'bob');
    await expect(w.admin.convertToTeam(alice, { t: 'c', roomId: 'side' })).rejects.toMatchObject({ code: 'error-unauthorized' });
    w.fakeAccess.grant('alice', 'edit-room', 'side');
    await expect(w.admin.convertToTeam(alice, { t: 'p', roomId: 'side' })).rejects.toMatchObject({ code: 'error-room-not-found' });
    await expect(w.admin.convertToTeam(alice, { t: 'c' })).rejects.toMatchObject({ code: 'invalid-params' });
    const team = await w.admin.convertToTeam(alice, { t: 'c', roomName: 'side' });
    expect(team).toMatchObject({ name: 'side', type: TEAM_TYPE.PUBLIC, roomId: 'side' });
    expect(w.room('side')).toMatchObject({ teamMain: true, teamId: team._id });
    expect(w.repos.teamMembers.data.find({ teamId: team._id }).map((m) => [m.userId, m.roles])).toEqual(
      expect.arrayContaining([
        ['alice', ['owner']],
        ['bob', []],
      ]),
    );
    expect(w.systemMessagesIn('side')).toContainEqual(['user-converted-to-team', 'side']);
    await expect(w.admin.convertToTeam(alice, { t: 'c', roomId: 'side' })).rejects.toMatchObject({ code: 'error-room-already-on-team' });
  });
});
