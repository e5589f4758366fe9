import { describe, expect, it } from '@jest/globals';
import type { Actor, IRoom } from '@rc/contracts';
import { coreWorld } from '../testing/core-world.js';

const actor = (userId: string) => ({ userId }) as Actor;

/** A public channel owned by alice (bob a member), a private group, a DM, and carol outside them all. */
function world(general: Partial<IRoom> = {}) {
  const w = coreWorld({
    users: ['alice', 'bob', 'carol', 'dave'].map((id) => ({ _id: id, username: id })),
    rooms: [
      { _id: 'general', t: 'c', name: 'general', usersCount: 2, ...general },
      { _id: 'secret', t: 'p', name: 'secret', usersCount: 1 },
      { _id: 'alicebob', t: 'd', uids: ['alice', 'bob'] },
    ],
  });
  w.subscribe('general', 'alice', { roles: ['owner'] });
  w.subscribe('general', 'bob');
  w.subscribe('secret', 'alice', { roles: ['owner'] });
  for (const id of ['alice', 'bob', 'carol', 'dave']) w.fakeAccess.grant(id, ['leave-c', 'leave-p']);
  return w;
}
const memberIds = (w: ReturnType<typeof world>, rid: string) => w.repos.subscriptions.data.find({ rid }).map((s) => s.u._id);
const usersCount = (w: ReturnType<typeof world>, rid: string) => w.repos.rooms.data.get(rid)!.usersCount;

describe('RoomMembershipService.join', () => {
  it('joins a public channel: subscription with one unread mention, count, uj message, and the inserted event', async () => {
    const w = world();
    await w.membership.join(actor('carol'), { roomId: 'general', t: 'c' });
    expect(w.repos.subscriptions.data.findOne({ rid: 'general', 'u._id': 'carol' })).toMatchObject({ alert: true, unread: 1, open: true });
    expect(usersCount(w, 'general')).toBe(3);
    expect(w.systemMessagesIn('general')).toEqual([['uj', 'carol']]);
    expect(w.named('subscriptionChanged')[0][0]).toBe('inserted');
  });

  it('joining twice changes nothing the second time', async () => {
    const w = world();
    await w.membership.join(actor('bob'), { roomId: 'general' });
    expect(usersCount(w, 'general')).toBe(2);
    expect(w.systemMessagesIn('general')).toEqual([]);
  });

  it('refuses private groups, archived channels, and rooms the user cannot access', async () => {
    const w = world();
    await expect(w.membership.join(actor('carol'), { roomId: 'secret' })).rejects.toMatchObject({ code: 'error-not-allowed' });
    const archived = world({ archived: true });
    await expect(archived.membership.join(actor('carol'), { roomId: 'general', t: 'c' })).rejects.toMatchObject({
      code: 'error-room-archived',
    });
    w.fakeAccess.canAccess = () => false;
    await expect(w.membership.join(actor('carol'), { roomId: 'general' })).rejects.toMatchObject({ code: 'error-not-allowed' });
  });

  it('asks for the join code unless the user has join-without-join-code', async () => {
    const w = world({ joinCode: '1234' });
    await expect(w.membership.join(actor('carol'), { roomId: 'general' })).rejects.toMatchObject({ code: 'error-code-required' });
    await expect(w.membership.join(actor('carol'), { roomId: 'general' }, '0000')).rejects.toMatchObject({ code: 'error-code-invalid' });
    await w.membership.join(actor('carol'), { roomId: 'general' }, '1234');
    w.fakeAccess.grant('dave', 'join-without-join-code');
    await w.membership.join(actor('dave'), { roomId: 'general' });
    expect(memberIds(w, 'general')).toEqual(['alice', 'bob', 'carol', 'dave']);
  });
});

describe('RoomMembershipService.leave', () => {
  it('leaves: ul message first, subscription trashed then removed, count down', async () => {
    const w = world();
    await w.membership.leave(actor('bob'), { roomId: 'general' });
    expect(memberIds(w, 'general')).toEqual(['alice']);
    expect(usersCount(w, 'general')).toBe(1);
    expect(w.systemMessagesIn('general')).toEqual([['ul', 'bob']]);
    expect(w.repos.trash.trashed).toEqual([{ collection: 'rocketchat_subscription', _id: expect.any(String) }]);
    expect(w.named('subscriptionChanged').at(-1)![0]).toBe('removed');
  });

  it('refuses the last owner, but lets an owner leave when another remains', async () => {
    const w = world();
    await expect(w.membership.leave(actor('alice'), { roomId: 'general' })).rejects.toMatchObject({ code: 'error-you-are-last-owner' });
    w.repos.subscriptions.data.updateOne({ rid: 'general', 'u._id': 'bob' }, { $set: { roles: ['owner'] } });
    await expect(w.membership.leave(actor('alice'), { roomId: 'general' })).resolves.toMatchObject({ _id: 'general' });
  });

  it('refuses a direct message, a non-member, and a user without leave-c', async () => {
    const w = world();
    await expect(w.membership.leave(actor('alice'), { roomId: 'alicebob' })).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(w.membership.leave(actor('carol'), { roomId: 'general' })).rejects.toMatchObject({ code: 'error-user-not-in-room' });
    const strict = coreWorld({ users: [{ _id: 'bob', username: 'bob' }], rooms: [{ _id: 'general', t: 'c', name: 'general' }] });
    strict.subscribe('general', 'bob');
    await expect(strict.membership.leave(actor('bob'), { roomId: 'general' })).rejects.toMatchObject({ code: 'error-not-allowed' });
  });
});

