import { describe, expect, it } from '@jest/globals';
import { roomMessagesEvent, type StreamEvent } from '@rc/contracts';
import { encodeEvent, type EventBus } from '@rc/platform';
import { Delivery, eventNamed, FANOUT_CHUNK, StreamFanout } from './stream-fanout.js';

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

describe('StreamFanout', () => {
  /** The one NATS subject's handler, as the event bus would call it on each message. */
  function fanoutWithBus() {
    let handler: (text: string, key: string) => void = () => undefined;
    const bus = {
      subscribeText: (_event: unknown, _key: string, h: typeof handler) => ((handler = h), () => undefined),
      flush: () => Promise.resolve(),
    };
    return { fanout: new StreamFanout(bus as unknown as EventBus), publish: (text: string) => handler(text, 'r1') };
  }
  const watchers = async (fanout: StreamFanout, count: number) =>
    Promise.all(
      Array.from({ length: count }, async () => {
        const got: string[] = [];
        const stop = await fanout.watch(roomMessagesEvent, 'r1', (delivery) => got.push(delivery.text));
        return { got, stop };
      }),
    );
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it("serves a room's readers at once, in order, when they fit in one chunk", async () => {
    const { fanout, publish } = fanoutWithBus();
    const readers = await watchers(fanout, 10);
    publish('"a"');
    publish('"b"');
    expect(readers.every((r) => r.got.join() === '"a","b"')).toBe(true);
  });

  it('serves a room of thousands a chunk per turn of the event loop, every reader in order, letting other work in between', async () => {
    const { fanout, publish } = fanoutWithBus();
    const readers = await watchers(fanout, FANOUT_CHUNK * 3 + 100);
    publish('"a"');
    publish('"b"');
    expect(readers.filter((r) => r.got.length > 0)).toHaveLength(FANOUT_CHUNK);
    // Work queued now runs before the fan-out is done (the sender's answer arriving from NATS, say).
    const servedWhenOtherWorkRan = new Promise<number>((resolve) =>
      setImmediate(() => resolve(readers.filter((r) => r.got.length > 0).length)),
    );
    readers.at(-1)!.stop(); // leaves before its chunk: gets nothing more
    expect(await servedWhenOtherWorkRan).toBeLessThan(readers.length);
    for (let turn = 0; turn < 20; turn++) await nextTurn();
    expect(readers.slice(0, -1).every((r) => r.got.join() === '"a","b"')).toBe(true);
    expect(readers.at(-1)!.got).toEqual([]);
  });
});
