import { afterEach, describe, expect, it, jest } from '@jest/globals';
import { hashLoginToken } from '@rc/contracts';
import type { EventBus } from '@rc/platform';
import EJSON from 'ejson';
import type { EncodedFrame } from '../protocol/ddp-frames.js';
import { MeteorError } from '../protocol/meteor-error.js';
import type { SocketTransport } from '../server/socket-transport.js';
import { DdpSession, observedBy, type SessionHandlers } from './ddp-session.js';
import { REVOKED_CLOSE, RevokedSessionCloser } from './revoked-session-closer.js';
import { SessionRegistry } from './session-registry.js';

const handlers: Omit<SessionHandlers, 'loggedIn' | 'loggedOut' | 'closed'> = {
  call: () => Promise.resolve(undefined),
  subscribe: (publication) => Promise.resolve(publication.ready()),
  reportError: (error) => (error instanceof MeteorError ? error : new MeteorError(500, 'Internal server error')).toJSON(),
};

const flush = () => new Promise((resolve) => setImmediate(resolve));

const opened: DdpSession[] = [];
afterEach(() => opened.splice(0).forEach((session) => session.handleSocketClosed()));

/** A session on a fake socket, logged in as `userId` with `token`. */
function loggedIn(registry: SessionRegistry, userId: string, token: string) {
  const sent: Array<Record<string, unknown>> = [];
  const send = (frame: EncodedFrame) => sent.push(EJSON.parse(frame.text) as Record<string, unknown>);
  const transport = {
    sockjs: false,
    send,
    sendTogether: (frames: EncodedFrame[]) => frames.forEach(send),
    close: jest.fn(),
    terminate: jest.fn(),
  };
  const session = new DdpSession(transport as unknown as SocketTransport, { ...handlers, ...observedBy(registry) }, 60_000, undefined);
  registry.add(session);
  opened.push(session);
  session.receive('{"msg":"connect","version":"1","support":["1"]}');
  session.login({ userId, username: userId, token });
  return { session, sent, close: transport.close };
}

function closer(registry: SessionRegistry): RevokedSessionCloser {
  const events = { subscribe: jest.fn() } as unknown as EventBus;
  return new RevokedSessionCloser(events, registry);
}

describe('RevokedSessionCloser', () => {
  it('closes only the sockets logged in with a removed token, and logs them out first', () => {
    const registry = new SessionRegistry();
    const a = loggedIn(registry, 'u1', 'token-a');
    const b = loggedIn(registry, 'u1', 'token-b');
    const other = loggedIn(registry, 'u2', 'token-a');

    closer(registry).close({ userId: 'u1', hashedTokens: [hashLoginToken('token-a')], everySession: false, forceLogout: false });

    expect(a.close).toHaveBeenCalledWith(REVOKED_CLOSE.code, REVOKED_CLOSE.reason);
    expect(a.session.user).toBeUndefined();
    expect(b.close).not.toHaveBeenCalled();
    expect(other.close).not.toHaveBeenCalled();
    expect(registry.loggedInAs('u1').map(({ session }) => session)).toEqual([b.session]);
  });

  it('closes every session of the user when told so, after force_logout to those listening for it', async () => {
    const registry = new SessionRegistry();
    const listening = loggedIn(registry, 'u1', 'token-a');
    const deaf = loggedIn(registry, 'u1', 'token-b');
    listening.session.receive(EJSON.stringify({ msg: 'sub', id: 's1', name: 'stream-notify-user', params: ['u1/force_logout', false] }));
    await flush();

    closer(registry).close({ userId: 'u1', hashedTokens: [], everySession: true, forceLogout: true });

    const push = { msg: 'changed', collection: 'stream-notify-user', id: 'id', fields: { eventName: 'u1/force_logout', args: [] } };
    expect(listening.sent).toContainEqual(push);
    expect(deaf.sent).not.toContainEqual(push);
    expect(listening.close).toHaveBeenCalled();
    expect(deaf.close).toHaveBeenCalled();
  });

  it('forgets sessions that closed or logged out', () => {
    const registry = new SessionRegistry();
    const a = loggedIn(registry, 'u1', 'token-a');
    const b = loggedIn(registry, 'u1', 'token-b');
    a.session.handleSocketClosed();
    b.session.logout();
    expect(registry.loggedInAs('u1')).toEqual([]);
    expect(registry.size).toBe(1);
  });
});