describe('RoomMembershipService.invite', () => {
  it('a member with add-user-to-joined-room adds users by id and by @username, each with an au message by the inviter', async () => {
    const w = world();
    w.fakeAccess.grant('bob', 'add-user-to-joined-room', 'general');
    await w.membership.invite(actor('bob'), { roomId: 'general' }, ['carol'], ['@dave']);
    expect(memberIds(w, 'general')).toEqual(['alice', 'bob', 'carol', 'dave']);
    expect(w.systemMessagesIn('general')).toEqual([
      ['au', 'carol'],
      ['au', 'dave'],
    ]);
    expect(w.repos.messages.data.find({ t: 'au' }).every((m) => m.u._id === 'bob')).toBe(true);
  });

  it('a non-member needs add-user-to-any-c-room (any-p for groups)', async () => {
    const w = world();
    w.fakeAccess.grant('carol', 'add-user-to-joined-room');
    await expect(w.membership.invite(actor('carol'), { roomId: 'general' }, ['dave'], [])).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
    w.fakeAccess.grant('carol', 'add-user-to-any-c-room');
    await expect(w.membership.invite(actor('carol'), { roomId: 'general' }, ['dave'], [])).resolves.toMatchObject({ _id: 'general' });
  });

  it('refuses unknown users, no users at all, and direct messages', async () => {
    const w = world();
    w.fakeAccess.grant('alice', 'add-user-to-joined-room');
    await expect(w.membership.invite(actor('alice'), { roomId: 'general' }, ['ghost'], [])).rejects.toMatchObject({
      code: 'error-user-not-found',
    });
    await expect(w.membership.invite(actor('alice'), { roomId: 'general' }, [], [])).rejects.toMatchObject({
      code: 'error-invalid-arguments',
    });
    await expect(w.membership.invite(actor('alice'), { roomId: 'alicebob' }, ['carol'], [])).rejects.toMatchObject({
      code: 'error-cant-invite-for-direct-room',
    });
    expect(memberIds(w, 'general')).toEqual(['alice', 'bob']);
  });
});

describe('RoomMembershipService.kick', () => {
  it('removes a member with remove-user: ru message by the kicker, count down', async () => {
    const w = world();
    w.fakeAccess.grant('alice', 'remove-user', 'general');
    await w.membership.kick(actor('alice'), { roomId: 'general' }, { username: 'bob' });
    expect(memberIds(w, 'general')).toEqual(['alice']);
    expect(w.systemMessagesIn('general')).toEqual([['ru', 'bob']]);
    expect(usersCount(w, 'general')).toBe(1);
  });

  it('refuses without remove-user, a non-member target, an unknown user, and the last owner', async () => {
    const w = world();
    await expect(w.membership.kick(actor('bob'), { roomId: 'general' }, { userId: 'alice' })).rejects.toMatchObject({
      code: 'error-not-allowed',
    });
    w.fakeAccess.grant('bob', 'remove-user', 'general');
    await expect(w.membership.kick(actor('bob'), { roomId: 'general' }, { userId: 'carol' })).rejects.toMatchObject({
      code: 'error-user-not-in-room',
    });
    await expect(w.membership.kick(actor('bob'), { roomId: 'general' }, { username: 'ghost' })).rejects.toMatchObject({
      code: 'error-invalid-user',
    });
    await expect(w.membership.kick(actor('bob'), { roomId: 'general' }, { userId: 'alice' })).rejects.toMatchObject({
      code: 'error-you-are-last-owner',
    });
  });
});

describe('RoomMembershipService team main rooms', () => {
  it('joining a team main room makes a team member (ujt); leaving it ends the membership (ult)', async () => {
    const w = world({ teamMain: true, teamId: 't1' });
    await w.membership.join(actor('carol'), { roomId: 'general' });
    expect(w.repos.teamMembers.data.findOne({ teamId: 't1', userId: 'carol' })).toMatchObject({ createdBy: { _id: 'carol' } });
    await w.membership.leave(actor('carol'), { roomId: 'general' });
    expect(w.repos.teamMembers.data.findOne({ teamId: 't1', userId: 'carol' })).toBeNull();
    expect(w.systemMessagesIn('general')).toEqual([
      ['ujt', 'carol'],
      ['ult', 'carol'],
    ]);
  });
});

describe('RoomMembershipService.joinDefaultRooms', () => {
  it('joins the default rooms a user is not yet in and answers their ids', async () => {
    const w = world({ default: true });
    await expect(w.membership.joinDefaultRooms('carol')).resolves.toEqual(['general']);
    await expect(w.membership.joinDefaultRooms('carol')).resolves.toEqual([]);
  });
});
