import { describe, expect, it } from '@jest/globals';
import { STREAMS, type IMessage } from '@rc/contracts';
import { encodeEvent } from '@rc/platform';
import { encodeArgs, streamFrame } from '../protocol/ddp-frames.js';
import { roomFrame } from './room-messages.stream.js';
import { Delivery } from './stream-fanout.js';

/** A message as core publishes it: dates, nested md, text that JSON escapes. */
const message = {
  _id: 'm1',
  rid: 'r1',
  msg: 'quotes " and \\ backslash, 😀 émoji, a\nnewline </script>',
  ts: new Date('2026-12-03T17:00:00.123Z'),
  _updatedAt: new Date('2026-12-03T17:00:01Z'),
  u: { _id: 'u1', username: 'alice', name: 'Alice' },
  md: [{ type: 'PARAGRAPH', value: [{ type: 'PLAIN_TEXT', value: 'x' }] }],
  mentions: [],
  channels: [],
  urls: [{ url: 'https://example.com', meta: {} }],
  attachments: [{ ts: new Date(0), title: 't', fields: [{ short: true, title: 'a', value: '1' }] }],
} as unknown as IMessage;

describe('a room message delivered to sockets', () => {
  it('carries the text as it came over NATS: the same frame as encoding the decoded message again', () => {
    const delivery = new Delivery<IMessage>(encodeEvent(message), 'r1');
    const frame = roomFrame(delivery);
    expect(frame.text).toBe(streamFrame(STREAMS.roomMessages, 'r1', encodeArgs([delivery.payload])).text);
    expect(JSON.parse(frame.text)).toMatchObject({
      msg: 'changed',
      fields: { eventName: 'r1', args: [{ ts: { $date: message.ts.getTime() } }] },
    });
    // Built once for every socket, and its bytes once too.
    expect(roomFrame(delivery)).toBe(frame);
    expect(frame.bytes(false)).toBe(frame.bytes(false));
    expect(frame.bytes(false).toString()).toBe(frame.text);
    expect(frame.bytes(true).toString()).toBe(frame.sockjs);
  });

  it('decodes the payload only when a listener asks, once', () => {
    const delivery = new Delivery<IMessage>(encodeEvent(message), 'r1');
    expect(delivery.payload).toBe(delivery.payload);
    expect(delivery.payload.ts).toEqual(message.ts);
  });
});
