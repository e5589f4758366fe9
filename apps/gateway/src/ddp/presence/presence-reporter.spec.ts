import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import type { RpcClient } from '@rc/platform';
import type { DdpConfig } from '../ddp.env.js';
import type { SocketTransport } from '../server/socket-transport.js';
import { DdpSession, observedBy, type SessionHandlers } from '../session/ddp-session.js';
import { SessionRegistry } from '../session/session-registry.js';
import { PresenceReporter } from './presence-reporter.js';

const WINDOW = 200;
const HEARTBEAT = 1_000;
const config = { INSTANCE_ID: 'gw-1', GATEWAY_HEARTBEAT_MS: HEARTBEAT, PRESENCE_REPORT_WINDOW_MS: WINDOW } as DdpConfig;

interface Sent {
  subject: string;
  payload: Record<string, unknown>;
}

/**
 * An in-memory fake of the presence service's side of NATS: records each request; `connectionsChanged`
 * answers with what `answer` returns (a value, a rejection, or a promise the test settles).
 */
function fakePresence() {
  const sent: Sent[] = [];
  let answer: () => Promise<unknown> = () => Promise.resolve({ known: true });
  const rpc = {
    request: async (contract: { subject: string }, payload: Record<string, unknown>) => {
      sent.push({ subject: contract.subject, payload });
      if (contract.subject === 'presence.connectionsChanged') return answer();
      if (contract.subject === 'presence.instanceHeartbeat') return { known: true };
      return { removed: 0 };
    },
  };
  return {
    rpc: rpc as unknown as RpcClient,
    batches: () => sent.filter((s) => s.subject === 'presence.connectionsChanged').map((s) => s.payload),
    subjects: () => sent.map((s) => s.subject),
    answerWith: (next: () => Promise<unknown>) => (answer = next),
  };
}

const transport = {
  sockjs: false,
  send: () => undefined,
  sendTogether: () => undefined,
  close: () => undefined,
} as unknown as SocketTransport;

