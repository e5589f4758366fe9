import { describe, expect, it } from '@jest/globals';
import { eventSubject, notifyUsersEvent, type EventContract, type StreamEvent } from '@rc/contracts';
import { encodeEvent, type EventBus } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import type { EncodedFrame } from '../protocol/ddp-frames.js';
import { userEventFrame } from './notify-user.stream.js';
import { Delivery, StreamFanout } from './stream-fanout.js';
import { UsersEventFanout } from './users-event-fanout.js';

/** NATS between a publisher and this gateway: what the publisher sends reaches the subjects the gateway subscribed to. */
function fakeNats() {
  const subscriptions = new Map<string, (text: string, key: string) => void>();
  const published: Array<{ subject: string; text: string }> = [];
  const deliver = (subject: string, text: string) => subscriptions.get(subject)?.(text, subject.split('.').at(-1)!);
  const bus = {
    subscribeText: (event: EventContract, key: string, handler: (text: string, key: string) => void) => {
      subscriptions.set(eventSubject(event, key), handler);
      return () => subscriptions.delete(eventSubject(event, key));
    },
    publish: (event: EventContract, key: string, payload: unknown) =>
      published.push({ subject: eventSubject(event, key), text: encodeEvent(payload) }),
    publishEncoded: (event: EventContract, key: string, text: string) => published.push({ subject: eventSubject(event, key), text }),
    flush: () => (nats.down ? Promise.reject(new Error('NATS down')) : Promise.resolve()),
  } as unknown as EventBus;
  const nats = { down: false };
  /** Publishes through core's publisher and delivers to the gateway what it subscribed to. */
  const publish = (act: (publisher: RealtimePublisher) => void) => {
    published.length = 0;
    act(new RealtimePublisher(bus, true));
    const sent = [...published];
    for (const { subject, text } of sent) deliver(subject, text);
    return sent;
  };
  return { bus, subscriptions, publish, deliver, nats };
}

/** A gateway's delivery: the frames each local listener (`user#socket`) got. */
function gateway() {
  const nats = fakeNats();
  const users = new UsersEventFanout(new StreamFanout(nats.bus));
  const received = new Map<string, EncodedFrame[]>();
  const listen = (userId: string, event = 'notification', socket = 1) =>
    users.watch(userId, event, (frame) => received.set(`${userId}#${socket}`, [...(received.get(`${userId}#${socket}`) ?? []), frame]));
  return { ...nats, users, received, listen };
}

const at = (iso: string) => new Date(iso);

/** Desktop notifications as core builds them: plain, a direct message's, text JSON and EJSON escape, odd fields. */
const NOTIFICATIONS: Array<[string, unknown[]]> = [
  [
    'a channel message',
    [
      {
        title: '#general',
        text: 'alice: hello',
        reacted: false,
        payload: {
          _id: 'm1',
          rid: 'r1',
          tmid: undefined,
          sender: { _id: 'a', username: 'alice', name: 'Alice' },
          type: 'c',
          message: { msg: 'hello' },
          name: 'general',
        },
      },
    ],
  ],
  [
    'a thread reply in a direct message with a system type',
    [
      {
        title: 'alice',
        text: 'hi',
        reacted: false,
        payload: { _id: 'm2', rid: 'r2', tmid: 'm1', type: 'd', message: { msg: 'hi', t: 'e2e' } },
      },
    ],
  ],
  [
    'text JSON escapes, dates, keys EJSON escapes',
    [
      {
        title: '#a "room"',
        text: 'alice: quotes " and \\ backslash, 😀 émoji, a\nnewline </script> ],"args":[',
        payload: { ts: at('2026-12-04T17:00:00.5Z'), odd: { $date: 'not a date' }, n: [0, -1.5, 1e21, null] },
      },
    ],
  ],
];

describe('UsersEventFanout: one event for several users, delivered by the gateway', () => {
  describe.each(NOTIFICATIONS)('%s', (_kind, args) => {
    it("gives each listed user the very frame of the user's own subject, byte for byte", async () => {
      const g = gateway();
      await Promise.all(['bob', 'carol', 'd"ave'].map((userId) => g.listen(userId)));
      const sent = g.publish((p) => p.notifyUsers(['bob', 'carol', 'd"ave'], 'notification', args));
      expect(sent.map((s) => s.subject)).toEqual([`${notifyUsersEvent.name}.notification`]);

      for (const userId of ['bob', 'carol', 'd"ave']) {
        // The per-user path: the event on the user's subject, decoded by the gateway and encoded again.
        const [own] = g.publish((p) => p.notifyUser(userId, 'notification', args));
        const perUser = userEventFrame(new Delivery<StreamEvent>(own.text, userId).payload);
        expect(g.received.get(`${userId}#1`)?.map((frame) => frame.text)).toEqual([perUser.text]);
      }
    });
  });

  it('delivers to the listed users this gateway holds, every socket of theirs, and to no one else', async () => {
    const g = gateway();
    await Promise.all([g.listen('bob', 'notification', 1), g.listen('bob', 'notification', 2), g.listen('carol'), g.listen('dave')]);
    await g.listen('bob', 'message');
    g.publish((p) => p.notifyUsers(['bob', 'carol', 'erin'], 'notification', NOTIFICATIONS[0][1]));

    expect([...g.received.keys()].sort()).toEqual(['bob#1', 'bob#2', 'carol#1']);
    expect(g.received.get('bob#2')![0]).toBe(g.received.get('bob#1')![0]);
    expect(JSON.parse(g.received.get('carol#1')![0].text).fields.eventName).toBe('carol/notification');
  });

  it('drops an event that lists none of its users, and a text that is not one', async () => {
    const g = gateway();
    await g.listen('dave');
    g.publish((p) => p.notifyUsers(['bob', 'carol'], 'notification', NOTIFICATIONS[0][1]));
    g.deliver(`${notifyUsersEvent.name}.notification`, '{"eventName":"dave/notification","args":[]}');
    g.deliver(`${notifyUsersEvent.name}.notification`, '{"event":"message","userIds":["dave"],"args":[]}');
    expect(g.received.size).toBe(0);
  });

  it("subscribes once per event name while a socket listens, and stops with the event's last listener", async () => {
    const g = gateway();
    const subject = `${notifyUsersEvent.name}.notification`;
    expect(g.subscriptions.has(subject)).toBe(false);
    const stops = await Promise.all([g.listen('bob'), g.listen('carol'), g.listen('carol', 'notification', 2)]);
    expect([...g.subscriptions.keys()]).toEqual([subject]);

    stops[1]();
    stops[1]();
    g.publish((p) => p.notifyUsers(['bob', 'carol'], 'notification', NOTIFICATIONS[0][1]));
    expect([...g.received.keys()].sort()).toEqual(['bob#1', 'carol#2']);

    stops[0]();
    stops[2]();
    await Promise.resolve();
    expect(g.subscriptions.size).toBe(0);
    expect(g.users.eventCount).toBe(0);
    await g.listen('bob');
    expect([...g.subscriptions.keys()]).toEqual([subject]);
  });

  it('fails the watch when NATS does not confirm the subscription, and subscribes again for the next listener', async () => {
    const g = gateway();
    g.nats.down = true;
    await expect(g.listen('bob')).rejects.toThrow('NATS down');
    expect(g.users.eventCount).toBe(0);

    g.nats.down = false;
    await g.listen('carol');
    g.publish((p) => p.notifyUsers(['bob', 'carol'], 'notification', NOTIFICATIONS[0][1]));
    expect([...g.received.keys()]).toEqual(['carol#1']);
  });
});
