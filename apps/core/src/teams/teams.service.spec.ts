import { describe, expect, it } from '@jest/globals';
import { TEAM_TYPE } from '@rc/contracts';
import { asReal, coreWorld } from '../testing/core-world.js';
import { TeamResolver } from './team-resolver.js';
import { TeamsService } from './teams.service.js';
import { fakePageSize } from '../testing/fake-services.js';

const actor = (userId: string) => ({ userId, username: userId });
const alice = actor('alice');

/** Users alice (allowed to create teams), bob, carol, and dave (deactivated); a channel `side` outside any team. */
function world() {
  const w = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob' },
      { _id: 'carol', username: 'carol' },
      { _id: 'dave', username: 'dave', active: false },
    ],
    rooms: [
      { _id: 'side', t: 'c', name: 'side' },
      { _id: 'dm', t: 'd', uids: ['alice', 'bob'] },
    ],
  });
  w.fakeAccess.grant('alice', ['create-team', 'create-c', 'create-p']);
  const teams = Object.assign(Object.create(w.repos.teams) as object, {
    findByIds: (ids: string[]) => Promise.resolve(w.repos.teams.data.find({ _id: { $in: ids } })),
  });
  const service = new TeamsService(
    fakePageSize(),
    w.access,
    new TeamResolver(asReal(teams)),
    asReal(teams),
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
  return { ...w, service };
}

/** alice creates team `crew` with bob; she then holds every team permission in its main room. */
async function withTeam(type: 0 | 1 = TEAM_TYPE.PUBLIC) {
  const w = world();
  const team = await w.service.create(alice, { name: 'crew', type, members: ['bob'], readOnly: false });
  const permissions = [
    'add-team-member',
    'edit-team-member',
    'move-room-to-team',
    'remove-team-channel',
    'delete-team',
    'create-team-channel',
  ];
  w.fakeAccess.grant('alice', permissions, team.roomId);
  return { ...w, team };
}
const teamMemberIds = (w: Awaited<ReturnType<typeof withTeam>>) =>
  w.repos.teamMembers.data
    .find({ teamId: w.team._id })
    .map((m) => m.userId)
    .sort();
const roomMemberIds = (w: ReturnType<typeof world>, rid: string) =>
  w.repos.subscriptions.data
    .find({ rid })
    .map((s) => s.u._id)
    .sort();

describe('TeamsService.create', () => {
  it('creates the team with its main room (teamMain) and memberships; the creator owns both', async () => {
    const w = world();
    const team = await w.service.create(alice, {
      name: 'crew',
      type: TEAM_TYPE.PRIVATE,
      members: ['bob', 'dave', 'carol'],
      readOnly: false,
    });
    expect(w.repos.rooms.data.get(team.roomId)).toMatchObject({ t: 'p', name: 'crew', teamMain: true, teamId: team._id });
    expect(roomMemberIds(w, team.roomId)).toEqual(['alice', 'bob', 'carol']);
    expect(w.repos.teamMembers.data.find({ teamId: team._id }).map((m) => [m.userId, m.roles])).toEqual([
      ['alice', ['owner']],
      ['bob', []],
      ['carol', []],
    ]);
    expect(w.repos.subscriptions.data.findOne({ rid: team.roomId, 'u._id': 'alice' })!.roles).toEqual(['owner']);
  });

  it('needs create-team and a free name', async () => {
    const w = world();
    await expect(w.service.create(actor('bob'), { name: 'x', type: 0, members: [], readOnly: false })).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
    await w.service.create(alice, { name: 'crew', type: 0, members: [], readOnly: false });
    // Rocket.Chat's Team service throws `Error('team-name-already-exists')`: the id as a plain failure.
    await expect(w.service.create(alice, { name: 'crew', type: 0, members: [], readOnly: false })).rejects.toMatchObject({
      code: 'failure',
      reason: 'team-name-already-exists',
    });
  });
});

