import { describe, expect, it } from '@jest/globals';
import type { StreamEvent } from '@rc/contracts';
import { encodeEvent } from '@rc/platform';
import { Delivery, eventNamed } from './stream-fanout.js';

const delivered = (event: StreamEvent) => new Delivery<StreamEvent>(encodeEvent(event), 'u1');

describe('eventNamed', () => {
  it.each([
    ['u1/subscriptions-changed', ['updated', { rid: 'r1', ts: new Date(0) }]],
    ['u1/notification', [{ title: '#général', text: 'a "quoted" \\ text 😀' }]],
    ['r1/user-activity', ['alice', ['user-typing'], {}]],
    ['a name with "quotes", \\ and émoji 😀', []],
  ] as Array<[string, unknown[]]>)('gives the payload of an event named %j, decoded', (eventName, args) => {
    expect(eventNamed(delivered({ eventName, args }), eventName)).toEqual({ eventName, args });
  });

  it('gives nothing for an event of another name, even one whose args hold the name', () => {
    const delivery = delivered({ eventName: 'u1/notification', args: [{ text: 'u1/subscriptions-changed' }] });
    expect(eventNamed(delivery, 'u1/subscriptions-changed')).toBeUndefined();
    expect(eventNamed(delivery, 'u1/notification')).toBeDefined();
  });

  it('does not decode an event whose text cannot be the one asked for', () => {
    // Decoding this text would throw (an EJSON type the gateway does not know): it is never decoded.
    const delivery = new Delivery<StreamEvent>('{"eventName":"u1/notification","args":[{"$type":"unknown","$value":1}]}', 'u1');
    expect(() => delivery.payload).toThrow();
    expect(eventNamed(new Delivery<StreamEvent>(delivery.text, 'u1'), 'u1/subscriptions-changed')).toBeUndefined();
  });
});
