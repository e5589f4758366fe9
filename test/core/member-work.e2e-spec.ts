import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { useStack } from '../support/stack.js';
import { channelWithConnectedMembers, ok, StackProbe, uniqueName, type ConnectedChannel, type CoreUser } from './support/core-fixtures.js';

type StreamEvent = { eventName: string; args: [string, Record<string, any>] };

/**
 * A send's member work (the members' counters, their subscriptions-changed events, notifications) runs after the
 * answer, recorded durably on the message itself (`_memberWork`, written with its insert): done right after the answer, and taken over by
 * core at its next start when core was killed between the answer and the work.
 */
describe('member work after the answer', () => {
  // Desktop notifications for mentions only (the server's default is every message), so a mention is what notifies.
  const t = useStack({
    env: { OVERWRITE_SETTING_Accounts_Default_User_Preferences_desktopNotifications: 'mentions' },
    appEnv: { core: { MEMBER_WORK_LOCK_MS: '1500', MEMBER_WORK_SWEEP_MS: '500' } },
  });
  let probe: StackProbe;
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let channel: { _id: string; name: string };
  let room: ConnectedChannel;

  beforeAll(async () => {
    room = await channelWithConnectedMembers(t.stack, t.admin, 'work');
    ({ probe, alice, bob, carol, channel } = room);
  });

  afterAll(() => room?.close());

  const subscriptionOf = async (user: CoreUser) =>
    ok(await user.api.get('/api/v1/subscriptions.getOne', { roomId: channel._id })).subscription;
  const pending = () => probe.db.collection('rocketchat_message').countDocuments({ rid: channel._id, _memberWork: { $exists: true } });

  it("does the members' work of an answered send: counters, their events and the notification; nothing left pending", async () => {
    await Promise.all([alice, bob, carol].map((u) => u.api.post('/api/v1/subscriptions.read', { rid: channel._id })));
    const bobStream = await probe.listenUser<StreamEvent>(bob.id);
    const carolStream = await probe.listenUser<StreamEvent>(carol.id);
    try {
      const message = ok(
        await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: `@${bob.username} over here` } }),
      ).message;
      // The record is internal: neither in the answer nor in what a client reads.
      expect(message).not.toHaveProperty('_memberWork');
      await waitFor(() => bobStream.events.some((e) => e.eventName === `${bob.id}/notification`), { describe: () => "bob's notification" });
      await waitFor(() => carolStream.events.some((e) => e.eventName === `${carol.id}/subscriptions-changed`), {
        describe: () => "carol's subscriptions-changed",
      });
      const bobChanged = bobStream.events.find((e) => e.eventName === `${bob.id}/subscriptions-changed`)!;
      expect(bobChanged.args).toEqual(['updated', expect.objectContaining({ rid: channel._id, userMentions: 1, unread: 1, alert: true })]);
      expect(await subscriptionOf(bob)).toMatchObject({ userMentions: 1, unread: 1, alert: true });
      expect(await subscriptionOf(carol)).toMatchObject({ userMentions: 0, alert: true });
      expect(await subscriptionOf(alice)).toMatchObject({ unread: 0, alert: false });
      expect(carolStream.events.some((e) => e.eventName === `${carol.id}/notification`)).toBe(false);
      await waitFor(async () => (await pending()) === 0, { describe: () => `the member work of ${message._id} removed once done` });
      const read = ok(await bob.api.get('/api/v1/chat.getMessage', { msgId: message._id })).message;
      expect(read).not.toHaveProperty('_memberWork');
    } finally {
      bobStream.stop();
      carolStream.stop();
    }
  });

  it('resumes the work when core died between the answer and the work: at its next start, once the claim expired', async () => {
    await Promise.all([bob, carol].map((u) => u.api.post('/api/v1/subscriptions.read', { rid: channel._id })));
    const [core] = t.stack.instances('core');
    await t.stack.remove(core, 'kill');
    // What the killed core leaves after answering: the message stored, the room updated, the work recorded (claimed).
    const now = new Date();
    const _id = uniqueName('crashed');
    const message = {
      _id,
      rid: channel._id,
      msg: `@${carol.username} before the crash`,
      ts: now,
      _updatedAt: now,
      u: { _id: alice.id, username: alice.username, name: `User ${alice.username}` },
      mentions: [{ _id: carol.id, username: carol.username, name: `User ${carol.username}`, type: 'user' }],
      md: [],
    };
    await probe.db.collection('rocketchat_message').insertOne({ ...message, _memberWork: new Date(now.getTime() + 1500) } as never);
    await probe.db
      .collection('rocketchat_room')
      .updateOne({ _id: channel._id as never }, { $inc: { msgs: 1 }, $set: { lm: now, lastMessage: message } });

    const carolStream = await probe.listenUser<StreamEvent>(carol.id);
    try {
      await t.stack.startInstance('core');
      await waitFor(() => carolStream.events.some((e) => e.eventName === `${carol.id}/notification`), {
        timeoutMs: 30_000,
        describe: () => "carol's notification of the resumed message",
      });
      expect(carolStream.events.find((e) => e.eventName === `${carol.id}/subscriptions-changed`)?.args[1]).toMatchObject({
        userMentions: 1,
        unread: 1,
      });
      expect(await subscriptionOf(carol)).toMatchObject({ userMentions: 1, unread: 1, alert: true });
      expect(await subscriptionOf(bob)).toMatchObject({ alert: true });
      await waitFor(async () => (await pending()) === 0, { describe: () => 'the resumed work removed' });
    } finally {
      carolStream.stop();
    }
  });
  it('moves the work an older server left in rocketnest_member_work onto its message at start, does it, and drops that collection', async () => {
    await Promise.all([bob, carol].map((u) => u.api.post('/api/v1/subscriptions.read', { rid: channel._id })));
    const [core] = t.stack.instances('core');
    await t.stack.remove(core, 'kill');
    // What a server from before 2026-12-03 left: the message stored, its work recorded in a collection of its own.
    const now = new Date();
    const _id = uniqueName('legacy');
    const message = {
      _id,
      rid: channel._id,
      msg: `@${carol.username} from an older server`,
      ts: now,
      _updatedAt: now,
      u: { _id: alice.id, username: alice.username, name: `User ${alice.username}` },
      mentions: [{ _id: carol.id, username: carol.username, name: `User ${carol.username}`, type: 'user' }],
      md: [],
    };
    await probe.db.collection('rocketchat_message').insertOne(message as never);
    await probe.db
      .collection('rocketnest_member_work')
      .insertOne({ _id: _id as never, rid: channel._id, due: new Date(now.getTime() - 1000), claimedAt: new Date(now.getTime() - 31_000) });

    const carolStream = await probe.listenUser<StreamEvent>(carol.id);
    try {
      await t.stack.startInstance('core');
      await waitFor(() => carolStream.events.some((e) => e.eventName === `${carol.id}/notification`), {
        timeoutMs: 30_000,
        describe: () => "carol's notification of the older server's message",
      });
      expect(await subscriptionOf(carol)).toMatchObject({ userMentions: 1, alert: true });
      await waitFor(async () => (await pending()) === 0, { describe: () => 'its work removed once done' });
      expect((await probe.db.listCollections()).map((c) => c.name)).not.toContain('rocketnest_member_work');
    } finally {
      carolStream.stop();
    }
  });
});