describe('TeamsService members', () => {
  it('adds members to the team and its main room, with their roles on the subscription and an added-user-to-team message', async () => {
    const w = await withTeam();
    await w.service.addMembers(alice, { teamId: w.team._id }, [{ userId: 'carol', roles: ['moderator'] }]);
    expect(teamMemberIds(w)).toEqual(['alice', 'bob', 'carol']);
    expect(w.repos.subscriptions.data.findOne({ rid: w.team.roomId, 'u._id': 'carol' })!.roles).toEqual(['moderator']);
    expect(w.systemMessagesIn(w.team.roomId)).toEqual([['added-user-to-team', 'carol']]);
  });

  it('refuses adding without add-team-member or edit-team-member, and unknown users', async () => {
    const w = await withTeam();
    await expect(w.service.addMembers(actor('bob'), { teamId: w.team._id }, [{ userId: 'carol' }])).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
    await expect(w.service.addMembers(alice, { teamName: 'crew' }, [{ userId: 'ghost' }])).rejects.toMatchObject({
      code: 'error-user-not-found',
    });
    await expect(w.service.addMembers(alice, { teamName: 'nope' }, [{ userId: 'carol' }])).rejects.toMatchObject({
      code: 'failure',
      reason: 'team-does-not-exist',
    });
  });

  it('removes a member from the team, its main room and the given team rooms, never the last owner', async () => {
    const w = await withTeam();
    const room = await w.roomCreation.create({
      actor: alice,
      t: 'c',
      name: 'crew-chat',
      members: ['bob'],
      readOnly: false,
      excludeSelf: false,
      extraData: { teamId: w.team._id },
    });
    await expect(w.service.removeMember(alice, { teamId: w.team._id }, 'alice')).rejects.toMatchObject({
      code: 'failure',
      reason: 'last-owner-can-not-be-removed',
    });
    await w.service.removeMember(alice, { teamId: w.team._id }, 'bob', [room._id]);
    expect(teamMemberIds(w)).toEqual(['alice']);
    expect(roomMemberIds(w, w.team.roomId)).toEqual(['alice']);
    expect(roomMemberIds(w, room._id)).toEqual(['alice']);
    expect(w.systemMessagesIn(w.team.roomId)).toEqual([
      ['user-added-room-to-team', 'crew-chat'],
      ['removed-user-from-team', 'bob'],
    ]);
    await expect(w.service.removeMember(alice, { teamId: w.team._id }, 'carol')).rejects.toMatchObject({
      code: 'failure',
      reason: 'member-does-not-exist',
    });
  });

  it('shows the members to members and view-all-teams holders, and nothing to others', async () => {
    const w = await withTeam();
    const users = Object.assign(Object.create(w.repos.users) as object, {
      findRoomUsersPageAmong: (ids: string[]) =>
        Promise.resolve({ users: w.repos.users.data.find({ _id: { $in: ids } }), total: ids.length }),
    });
    const service = new TeamsService(
      fakePageSize(),
      w.access,
      new TeamResolver(w.teams),
      w.teams,
      w.teamMembers,
      w.rooms,
      w.subscriptions,
      asReal(users),
      w.roomCreation,
      w.membership,
      w.eraser,
      w.systemMessages,
      w.realtime,
    );
    const page = await service.members(actor('bob'), { teamId: w.team._id }, { offset: 0, count: 0 });
    expect(page.items.map((m) => [m.user._id, m.roles])).toEqual([
      ['alice', ['owner']],
      ['bob', []],
    ]);
    await expect(service.members(actor('carol'), { teamId: w.team._id }, { offset: 0, count: 0 })).resolves.toMatchObject({ total: 0 });
  });
});

