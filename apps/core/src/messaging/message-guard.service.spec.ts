import { describe, expect, it } from '@jest/globals';
import type { IRoom } from '@rc/contracts';
import type { AccessService } from '../common/access.service.js';
import type { RoomUser, SubscriptionsRepository } from '@rc/models';
import { FakeAccess } from '../testing/fake-services.js';
import { MessageGuard } from './message-guard.service.js';

const bob: RoomUser = { _id: 'bob', username: 'bob', type: 'user', active: true, roles: ['user'] };
const room = (fields: Partial<IRoom> = {}) => ({ _id: 'r1', t: 'c', name: 'r1', ...fields }) as IRoom;

function guard() {
  const access = new FakeAccess();
  const blocked = new Map<string, { blocked?: boolean; blocker?: boolean }>();
  const subscriptions = {
    findMembership: (rid: string, userId: string) => Promise.resolve((blocked.get(`${rid}:${userId}`) ?? null) as never),
  };
  return {
    access,
    blocked,
    guard: new MessageGuard(access as unknown as AccessService, subscriptions as unknown as SubscriptionsRepository),
  };
}

describe('MessageGuard.assertCanPost (Rocket.Chat canSendMessage)', () => {
  it('lets a member post in an ordinary room', async () => {
    await expect(guard().guard.assertCanPost(room(), bob)).resolves.toBeUndefined();
  });

  it('refuses a room the user cannot read, but not to an app user', async () => {
    const { access, guard: g } = guard();
    access.canAccess = () => false;
    await expect(g.assertCanPost(room(), bob)).rejects.toMatchObject({ code: 'error-not-allowed' });
    await expect(g.assertCanPost(room(), { ...bob, type: 'app' })).resolves.toBeUndefined();
  });

  it('uses an access answer given by the caller instead of asking again', async () => {
    const { access, guard: g } = guard();
    access.canAccess = () => {
      throw new Error('asked again');
    };
    await expect(g.assertCanPost(room(), bob, 'send', true)).resolves.toBeUndefined();
  });

  it('refuses an archived room with error-room-archived', async () => {
    await expect(guard().guard.assertCanPost(room({ archived: true }), bob)).rejects.toMatchObject({ code: 'error-room-archived' });
  });

  it('lets a read-only room through with post-readonly in the room, or for an explicitly unmuted user', async () => {
    const { access, guard: g } = guard();
    await expect(g.assertCanPost(room({ ro: true }), bob)).rejects.toMatchObject({ code: 'error-room-is-read-only' });
    await expect(g.assertCanPost({ ...room({ ro: true }), unmuted: ['bob'] } as IRoom, bob)).resolves.toBeUndefined();
    access.grant('bob', 'post-readonly', 'r1');
    await expect(g.assertCanPost(room({ ro: true }), bob)).resolves.toBeUndefined();
  });

  it('lets reactions through a read-only room that allows reacting, but not messages', async () => {
    const { guard: g } = guard();
    const reactable = room({ ro: true, reactWhenReadOnly: true });
    await expect(g.assertCanPost(reactable, bob, 'react')).resolves.toBeUndefined();
    await expect(g.assertCanPost(reactable, bob, 'send')).rejects.toMatchObject({ code: 'error-room-is-read-only' });
  });

  it('refuses a muted user', async () => {
    await expect(guard().guard.assertCanPost(room({ muted: ['bob'] }), bob)).rejects.toMatchObject({ code: 'error-not-allowed' });
  });

  it('refuses a direct message blocked by either side (room_is_blocked), and lets other rooms through', async () => {
    const { blocked, guard: g } = guard();
    const dm = room({ _id: 'dm', t: 'd' });
    await expect(g.assertCanPost(dm, bob)).resolves.toBeUndefined();
    blocked.set('dm:bob', { blocker: true });
    await expect(g.assertCanPost(dm, bob)).rejects.toMatchObject({ code: 'room_is_blocked' });
    blocked.set('dm:bob', { blocked: true });
    await expect(g.assertCanPost(dm, bob)).rejects.toMatchObject({ code: 'room_is_blocked' });
    blocked.set('r1:bob', { blocked: true });
    await expect(g.assertCanPost(room(), bob)).resolves.toBeUndefined();
  });

  it.each([
    ['a room the user cannot read', room({ t: 'p' }), 'error-not-allowed'],
    ['a read-only room', room({ ro: true }), "You can't send messages because the room is readonly."],
    ['a muted user', room({ muted: ['bob'] }), 'You_have_been_muted'],
  ])("words %s as Rocket.Chat's bare Error on the route's face, with the id on the method's", async (_name, target, bare) => {
    const { access, guard: g } = guard();
    access.canAccess = () => target.t !== 'p';
    await expect(g.assertCanPost(target, bob, 'send', undefined, 'route')).rejects.toMatchObject({ code: 'failure', reason: bare });
    const byMethod = g.assertCanPost(target, bob, 'send', undefined, 'method');
    await expect(byMethod).rejects.toMatchObject({ code: expect.stringMatching(/^error-/) });
  });

  it('checks the mute first for a reaction, with the id on both faces, as setReaction does', async () => {
    const { guard: g } = guard();
    const both = room({ ro: true, muted: ['bob'] });
    await expect(g.assertCanPost(both, bob, 'react', true, 'route')).rejects.toMatchObject({
      code: 'error-not-allowed',
      reason: 'You have been muted',
    });
    await expect(g.assertCanPost(both, bob, 'send', true, 'route')).rejects.toMatchObject({
      code: 'failure',
      reason: "You can't send messages because the room is readonly.",
    });
  });
});
