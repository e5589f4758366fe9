import { describe, expect, it } from '@jest/globals';
import { roomMessageId } from './ddp-load-client.js';

/** A room message frame as the gateway writes it (`streamFrame` with the message's EJSON as the args). */
const roomFrame = (eventName: string, message: object, more = '') =>
  Buffer.from(
    `{"msg":"changed","collection":"stream-room-messages","id":"id","fields":{"eventName":${JSON.stringify(eventName)},"args":[${JSON.stringify(message)}${more}]}}`,
  );

describe('roomMessageId', () => {
  it.each([
    ['a room', roomFrame('GENERAL', { _id: 'llab12cd3f', rid: 'GENERAL', msg: 'bench message llab12cd3f', u: { _id: 'u1' } })],
    ['__my_messages__', roomFrame('__my_messages__', { _id: 'm-2', rid: 'r1', msg: '"_id":"other"' }, ',{"roomParticipant":true}')],
    ['a text with non-ASCII', roomFrame('r1', { _id: 'm3', msg: 'é 😀 "_id":"nope"', ts: { $date: 1 } })],
  ])('reads the message id from a frame of %s, as JSON.parse would', (_, frame) => {
    const parsed = JSON.parse(frame.toString()) as { fields: { args: Array<{ _id: string }> } };
    expect(roomMessageId(frame)).toBe(parsed.fields.args[0]._id);
  });

  it.each([
    [
      'another stream',
      Buffer.from('{"msg":"changed","collection":"stream-notify-user","id":"id","fields":{"eventName":"u1/x","args":[{"_id":"m1"}]}}'),
    ],
    ['a message whose first key is not _id', roomFrame('r1', { rid: 'r1', _id: 'm1', u: { _id: 'u1' } })],
    ['an id with an escape', roomFrame('r1', { _id: 'm"1' })],
    ['a room name with a quote', roomFrame('r"1', { _id: 'm1' })],
    ['another message kind', Buffer.from('{"msg":"result","id":"1","result":{"_id":"m1"}}')],
    ['a truncated frame', roomFrame('r1', { _id: 'm1' }).subarray(0, 60)],
  ])('gives nothing for %s (left to JSON.parse)', (_, frame) => {
    expect(roomMessageId(frame)).toBeUndefined();
  });
});
