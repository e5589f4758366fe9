import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { DdpClient, type StreamPush } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import {
  channelWithConnectedMembers,
  createUser,
  ok,
  PASSWORD,
  StackProbe,
  uniqueName,
  type ConnectedChannel,
  type CoreUser,
} from './support/core-fixtures.js';

type StreamEvent = { eventName: string; args: [{ payload: { _id: string } }] };

/** Messages sent per step: with two core instances sharing the sends, both handle some of them (1 − 2⁻⁷ of the time). */
const MESSAGES = 8;

/**
 * Core holds what the desktop rules read of a room's members (presence, preferences: DesktopReceiverCache); every
 * core instance drops it when the user's preferences or status are written, so the message after a change follows
 * it whichever instance does its member work.
 */
const t = useStack({ instances: { core: 2, gateway: 2 } });

describe('desktop notifications follow a change of the member', () => {
  let sockets: DdpClient[] = [];
  let probe: StackProbe;
  let alice: CoreUser;
  let bob: CoreUser;
  let carol: CoreUser;
  let channel: { _id: string };
  let room: ConnectedChannel;

  beforeAll(async () => {
    room = await channelWithConnectedMembers(t.stack, t.admin, 'desk');
    ({ probe, alice, bob, carol, channel, sockets } = room);
  });

  afterAll(() => room?.close());

  /**
   * Sends MESSAGES messages from alice and answers which of them bob was notified of, once carol (whose
   * preferences never change: the server's default, every message) was notified of every one.
   */
  async function bobNotifiedOf(): Promise<number> {
    const bobStream = await probe.listenUser<StreamEvent>(bob.id);
    const carolStream = await probe.listenUser<StreamEvent>(carol.id);
    const notified = (events: StreamEvent[], user: CoreUser, ids: Set<string>) =>
      events.filter((e) => e.eventName === `${user.id}/notification` && ids.has(e.args[0].payload._id)).length;
    try {
      const ids = new Set<string>();
      for (let i = 0; i < MESSAGES; i++) {
        const sent = ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: `plain text ${i}` } }));
        ids.add(sent.message._id);
      }
      await waitFor(() => notified(carolStream.events, carol, ids) === MESSAGES, { describe: () => "carol's notifications" });
      return notified(bobStream.events, bob, ids);
    } finally {
      bobStream.stop();
      carolStream.stop();
    }
  }

  const setDesktop = {
    'users.setPreferences (REST)': (value: string) =>
      bob.api.post('/api/v1/users.setPreferences', { data: { desktopNotifications: value } }).then(ok),
    'saveUserPreferences (DDP)': (value: string) => sockets[0].call('saveUserPreferences', { desktopNotifications: value }),
    'users.update by the administrator': (value: string) =>
      t.admin
        .post('/api/v1/users.update', { userId: bob.id, data: { settings: { preferences: { desktopNotifications: value } } } })
        .then(ok),
  };

  it.each(Object.keys(setDesktop) as Array<keyof typeof setDesktop>)(
    'desktop notifications "nothing" through %s stops them from the next message on, "all" brings them back',
    async (face) => {
      expect(await bobNotifiedOf()).toBe(MESSAGES);
      await setDesktop[face]('nothing');
      expect(await bobNotifiedOf()).toBe(0);
      await setDesktop[face]('all');
      expect(await bobNotifiedOf()).toBe(MESSAGES);
    },
  );

  it('a busy status stops them from the next message on (presence), online brings them back', async () => {
    expect(await bobNotifiedOf()).toBe(MESSAGES);
    ok(await bob.api.post('/api/v1/users.setStatus', { status: 'busy' }));
    expect(await bobNotifiedOf()).toBe(0);
    ok(await bob.api.post('/api/v1/users.setStatus', { status: 'online' }));
    expect(await bobNotifiedOf()).toBe(MESSAGES);
  });
});

/**
 * A message's desktop notifications travel as one NATS message listing the recipients; each gateway delivers it to
 * the recipients whose sockets it holds, and to no one else.
 */
describe('desktop notifications through two gateways', () => {
  it('reach a recipient on each gateway, not the sender nor a user outside the room', async () => {
    const [alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((p) => createUser(t.admin, p)));
    const channel = ok(
      await alice.api.post('/api/v1/channels.create', { name: uniqueName('two-gw'), members: [bob.username, carol.username] }),
    ).channel as { _id: string; name: string };
    // bob and alice on the first gateway, carol and dave on the second; each listens to their own notifications.
    const placed: Array<[CoreUser, number]> = [
      [bob, 0],
      [alice, 0],
      [carol, 1],
      [dave, 1],
    ];
    const sockets = await Promise.all(placed.map(([, gateway]) => DdpClient.connect(t.stack.gatewayUrl(gateway))));
    const probe = await StackProbe.open(t.stack);
    try {
      await Promise.all(placed.map(([user], i) => sockets[i].login(user.username, PASSWORD)));
      await Promise.all(placed.map(([user], i) => sockets[i].stream('notify-user', `${user.id}/notification`)));
      await probe.waitOnline(placed.map(([user]) => user.id));
      const [bobSocket, aliceSocket, carolSocket, daveSocket] = sockets;

      const ids: string[] = [];
      for (let i = 0; i < 3; i++) {
        ids.push(
          ok(await alice.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: `to both gateways ${i}` } })).message._id,
        );
      }
      const notified = (socket: DdpClient, user: CoreUser) =>
        socket.pushes('notify-user', `${user.id}/notification`).filter((push) => ids.includes(push.args[0]?.payload?._id));
      await waitFor(() => notified(bobSocket, bob).length === ids.length && notified(carolSocket, carol).length === ids.length, {
        describe: () => "bob's and carol's notifications",
      });
      // In the order of the messages' ids: two core instances share the sends, and each notifies of its own messages
      // as soon as their member work is done, so one instance's may overtake the other's (as in Rocket.Chat).
      const byMessage = (push: StreamPush) => ids.indexOf(push.args[0].payload._id);
      const carols = notified(carolSocket, carol).sort((a, b) => byMessage(a) - byMessage(b));
      expect(carols.map((push) => push.args[0])).toEqual(
        ids.map((_id, i) =>
          expect.objectContaining({
            title: `#${channel.name}`,
            text: `${alice.username}: to both gateways ${i}`,
            payload: expect.objectContaining({ _id, rid: channel._id, type: 'c', sender: expect.objectContaining({ _id: alice.id }) }),
          }),
        ),
      );
      // The same NATS message reached both gateways: the sender and the outsider, who share them, got nothing of it.
      expect(aliceSocket.pushes('notify-user', `${alice.id}/notification`)).toEqual([]);
      expect(daveSocket.pushes('notify-user', `${dave.id}/notification`)).toEqual([]);
    } finally {
      await Promise.all(sockets.map((socket) => socket.close()));
      await probe.close();
    }
  });
});
