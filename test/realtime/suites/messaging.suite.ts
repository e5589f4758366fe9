import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DDPSDK } from '@rocket.chat/ddp-client';
import { MongoClient } from 'mongodb';
import { createHash } from 'node:crypto';
import WebSocket from 'ws';
import { DdpClient, DdpError } from '../../support/ddp-client.js';
import { useStack } from '../../support/stack.js';
import { closeAll, connectAs, createUser, uniqueName, type RealtimeUser } from '../support/realtime-users.js';
import type { RealtimeSource } from '../support/realtime-sources.js';

/** Long enough for an event that reached a watcher on the same instance to have reached every other one. */
const SETTLE_MS = 1_500;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Chat in real time across two gateway instances: messages, edits, deletions, reactions, typing, room
 * membership changes, and who may read which stream. Clients on instance #1 watch what users do on #0.
 */
export const messagingSuite = (source: RealtimeSource) =>
  describe(`messaging in real time [REALTIME_SOURCE=${source}]`, () => {
    const t = useStack({ instances: { gateway: 2 }, env: { REALTIME_SOURCE: source } });
    let alice: RealtimeUser;
    let bob: RealtimeUser;
    let carol: RealtimeUser;
    /** A private group of alice's with bob; carol is not a member. */
    let rid: string;
    let groupName: string;
    /** alice on gateway #0, bob on gateway #1. */
    let aliceDdp: DdpClient;
    let bobDdp: DdpClient;
    const a = () => t.stack.gatewayUrl(0);
    const b = () => t.stack.gatewayUrl(1);

    beforeAll(async () => {
      [alice, bob, carol] = await Promise.all([createUser(t.admin, 'alice'), createUser(t.admin, 'bob'), createUser(t.admin, 'carol')]);
      groupName = uniqueName('group');
      const created = await alice.api.post('/api/v1/groups.create', { name: groupName, members: [bob.username] });
      expect(created.status).toBe(200);
      rid = created.body.group._id;
      aliceDdp = await connectAs(a(), alice);
      bobDdp = await connectAs(b(), bob);
      await bobDdp.stream('room-messages', rid);
    });
    afterAll(async () => {
      await closeAll(aliceDdp, bobDdp);
    });

    const send = async (user: RealtimeUser, msg: string, room = rid) => {
      const { status, body } = await user.api.post('/api/v1/chat.sendMessage', { message: { rid: room, msg } });
      expect(status).toBe(200);
      return body.message as { _id: string; rid: string; msg: string; ts: string };
    };

    it('delivers a message sent over REST on one instance to a DDP subscriber on the other', async () => {
      const pushed = bobDdp.nextPush('room-messages', rid, (p) => p.args[0].msg === 'hello from A');
      const sent = await send(alice, 'hello from A');
      const push = await pushed;
      expect(push.collection).toBe('stream-room-messages');
      expect(push.id).toBe('id');
      expect(push.args).toHaveLength(1);
      expect(push.args[0]).toMatchObject({ _id: sent._id, rid, msg: 'hello from A', u: { _id: alice.id, username: alice.username } });
      // EJSON: dates arrive as dates.
      expect(push.args[0].ts).toBeInstanceOf(Date);
      expect(push.args[0]._updatedAt).toBeInstanceOf(Date);
    });

    it("sends the messages of the reader's rooms on __my_messages__, with the room's type and name", async () => {
      const mine = await connectAs(b(), bob);
      await mine.stream('room-messages', '__my_messages__');
      const pushed = mine.nextPush('room-messages', '__my_messages__', (p) => p.args[0].msg === 'for everyone of mine');
      const sent = await send(alice, 'for everyone of mine');
      const push = await pushed;
      expect(push.args).toEqual([
        expect.objectContaining({ _id: sent._id, rid }),
        { roomParticipant: true, roomType: 'p', roomName: groupName },
      ]);
      await mine.close();
    });

    it('pushes edits and reactions', async () => {
      const sent = await send(alice, 'first draft');

      const edited = bobDdp.nextPush('room-messages', rid, (p) => p.args[0]._id === sent._id && p.args[0].msg === 'final text');
      const update = await alice.api.post('/api/v1/chat.update', { roomId: rid, msgId: sent._id, text: 'final text' });
      expect(update.status).toBe(200);
      expect((await edited).args[0]).toMatchObject({ editedBy: { _id: alice.id, username: alice.username }, editedAt: expect.any(Date) });

      const reacted = bobDdp.nextPush('room-messages', rid, (p) => p.args[0]._id === sent._id && p.args[0].reactions !== undefined);
      await aliceDdp.call('setReaction', ':thumbsup:', sent._id);
      expect((await reacted).args[0].reactions).toEqual({ ':thumbsup:': { usernames: [alice.username] } });
    });

    it('pushes deletions to the room', async () => {
      await bobDdp.stream('notify-room', `${rid}/deleteMessage`);
      const sent = await send(alice, 'soon gone');
      const deleted = bobDdp.nextPush('notify-room', `${rid}/deleteMessage`);
      const removal = await alice.api.post('/api/v1/chat.delete', { roomId: rid, msgId: sent._id });
      expect(removal.status).toBe(200);
      expect((await deleted).args).toEqual([{ _id: sent._id }]);
    });

    it('relays typing to the other members, not back to the typing connection, and only for the typist', async () => {
      const event = `${rid}/user-activity`;
      await bobDdp.stream('notify-room', event);
      await aliceDdp.stream('notify-room', event);
      const aliceElsewhere = await connectAs(b(), alice);
      await aliceElsewhere.stream('notify-room', event);

      const seenByBob = bobDdp.nextPush('notify-room', event, (p) => p.args[0] === alice.username);
      const seenByOtherSession = aliceElsewhere.nextPush('notify-room', event);
      await expect(aliceDdp.call(`stream-notify-room`, event, alice.username, ['user-typing'], {})).resolves.toBeUndefined();
      expect((await seenByBob).args).toEqual([alice.username, ['user-typing'], {}]);
      expect((await seenByOtherSession).args).toEqual([alice.username, ['user-typing'], {}]);

      const stopped = bobDdp.nextPush('notify-room', event, (p) => p.args[0] === alice.username && p.args[1].length === 0);
      await aliceDdp.call('stream-notify-room', event, alice.username, []);
      await stopped;

      // Pretending to be someone else, or typing in a room one does not belong to, is dropped silently.
      const carolDdp = await connectAs(a(), carol);
      await aliceDdp.call('stream-notify-room', event, bob.username, ['user-typing']);
      await carolDdp.call('stream-notify-room', event, carol.username, ['user-typing']);
      await sleep(SETTLE_MS);
      expect(bobDdp.pushes('notify-room', event).filter((p) => p.args[0] !== alice.username)).toEqual([]);
      expect(aliceDdp.pushes('notify-room', event)).toEqual([]);
      await expect(carolDdp.stream('notify-room', event)).rejects.toMatchObject({ error: { error: 'not-allowed' } });
      await closeAll(aliceElsewhere, carolDdp);
    });

    it('refuses streams to readers without the right to them', async () => {
      const carolDdp = await connectAs(b(), carol);
      const refused = await carolDdp.stream('room-messages', rid).catch((e: DdpError) => e.error);
      expect(refused).toEqual({ isClientSafe: true, error: 'not-allowed', message: '[not-allowed]', errorType: 'Meteor.Error' });
      await expect(carolDdp.stream('notify-user', `${alice.id}/notification`)).rejects.toMatchObject({ error: { error: 'not-allowed' } });
      await expect(carolDdp.stream('room-messages', 'no-such-room')).rejects.toMatchObject({ error: { error: 'not-allowed' } });
      await expect(carolDdp.stream('notify-logged', 'private-settings-changed')).rejects.toMatchObject({ error: { error: 'not-allowed' } });
      await expect(carolDdp.subscribe('stream-room-messages', { $ne: null })).rejects.toMatchObject({
        error: { error: 'invalid-event-name' },
      });

      const anonymous = await DdpClient.connect(b());
      await expect(anonymous.stream('room-messages', rid)).rejects.toMatchObject({ error: { error: 'not-allowed' } });
      await expect(anonymous.stream('notify-logged', 'user-status')).rejects.toMatchObject({ error: { error: 'not-allowed' } });
      // Public events need no login.
      await expect(anonymous.stream('notify-all', 'public-settings-changed')).resolves.toEqual(expect.any(String));

      // Carol never receives the group's messages.
      await send(alice, 'private matter');
      await sleep(SETTLE_MS);
      expect(carolDdp.frames.filter((f) => f.msg === 'changed')).toEqual([]);
      await closeAll(carolDdp, anonymous);
    });

    it('tells a user about their rooms and subscriptions as they join and leave, and stops their room stream when they leave', async () => {
      const dave = await createUser(t.admin, 'dave');
      const channelName = uniqueName('channel');
      const channel = await alice.api.post('/api/v1/channels.create', { name: channelName });
      const channelId: string = channel.body.channel._id;

      const daveDdp = await connectAs(b(), dave);
      await daveDdp.stream('notify-user', `${dave.id}/rooms-changed`);
      await daveDdp.stream('notify-user', `${dave.id}/subscriptions-changed`);
      // A public channel can be read before joining it.
      await daveDdp.stream('room-messages', channelId);
      const control = await connectAs(b(), alice);
      await control.stream('room-messages', channelId);

      const subscribed = daveDdp.nextPush('notify-user', `${dave.id}/subscriptions-changed`, (p) => p.args[0] === 'inserted');
      const roomAdded = daveDdp.nextPush('notify-user', `${dave.id}/rooms-changed`, (p) => p.args[0] === 'inserted');
      await expect(daveDdp.call('joinRoom', channelId)).resolves.toBe(true);
      expect((await subscribed).args[1]).toMatchObject({ rid: channelId, name: channelName, t: 'c', u: { _id: dave.id } });
      expect((await roomAdded).args[1]).toMatchObject({ _id: channelId, name: channelName, t: 'c' });

      const unsubscribed = daveDdp.nextPush('notify-user', `${dave.id}/subscriptions-changed`, (p) => p.args[0] === 'removed');
      await daveDdp.call('leaveRoom', channelId);
      expect((await unsubscribed).args[1]).toMatchObject({ rid: channelId, u: { _id: dave.id } });

      const afterLeaving = control.nextPush('room-messages', channelId, (p) => p.args[0].msg === 'dave has left');
      const sent = await send(alice, 'dave has left', channelId);
      await afterLeaving;
      await sleep(SETTLE_MS);
      expect(daveDdp.pushes('room-messages', channelId).map((p) => p.args[0]._id)).not.toContain(sent._id);
      await closeAll(daveDdp, control);
    });

    it('tells the members of a deleted room that it is removed, before their subscriptions go', async () => {
      const channelName = uniqueName('doomed');
      const created = await alice.api.post('/api/v1/channels.create', { name: channelName, members: [bob.username] });
      const doomedId: string = created.body.channel._id;
      await bobDdp.stream('notify-user', `${bob.id}/rooms-changed`);
      await bobDdp.stream('notify-user', `${bob.id}/subscriptions-changed`);
      const roomRemoved = bobDdp.nextPush(
        'notify-user',
        `${bob.id}/rooms-changed`,
        (p) => p.args[0] === 'removed' && p.args[1]._id === doomedId,
      );
      const subscriptionRemoved = bobDdp.nextPush(
        'notify-user',
        `${bob.id}/subscriptions-changed`,
        (p) => p.args[0] === 'removed' && p.args[1].rid === doomedId,
      );

      const deleted = await alice.api.post('/api/v1/channels.delete', { roomId: doomedId });
      expect(deleted.status).toBe(200);
      expect((await roomRemoved).args[1]).toEqual({ _id: doomedId });
      await subscriptionRemoved;
    });

    it('tells every member that a message changed the room (rooms-changed with the last message)', async () => {
      const roomUpdated = bobDdp.nextPush(
        'notify-user',
        `${bob.id}/rooms-changed`,
        (p) => p.args[0] === 'updated' && p.args[1].lastMessage?.msg === 'news for the sidebar',
      );
      await bobDdp.stream('notify-user', `${bob.id}/rooms-changed`);
      await send(alice, 'news for the sidebar');
      const push = await roomUpdated;
      expect(push.args[1]).toMatchObject({ _id: rid, name: groupName, lastMessage: { msg: 'news for the sidebar' } });
      expect(push.args[1].joinCode).toBeUndefined();
    });

    it('works with the official @rocket.chat/ddp-client: connect, log in, receive a room message', async () => {
      // The SDK opens its socket with the global WebSocket (a browser's); Node 20 has none.
      (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
      const sdk = await DDPSDK.createAndConnect(b());
      try {
        expect(sdk.connection.status).toBe('connected');
        await sdk.account.loginWithPassword(bob.username, createHash('sha256').update(bob.password).digest('hex'));
        expect(sdk.account.uid).toBe(bob.id);

        const received = new Promise<{ _id: string; msg: string }>((resolve) => {
          const subscription = sdk.stream('room-messages', rid, (message: { _id: string; msg: string }) => {
            if (message.msg === 'to the official client') resolve(message);
          });
          void subscription.ready().then(() => send(alice, 'to the official client'));
        });
        expect(await received).toMatchObject({ msg: 'to the official client', _id: expect.any(String) });
        await expect(sdk.call('getRoomNameById', rid)).resolves.toBe(groupName);
      } finally {
        sdk.connection.close();
        // The SDK's heartbeat timers outlive an explicit close (a late frame re-arms them): once the socket is
        // gone, stop them so that the test run can end.
        await sleep(200);
        sdk.timeoutControl.stop();
      }
    });

    it("answers Rocket.Chat's methods over DDP, through the services", async () => {
      const sent = await bobDdp.call('sendMessage', { _id: `ddp${Date.now()}`, rid, msg: 'sent over DDP' });
      expect(sent).toMatchObject({ rid, msg: 'sent over DDP', u: { _id: bob.id, username: bob.username }, ts: expect.any(Date) });

      const history = await aliceDdp.call('loadHistory', rid, null, 10, null);
      expect(history.messages[0]).toMatchObject({ _id: sent._id, msg: 'sent over DDP' });

      await expect(aliceDdp.call('getRoomIdByNameOrId', groupName)).resolves.toBe(rid);
      await expect(aliceDdp.call('getRoomNameById', rid)).resolves.toBe(groupName);

      const edited = bobDdp.call('updateMessage', { _id: sent._id, rid, msg: 'edited over DDP' });
      await expect(edited).resolves.toBeUndefined();
      await expect(aliceDdp.call('readMessages', rid)).resolves.toBeUndefined();

      const subscriptions = await aliceDdp.call('subscriptions/get');
      expect(subscriptions).toEqual(expect.arrayContaining([expect.objectContaining({ rid, t: 'p', name: groupName })]));
      const since = await aliceDdp.call('subscriptions/get', new Date(Date.now() - 60_000));
      expect(since).toEqual({ update: expect.any(Array), remove: expect.any(Array) });
      const rooms = await aliceDdp.call('rooms/get');
      expect(rooms).toEqual(expect.arrayContaining([expect.objectContaining({ _id: rid })]));

      // The administrator holds the described global role "admin"; the plain users hold none worth showing.
      const roles: Array<{ username: string; roles: string[] }> = await aliceDdp.call('getUserRoles');
      expect(roles).toEqual(expect.arrayContaining([expect.objectContaining({ username: 'admin', roles: ['admin'] })]));
      expect(roles.find((r) => r.username === alice.username)).toBeUndefined();

      const direct = await aliceDdp.call('createDirectMessage', carol.username);
      expect(direct).toMatchObject({
        t: 'd',
        rid: expect.any(String),
        usernames: expect.arrayContaining([alice.username, carol.username]),
      });
      expect(direct._id).toBeUndefined();

      await expect(bobDdp.call('deleteMessage', { _id: sent._id })).resolves.toBeUndefined();
      // An unknown message: Rocket.Chat's updateMessage ignores it, deleteMessage refuses it with a Meteor error.
      await expect(bobDdp.call('updateMessage', { _id: 'no-such-message', rid, msg: 'x' })).resolves.toBeUndefined();
      const denied = await bobDdp.call('deleteMessage', { _id: sent._id }).catch((e: DdpError) => e.error);
      expect(denied).toMatchObject({ errorType: 'Meteor.Error', isClientSafe: true, error: expect.any(String) });
    });

    it(`keeps an oplog in the local database ${source === 'stream-hub' ? 'for stream-hub' : 'only for stream-hub: none here'}`, async () => {
      await send(alice, 'written after the start');
      const client = await MongoClient.connect(t.stack.mongoUrl);
      try {
        const stats = await client.db('admin').command({ rocketnestQueryStats: 1 });
        if (source === 'stream-hub') expect(stats.oplog.entries).toBeGreaterThan(0);
        else expect(stats.oplog).toBeNull();
      } finally {
        await client.close();
      }
    });
  });
