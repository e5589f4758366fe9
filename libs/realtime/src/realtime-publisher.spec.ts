import { describe, expect, it } from '@jest/globals';
import { notifyUserEvent, type EventContract } from '@rc/contracts';
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
  it('publishes to each user the very text notifyUser would, the args encoded once for all of them', () => {
    const one = recordingBus();
    const each = new RealtimePublisher(one.bus, true);
    for (const userId of ['bob', 'carol', 'd"ave']) each.notifyUser(userId, 'notification', notification);

    const many = recordingBus();
    new RealtimePublisher(many.bus, true).notifyUsers(new Set(['bob', 'carol', 'd"ave']), 'notification', notification);

    expect(many.sent).toEqual(one.sent);
    expect(many.sent.map(({ event, key }) => `${event}.${key}`)).toEqual(
      ['bob', 'carol', 'd"ave'].map((id) => `${notifyUserEvent.name}.${id}`),
    );
  });

  it('publishes nothing for no user', () => {
    const { bus, sent } = recordingBus();
    new RealtimePublisher(bus, true).notifyUsers([], 'notification', notification);
    expect(sent).toEqual([]);
  });
});
