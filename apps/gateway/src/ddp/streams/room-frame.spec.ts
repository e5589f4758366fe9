import { describe, expect, it } from '@jest/globals';
import { livechatRoomEvent, roomMessagesEvent, STREAMS, type EventContract, type IMessage } from '@rc/contracts';
import { decodeEvent, encodeEvent, type EventBus } from '@rc/platform';
import { encodeArgs, streamFrame, type EncodedFrame } from '../protocol/ddp-frames.js';
import type { RoomRef } from './membership-tracker.js';
import { myMessagesFrame, roomFrame } from './room-messages.stream.js';
import { Delivery, StreamFanout } from './stream-fanout.js';

const at = (iso: string) => new Date(iso);

/** Messages as their publishers put them on NATS: every kind a livechat chat and its transfer send, and hard text. */
const MESSAGES: Array<[string, Record<string, unknown>]> = [
  [
    "a visitor's message (with the visitor's token)",
    {
      _id: 'm1',
      rid: 'r1',
      msg: 'Hello',
      ts: at('2026-12-04T10:00:00.001Z'),
      u: { _id: 'v1', username: 'guest-1', name: 'Vera' },
      token: 'a'.repeat(64),
      _updatedAt: at('2026-12-04T10:00:00.001Z'),
    },
  ],
  [
    "an agent's message with md",
    {
      _id: 'm2',
      rid: 'r1',
      msg: 'Hi',
      ts: at('2026-12-04T10:00:01Z'),
      u: { _id: 'a1', username: 'ann', name: 'Ann' },
      md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'Hi' }] }],
      mentions: [],
      channels: [],
      _updatedAt: at('2026-12-04T10:00:01Z'),
    },
  ],
  [
    'a transfer to a department (transferData, a department without a name)',
    {
      _id: 'm3',
      rid: 'r1',
      t: 'livechat_transfer_history',
      msg: '',
      ts: at('2026-12-04T10:00:02Z'),
      u: { _id: 'a1', username: 'ann' },
      groupable: false,
      transferData: {
        transferredBy: { _id: 'a1', username: 'ann' },
        ts: at('2026-12-04T10:00:02Z'),
        scope: 'department',
        nextDepartment: { _id: 'd2', name: undefined },
      },
      _updatedAt: at('2026-12-04T10:00:02Z'),
    },
  ],
  [
    'the new agent joining',
    { _id: 'm4', rid: 'r1', t: 'uj', msg: 'cid', ts: at('2026-12-04T10:00:03Z'), u: { _id: 'c1', username: 'cid' }, groupable: false },
  ],
  [
    'the chat closed',
    {
      _id: 'm5',
      rid: 'r1',
      t: 'livechat-close',
      msg: 'done',
      ts: at('2026-12-04T10:00:04Z'),
      u: { _id: 'c1', username: 'cid' },
      groupable: false,
    },
  ],
  [
    'text JSON escapes, dates in attachments, keys EJSON escapes',
    {
      _id: 'm6',
      rid: 'r1',
      msg: 'quotes " and \\ backslash, 😀 émoji, a\nnewline </script>',
      ts: at('2026-12-03T17:00:00.123Z'),
      u: { _id: 'u1', username: 'alice' },
      urls: [{ url: 'https://example.com', meta: {} }],
      attachments: [{ ts: new Date(0), fields: [{ short: true, title: 'a', value: '1' }] }],
      customFields: { odd: { $date: 'not a date' } },
    },
  ],
];

/** The frames as the gateway built them before the relay: the message decoded from NATS, then encoded again. */
const decodedRoomFrame = (text: string, rid: string) => streamFrame(STREAMS.roomMessages, rid, encodeArgs([decodeEvent(text)]));
const decodedMyMessagesFrame = (text: string, room: RoomRef) =>
  streamFrame(
    STREAMS.roomMessages,
    '__my_messages__',
    encodeArgs([decodeEvent(text), { roomParticipant: true, roomType: room.t, ...(room.name && { roomName: room.name }) }]),
  );

