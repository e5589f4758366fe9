import { describe, expect, it, jest } from '@jest/globals';
import EJSON from 'ejson';
import type { EncodedFrame } from '../protocol/ddp-frames.js';
import { MeteorError } from '../protocol/meteor-error.js';
import type { SocketTransport } from '../server/socket-transport.js';
import { DdpSession, type SessionHandlers } from './ddp-session.js';

/** A transport that records what the session sends (an in-memory fake of the socket). */
function fakeTransport() {
  const sent: Array<Record<string, unknown>> = [];
  /** How many frames each `sendTogether` wrote at once. */
  const together: number[] = [];
  const send = (frame: EncodedFrame) => sent.push(EJSON.parse(frame.text));
  const transport = {
    sockjs: false,
    send,
    sendTogether: (frames: EncodedFrame[]) => together.push(frames.map(send).length),
    close: jest.fn(),
    terminate: jest.fn(),
  };
  return { transport: transport as unknown as SocketTransport, sent, together, close: transport.close, terminate: transport.terminate };
}

const handlers = (overrides: Partial<SessionHandlers> = {}): SessionHandlers => ({
  call: () => Promise.resolve(undefined),
  subscribe: (publication) => Promise.resolve(publication.ready()),
  reportError: (error) => (error instanceof MeteorError ? error : new MeteorError(500, 'Internal server error')).toJSON(),
  loggedIn: () => undefined,
  loggedOut: () => undefined,
  closed: () => undefined,
  ...overrides,
});

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('DdpSession', () => {
  it('greets, connects, and answers pings', () => {
    const { transport, sent } = fakeTransport();
    const session = new DdpSession(transport, handlers(), 60_000, '10.0.0.1');
    session.receive('{"msg":"ping"}');
    session.receive('{"msg":"connect","version":"1","support":["1"]}');
    session.receive('{"msg":"ping","id":"x"}');
    expect(sent).toEqual([
      { server_id: '0' },
      { msg: 'error', reason: 'Must connect first', offendingMessage: { msg: 'ping' } },
      { msg: 'connected', session: session.id },
      { msg: 'pong', id: 'x' },
    ]);
    session.handleSocketClosed();
  });

  it('runs methods one at a time, in arrival order, each answered with result then updated (in one write)', async () => {
    const { transport, sent, together } = fakeTransport();
    const order: string[] = [];
    const session = new DdpSession(
      transport,
      handlers({
        call: async (_session, method) => {
          order.push(`start ${method}`);
          await new Promise((resolve) => setTimeout(resolve, method === 'slow' ? 20 : 0));
          order.push(`end ${method}`);
          if (method === 'fails') throw new MeteorError('error-x', 'X');
          return method;
        },
      }),
      60_000,
      undefined,
    );
    session.receive('{"msg":"connect","version":"1"}');
    session.receive('{"msg":"method","id":"1","method":"slow"}');
    session.receive('{"msg":"method","id":"2","method":"fails"}');
    session.receive('{"msg":"method","id":"3","method":"fast"}');
    // Until the third method is answered (connected + 3 × result/updated), however slow the machine.
    while (sent.length < 8) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(order).toEqual(['start slow', 'end slow', 'start fails', 'end fails', 'start fast', 'end fast']);
    expect(sent.slice(2)).toEqual([
      { msg: 'result', id: '1', result: 'slow' },
      { msg: 'updated', methods: ['1'] },
      { msg: 'result', id: '2', error: expect.objectContaining({ error: 'error-x', reason: 'X' }) },
      { msg: 'updated', methods: ['2'] },
      { msg: 'result', id: '3', result: 'fast' },
      { msg: 'updated', methods: ['3'] },
    ]);
    expect(together).toEqual([2, 2, 2]);
    session.handleSocketClosed();
  });

  it('stops publications on unsub (nosub) and when the socket closes (their clean-up runs once)', async () => {
    const { transport, sent } = fakeTransport();
    const cleanups: string[] = [];
    const session = new DdpSession(
      transport,
      handlers({
        subscribe: (publication) => {
          publication.onStop(() => cleanups.push(publication.id));
          publication.ready();
          return Promise.resolve();
        },
      }),
      60_000,
      undefined,
    );
    session.receive('{"msg":"connect","version":"1"}');
    session.receive('{"msg":"sub","id":"a","name":"x"}');
    session.receive('{"msg":"sub","id":"b","name":"x"}');
    await flush();
    session.receive('{"msg":"unsub","id":"a"}');
    session.handleSocketClosed();
    session.handleSocketClosed();
    expect(sent.slice(2)).toEqual([
      { msg: 'ready', subs: ['a'] },
      { msg: 'ready', subs: ['b'] },
      { msg: 'nosub', id: 'a' },
    ]);
    expect(cleanups).toEqual(['a', 'b']);
  });

  it('pings a silent client, then drops it if it stays silent', () => {
    jest.useFakeTimers();
    try {
      const { transport, sent, terminate } = fakeTransport();
      const session = new DdpSession(transport, handlers(), 1_000, undefined);
      session.receive('{"msg":"connect","version":"1"}');
      jest.advanceTimersByTime(1_000);
      expect(sent.at(-1)).toEqual({ msg: 'ping' });
      session.receive('{"msg":"pong"}');
      jest.advanceTimersByTime(1_500);
      expect(terminate).not.toHaveBeenCalled();
      jest.advanceTimersByTime(1_000);
      expect(terminate).toHaveBeenCalled();
      session.handleSocketClosed();
    } finally {
      jest.useRealTimers();
    }
  });
});
