import { describe, expect, it } from '@jest/globals';
import { parseDdpMessage, unwrapSockjsFrame } from './ddp-parser.js';

describe('parseDdpMessage', () => {
  it('accepts the client messages of DDP 1, with EJSON values', () => {
    const parsed = parseDdpMessage('{"msg":"method","id":"1","method":"loadHistory","params":["GENERAL",{"$date":1700000000000}]}');
    expect(parsed).toEqual({
      ok: true,
      message: { msg: 'method', id: '1', method: 'loadHistory', params: ['GENERAL', new Date(1700000000000)] },
    });
    expect(parseDdpMessage('{"msg":"ping"}')).toEqual({ ok: true, message: { msg: 'ping' } });
    expect(parseDdpMessage('{"msg":"unsub","id":"s1"}').ok).toBe(true);
  });

  it("reads EJSON's escapes and binary, and a __proto__ key as data, never as the object's prototype", () => {
    const parsed = parseDdpMessage(
      '{"msg":"method","id":"1","method":"m","params":[{"$escape":{"$date":"x"}},{"$binary":"AQI="},{"__proto__":{"admin":true}}]}',
    );
    if (!parsed.ok || parsed.message.msg !== 'method') throw new Error('not parsed');
    const [escaped, binary, polluted] = parsed.message.params as [unknown, Uint8Array, Record<string, unknown>];
    expect(escaped).toEqual({ $date: 'x' });
    expect(Array.from(binary)).toEqual([1, 2]);
    expect(Object.getPrototypeOf(polluted)).toBe(Object.prototype);
    expect(Object.keys(polluted)).toEqual(['__proto__']);
    expect((polluted as { admin?: unknown }).admin).toBeUndefined();
  });

  it("names what is wrong in Meteor's words", () => {
    expect(parseDdpMessage('{oops')).toEqual({ ok: false, reason: 'Parse error' });
    expect(parseDdpMessage('"text"')).toMatchObject({ ok: false, reason: 'Bad request' });
    expect(parseDdpMessage('{"msg":"sub","id":"1"}')).toMatchObject({ ok: false, reason: 'Malformed subscription' });
    expect(parseDdpMessage('{"msg":"method","id":1,"method":"x"}')).toMatchObject({ ok: false, reason: 'Malformed method invocation' });
    expect(parseDdpMessage('{"msg":"ping","id":{"$ne":null}}')).toMatchObject({ ok: false, reason: 'Bad request' });
    expect(parseDdpMessage('{"msg":"connect"}')).toMatchObject({ ok: false, reason: 'Bad request' });
  });

  it('refuses a message nested too deep, without echoing it', () => {
    const deep = `{"msg":"method","id":"1","method":"sendMessage","params":[${'['.repeat(2_000)}${']'.repeat(2_000)}]}`;
    expect(parseDdpMessage(deep)).toEqual({ ok: false, reason: 'Bad request' });
  });
});

describe('unwrapSockjsFrame', () => {
  it('reads the messages of a SockJS frame, and nothing else', () => {
    expect(unwrapSockjsFrame('["{\\"msg\\":\\"ping\\"}","{\\"msg\\":\\"pong\\"}"]')).toEqual(['{"msg":"ping"}', '{"msg":"pong"}']);
    expect(unwrapSockjsFrame('"{}"')).toEqual(['{}']);
    expect(unwrapSockjsFrame('[1]')).toBeNull();
    expect(unwrapSockjsFrame('nope')).toBeNull();
  });
});