describe('TeamsService rooms', () => {
  it('moves a room its owner may move (move-room-to-team on the team) into the team, and takes it out again', async () => {
    const w = await withTeam();
    await expect(w.service.addRooms(actor('bob'), { teamId: w.team._id }, ['side'])).rejects.toMatchObject({
      code: 'error-unauthorized',
      reason: 'error-no-permission-team-channel',
    });
    await expect(w.service.addRooms(alice, { teamId: w.team._id }, ['side'])).rejects.toMatchObject({
      code: 'failure',
      reason: 'error-no-owner-channel',
    });
    expect(w.repos.rooms.data.get('side')!.teamId).toBeUndefined();
    w.subscribe('side', 'alice', { roles: ['owner'] });
    await w.service.addRooms(alice, { teamId: w.team._id }, ['side']);
    expect(w.repos.rooms.data.get('side')!.teamId).toBe(w.team._id);
    await expect(w.service.addRooms(alice, { teamId: w.team._id }, ['side'])).rejects.toMatchObject({
      code: 'failure',
      reason: 'room-already-on-team',
    });
    await w.service.removeRoom(alice, { teamId: w.team._id }, 'side');
    expect(w.repos.rooms.data.get('side')!.teamId).toBeUndefined();
    expect(w.systemMessagesIn(w.team.roomId)).toEqual([
      ['user-added-room-to-team', 'side'],
      ['user-removed-room-from-team', 'side'],
    ]);
  });

  it('refuses unknown rooms, rooms the caller cannot read, and removing the main room', async () => {
    const w = await withTeam();
    w.subscribe('side', 'alice', { roles: ['owner'] });
    await expect(w.service.addRooms(alice, { teamId: w.team._id }, ['side', 'ghost'])).rejects.toMatchObject({
      code: 'failure',
      reason: 'invalid-room',
    });
    w.fakeAccess.canAccess = (_userId, roomId) => roomId !== 'side';
    await expect(w.service.addRooms(alice, { teamId: w.team._id }, ['side'])).rejects.toMatchObject({
      code: 'failure',
      reason: 'invalid-room',
    });
    expect(w.repos.rooms.data.get('side')!.teamId).toBeUndefined();
    await expect(w.service.removeRoom(alice, { teamId: w.team._id }, w.team.roomId)).rejects.toMatchObject({
      code: 'failure',
      reason: 'room-not-on-that-team',
    });
  });
});

describe('TeamsService.info and delete', () => {
  it('shows a team to who can read its main room or holds view-all-teams', async () => {
    const w = await withTeam();
    await expect(w.service.info(actor('carol'), { teamName: 'crew' })).resolves.toMatchObject({ name: 'crew' });
    w.fakeAccess.canAccess = () => false;
    await expect(w.service.info(actor('carol'), { teamName: 'crew' })).rejects.toMatchObject({ code: 'error-unauthorized' });
    w.fakeAccess.grant('carol', 'view-all-teams');
    await expect(w.service.info(actor('carol'), { teamName: 'crew' })).resolves.toMatchObject({ name: 'crew' });
  });

  it('erases the main room and the rooms asked for; the other team rooms stay, outside the team', async () => {
    const w = await withTeam();
    const make = (name: string) =>
      w.roomCreation.create({
        actor: alice,
        t: 'c',
        name,
        members: [],
        readOnly: false,
        excludeSelf: false,
        extraData: { teamId: w.team._id },
      });
    const drop = await make('drop');
    const keep = await make('keep');
    await expect(w.service.delete(actor('bob'), { teamId: w.team._id }, [])).rejects.toMatchObject({ code: 'error-unauthorized' });
    await w.service.delete(alice, { teamId: w.team._id }, [drop._id]);
    expect(w.repos.rooms.data.get(drop._id)).toBeNull();
    expect(w.repos.rooms.data.get(w.team.roomId)).toBeNull();
    expect(w.repos.rooms.data.get(keep._id)!.teamId).toBeUndefined();
    expect(w.repos.teams.data.get(w.team._id)).toBeNull();
    expect(teamMemberIds(w)).toEqual([]);
  });
});