describe('a room message relayed to sockets as it came over NATS', () => {
  describe.each(MESSAGES)('%s', (_kind, message) => {
    const text = encodeEvent(message);

    it('is the same frame, byte for byte, as decoding and encoding it again', () => {
      expect(roomFrame(new Delivery<IMessage>(text, 'r1')).text).toBe(decodedRoomFrame(text, 'r1').text);
      for (const room of [
        { rid: 'r1', t: 'l' },
        { rid: 'r1', t: 'c', name: 'general' },
      ] as RoomRef[]) {
        expect(myMessagesFrame(new Delivery<IMessage>(text, 'r1'), room).text).toBe(decodedMyMessagesFrame(text, room).text);
      }
    });
  });

  it('builds a frame once for every socket, and its bytes once', () => {
    const delivery = new Delivery<IMessage>(encodeEvent(MESSAGES[0][1]), 'r1');
    const frame = roomFrame(delivery);
    expect(roomFrame(delivery)).toBe(frame);
    expect(frame.bytes(false)).toBe(frame.bytes(false));
    expect(frame.bytes(false).toString()).toBe(frame.text);
    expect(frame.bytes(true).toString()).toBe(frame.sockjs);
  });

  it("shares __my_messages__ only between readers who see the room alike: each gets their own room's view", () => {
    const delivery = new Delivery<IMessage>(encodeEvent(MESSAGES[1][1]), 'r1');
    const asChannel = myMessagesFrame(delivery, { rid: 'r1', t: 'c', name: 'general' });
    const renamed = myMessagesFrame(delivery, { rid: 'r1', t: 'c', name: 'lobby' });
    expect(myMessagesFrame(delivery, { rid: 'r1', t: 'c', name: 'general' })).toBe(asChannel);
    expect(JSON.parse(asChannel.text).fields.args[1]).toEqual({ roomParticipant: true, roomType: 'c', roomName: 'general' });
    expect(JSON.parse(renamed.text).fields.args[1]).toEqual({ roomParticipant: true, roomType: 'c', roomName: 'lobby' });
  });
});

/** An EventBus whose NATS subscriptions are handlers this test calls with a subject's text. */
function fakeBus() {
  const handlers = new Map<string, (text: string, key: string) => void>();
  const bus = {
    subscribeText: (event: EventContract, key: string, handler: (text: string, key: string) => void) => {
      handlers.set(`${event.name}.${key}`, handler);
      return () => handlers.delete(`${event.name}.${key}`);
    },
    flush: () => Promise.resolve(),
  } as unknown as EventBus;
  const publishText = (event: EventContract, key: string, text: string) => handlers.get(`${event.name}.${key}`)?.(text, key);
  const publish = (event: EventContract, key: string, payload: unknown) => publishText(event, key, encodeEvent(payload));
  return { bus, publish, publishText };
}

describe('StreamFanout with relayed and decoded listeners', () => {
  it('decodes an event only for the listeners that read its payload, once for all of them', async () => {
    const { bus, publish, publishText } = fakeBus();
    const fanout = new StreamFanout(bus);
    const sent: EncodedFrame[] = [];
    const payloads: unknown[] = [];
    await fanout.watch(roomMessagesEvent, 'r1', (delivery) => sent.push(roomFrame(delivery)));
    await fanout.watch(roomMessagesEvent, 'r1', (delivery) => sent.push(roomFrame(delivery)));
    await fanout.watch(livechatRoomEvent, 'r1', (delivery) => payloads.push(delivery.payload, delivery.payload));

    // A custom EJSON type the gateway does not know: decoding it would throw; relaying it does not decode.
    publishText(roomMessagesEvent, 'r1', '{"_id":"m1","rid":"r1","odd":{"$type":"unknown","$value":1}}');
    expect(() => decodeEvent('{"$type":"unknown","$value":1}')).toThrow();
    expect(sent).toHaveLength(2);
    expect(sent[1]).toBe(sent[0]);
    expect(JSON.parse(sent[0].text).fields.args[0].odd).toEqual({ $type: 'unknown', $value: 1 });

    const agent = { type: 'agentData', data: { _id: 'c1', name: 'User cid', ts: at('2026-12-04T10:00:00Z') } };
    publish(livechatRoomEvent, 'r1', { eventName: 'r1', args: [agent] });
    expect(payloads).toEqual([
      { eventName: 'r1', args: [agent] },
      { eventName: 'r1', args: [agent] },
    ]);
    expect(payloads[1]).toBe(payloads[0]);
  });
});