describe('PresenceReporter', () => {
  let presence: ReturnType<typeof fakePresence>;
  let registry: SessionRegistry;
  let reporter: PresenceReporter;
  const open = () => {
    const session = new DdpSession(transport, observedBy(registry, reporter) as SessionHandlers, 60_000, undefined);
    registry.add(session);
    return session;
  };
  const login = (userId: string) => {
    const session = open();
    session.login({ userId, username: userId, token: 't' });
    return session;
  };
  const change = (userId: string, session: DdpSession) => ({ userId, connectionId: session.id });

  beforeEach(async () => {
    jest.useFakeTimers();
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    presence = fakePresence();
    registry = new SessionRegistry();
    reporter = new PresenceReporter(presence.rpc, registry, config);
    await reporter.onApplicationBootstrap();
  });
  afterEach(async () => {
    for (const session of registry.all()) session.handleSocketClosed();
    await reporter.goodbye();
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it("sends a window's logins as one request, and nothing for a connection that came and went", async () => {
    const alice = login('alice');
    const bob = login('bob');
    login('carol').handleSocketClosed();
    open().handleSocketClosed(); // never logged in
    await jest.advanceTimersByTimeAsync(WINDOW - 1);
    expect(presence.batches()).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(presence.batches()).toEqual([
      {
        instanceId: 'gw-1',
        batch: { epoch: expect.any(String), sequence: 1 },
        added: [change('alice', alice), change('bob', bob)],
        removed: [],
      },
    ]);

    alice.handleSocketClosed();
    bob.logout();
    await jest.advanceTimersByTimeAsync(WINDOW);
    const [first, second] = presence.batches();
    expect(second).toEqual({
      instanceId: 'gw-1',
      batch: { epoch: (first.batch as { epoch: string }).epoch, sequence: 2 },
      added: [],
      removed: [change('alice', alice), change('bob', bob)],
    });
    // Nothing changed since: nothing sent.
    await jest.advanceTimersByTimeAsync(WINDOW * 5);
    expect(presence.batches()).toHaveLength(2);
  });

  it('sends one batch at a time: changes made meanwhile follow once it is answered', async () => {
    let settle: (value: unknown) => void = () => undefined;
    presence.answerWith(() => new Promise((resolve) => (settle = resolve)));
    const alice = login('alice');
    await jest.advanceTimersByTimeAsync(WINDOW);
    const bob = login('bob');
    alice.handleSocketClosed();
    await jest.advanceTimersByTimeAsync(WINDOW * 10);
    expect(presence.batches()).toHaveLength(1);

    presence.answerWith(() => Promise.resolve({ known: true }));
    settle({ known: true });
    await jest.advanceTimersByTimeAsync(WINDOW);
    expect(presence.batches()[1]).toMatchObject({ added: [change('bob', bob)], removed: [change('alice', alice)] });
  });

  it('says a failed batch again after the next heartbeat, as things stand then', async () => {
    presence.answerWith(() => Promise.reject(new Error('No answer to presence.connectionsChanged within 10000 ms')));
    const alice = login('alice');
    const bob = login('bob');
    await jest.advanceTimersByTimeAsync(WINDOW);
    expect(presence.batches()).toHaveLength(1);

    // On hold until a heartbeat is answered: presence is not asked again every window.
    presence.answerWith(() => Promise.resolve({ known: true }));
    bob.handleSocketClosed();
    const carol = login('carol');
    await jest.advanceTimersByTimeAsync(WINDOW * 3);
    expect(presence.batches()).toHaveLength(1);

    await jest.advanceTimersByTimeAsync(HEARTBEAT);
    const retried = presence.batches()[1];
    // Bob's login may have arrived: his connection, closed since, is removed.
    expect(retried).toMatchObject({ added: [change('alice', alice), change('carol', carol)], removed: [change('bob', bob)] });
    expect(retried.batch).toMatchObject({ sequence: 2 });
  });

  it('reports every logged-in connection again when presence had lost track of the instance', async () => {
    const alice = login('alice');
    const bob = login('bob');
    await jest.advanceTimersByTimeAsync(WINDOW);
    presence.answerWith(() => Promise.resolve({ known: false }));
    const carol = login('carol');
    await jest.advanceTimersByTimeAsync(WINDOW);
    presence.answerWith(() => Promise.resolve({ known: true }));
    await jest.advanceTimersByTimeAsync(WINDOW);
    expect(presence.batches()[2]).toMatchObject({
      added: [change('alice', alice), change('bob', bob), change('carol', carol)],
      removed: [],
    });
  });

  it('says goodbye once, after the batch in flight, and reports no closes after it', async () => {
    let settle: (value: unknown) => void = () => undefined;
    presence.answerWith(() => new Promise((resolve) => (settle = resolve)));
    const alice = login('alice');
    await jest.advanceTimersByTimeAsync(WINDOW);
    const leaving = reporter.goodbye();
    await jest.advanceTimersByTimeAsync(0);
    expect(presence.subjects().at(-1)).toBe('presence.connectionsChanged');
    settle({ known: true });
    await leaving;
    expect(presence.subjects().at(-1)).toBe('presence.instanceGone');
    alice.handleSocketClosed();
    await jest.advanceTimersByTimeAsync(WINDOW * 3);
    expect(presence.batches()).toHaveLength(1);
  });

  it('settles at once when asked (a status set right after a login), after a batch in flight, and then keeps its windows', async () => {
    let answer: (value: unknown) => void = () => undefined;
    presence.answerWith(() => new Promise((resolve) => (answer = resolve)));
    const alice = login('alice');
    await jest.advanceTimersByTimeAsync(WINDOW);
    const bob = login('bob');
    let settled = false;
    const settling = reporter.settle().then(() => (settled = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false); // alice's batch is still in flight
    presence.answerWith(() => Promise.resolve({ known: true }));
    answer({ known: true });
    await settling;
    expect(presence.batches().map((batch) => batch.added)).toEqual([[change('alice', alice)], [change('bob', bob)]]);
    // Nothing pending: settling sends nothing; a later change waits for its window again.
    await reporter.settle();
    login('carol');
    await jest.advanceTimersByTimeAsync(WINDOW - 1);
    expect(presence.batches()).toHaveLength(2);
    await jest.advanceTimersByTimeAsync(1);
    expect(presence.batches()).toHaveLength(3);
  });
});
