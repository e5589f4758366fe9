import { describe, expect, it } from '@jest/globals';
import type { Actor, CreateRoomRequest, ITeam } from '@rc/contracts';
import { coreWorld } from '../testing/core-world.js';

const request = (fields: Partial<CreateRoomRequest> = {}): CreateRoomRequest => ({
  actor: { userId: 'alice' } as Actor,
  t: 'c',
  name: 'news',
  members: [],
  readOnly: false,
  excludeSelf: false,
  extraData: {},
  ...fields,
});

function world() {
  const w = coreWorld({
    users: [
      { _id: 'alice', username: 'alice' },
      { _id: 'bob', username: 'bob' },
      { _id: 'gone', username: 'gone', active: false },
    ],
    rooms: [
      { _id: 'old', t: 'c', name: 'old', archived: true },
      { _id: 'teamroom', t: 'c', name: 'crew', teamMain: true, teamId: 't1' },
    ],
  });
  w.fakeAccess.grant('alice', ['create-c', 'create-p']);
  w.repos.teams.data.insert({ _id: 't1', name: 'crew', type: 0, roomId: 'teamroom' } as unknown as ITeam);
  return w;
}
const subscriptionsOf = (w: ReturnType<typeof world>, rid: string) =>
  w.repos.subscriptions.data
    .find({ rid })
    .map((s) => ({ user: s.u._id, roles: s.roles, ls: s.ls !== undefined }))
    .sort((a, b) => a.user.localeCompare(b.user));

describe('RoomCreationService.create', () => {
  it('creates a channel with its members; the creator is the owner and has seen it; inactive users are left out', async () => {
    const w = world();
    const room = await w.roomCreation.create(request({ members: ['bob', 'gone'] }));
    expect(room).toMatchObject({ t: 'c', name: 'news', fname: 'news', u: { _id: 'alice' }, usersCount: 2, ro: false, msgs: 0 });
    expect(subscriptionsOf(w, room._id)).toEqual([
      { user: 'alice', roles: ['owner'], ls: true },
      { user: 'bob', roles: undefined, ls: false },
    ]);
    expect(w.named('subscriptionChanged').map(([action]) => action)).toEqual(['inserted', 'inserted']);
  });

  it('leaves the creator out with excludeSelf; a broadcast room is read-only', async () => {
    const w = world();
    const room = await w.roomCreation.create(request({ members: ['bob'], excludeSelf: true, extraData: { broadcast: true } }));
    expect(subscriptionsOf(w, room._id).map((s) => s.user)).toEqual(['bob']);
    expect(room).toMatchObject({ ro: true, broadcast: true });
  });

  it('needs create-c for channels and create-p for groups (error-unauthorized)', async () => {
    const w = world();
    await expect(w.roomCreation.create(request({ actor: { userId: 'bob' } as Actor }))).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
    await expect(w.roomCreation.create(request({ actor: { userId: 'bob' } as Actor, t: 'p' }))).rejects.toMatchObject({
      code: 'error-unauthorized',
    });
  });

  it('refuses an invalid name, a taken one, and one taken by an archived room', async () => {
    const w = world();
    await expect(w.roomCreation.create(request({ name: 'bad name!' }))).rejects.toMatchObject({ code: 'error-invalid-room-name' });
    await expect(w.roomCreation.create(request({ name: 'crew' }))).rejects.toMatchObject({ code: 'error-duplicate-channel-name' });
    await expect(w.roomCreation.create(request({ name: 'old' }))).rejects.toMatchObject({ code: 'error-archived-duplicate-name' });
  });

  it("creates a team's channel with create-team-channel in the team's room, announced there", async () => {
    const w = world();
    await expect(w.roomCreation.create(request({ extraData: { teamId: 't1' } }))).rejects.toMatchObject({ code: 'error-unauthorized' });
    w.fakeAccess.grant('alice', 'create-team-channel', 'teamroom');
    const room = await w.roomCreation.create(request({ extraData: { teamId: 't1' } }));
    expect(room.teamId).toBe('t1');
    expect(w.systemMessagesIn('teamroom')).toEqual([['user-added-room-to-team', 'news']]);
    await expect(w.roomCreation.create(request({ name: 'other', extraData: { teamId: 'nope' } }))).rejects.toMatchObject({
      code: 'team-does-not-exist',
    });
  });
});
