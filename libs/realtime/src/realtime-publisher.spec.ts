import { describe, expect, it } from '@jest/globals';
import { notifyUserEvent, notifyUsersEvent, readUsersEvent, streamKey, type EventContract } from '@rc/contracts';
import { encodeEvent, type EventBus } from '@rc/platform';
import { RealtimePublisher } from './realtime-publisher.js';

/** An EventBus that records what would go on NATS: subject key and text. */
function recordingBus() {
  const sent: Array<{ event: string; key: string; text: string }> = [];
  const bus = {
    publish: (event: EventContract, key: string, payload: unknown) => sent.push({ event: event.name, key, text: encodeEvent(payload) }),
    publishEncoded: (event: EventContract, key: string, text: string) => sent.push({ event: event.name, key, text }),
  } as unknown as EventBus;
  return { bus, sent };
}

/** A desktop notification's args as core sends them: dates, an undefined field, text JSON escapes. */
const notification = [
  {
    title: '#general',
    text: 'alice: "quoted" \\ émoji 😀 </script>',
    reacted: false,
    payload: {
      _id: 'm1',
      rid: 'r1',
      tmid: undefined,
      sender: { _id: 'u1', username: 'alice' },
      type: 'c',
      ts: new Date('2026-12-04T17:00:00.5Z'),
    },
  },
];

describe('RealtimePublisher.notifyUsers', () => {
  it('publishes one event keyed by the event name, listing the users, the args encoded once as notifyUser encodes them', () => {
    const many = recordingBus();
    new RealtimePublisher(many.bus, true).notifyUsers(new Set(['bob', 'carol', 'd"ave']), 'notification', notification);

    expect(many.sent.map(({ event, key }) => `${event}.${key}`)).toEqual([`${notifyUsersEvent.name}.notification`]);
    const published = readUsersEvent(many.sent[0].text)!;
    expect(published).toEqual({ event: 'notification', userIds: ['bob', 'carol', 'd"ave'], argsJson: encodeEvent(notification) });
    // The args are the very text each user's own event carries.
    const one = recordingBus();
    new RealtimePublisher(one.bus, true).notifyUser('bob', 'notification', notification);
    expect(one.sent[0].text).toBe(`{"eventName":"bob/notification","args":${published.argsJson}}`);
  });

  it.each([
    ['one user', ['bob']],
    ['one user listed twice', ['bob', 'bob']],
  ])("publishes what notifyUser does, on the user's subject, to %s", (_kind, userIds) => {
    const many = recordingBus();
    new RealtimePublisher(many.bus, true).notifyUsers(userIds, 'notification', notification);
    const one = recordingBus();
    new RealtimePublisher(one.bus, true).notifyUser('bob', 'notification', notification);
    expect(many.sent).toEqual(one.sent);
    expect(many.sent[0]).toMatchObject({ event: notifyUserEvent.name, key: 'bob' });
  });

  it('lists a user once, and keys an event name NATS reserves characters of as a token', () => {
    const { bus, sent } = recordingBus();
    new RealtimePublisher(bus, true).notifyUsers(['bob', 'carol', 'bob'], 'odd.event', notification);
    expect(sent.map(({ key }) => key)).toEqual([streamKey('odd.event')]);
    expect(readUsersEvent(sent[0].text)).toMatchObject({ event: 'odd.event', userIds: ['bob', 'carol'] });
  });

  it('publishes nothing for no user', () => {
    const { bus, sent } = recordingBus();
    new RealtimePublisher(bus, true).notifyUsers([], 'notification', notification);
    expect(sent).toEqual([]);
  });
});
