import { describe, expect, it } from '@jest/globals';
import type { NatsConnection } from '@nats-io/transport-node';
import { authorizationChangedEvent } from '@rc/contracts';
import { encodeEvent } from './ejson-codec.js';
import { InboundEvents } from './inbound-events.js';

type Callback = (error: Error | null, msg: { subject: string; string(): string }) => void;

/** A connection that records subscriptions in order and delivers a message to the matching callbacks. */
function fakeConnection() {
  const subscriptions: Array<{ subject: string; callback: Callback; closed: boolean }> = [];
  const connection = {
    subscribe: (subject: string, { callback }: { callback: Callback }) => {
      const entry = { subject, callback, closed: false };
      subscriptions.push(entry);
      return { unsubscribe: () => (entry.closed = true) };
    },
  } as unknown as NatsConnection;
  const deliver = (subject: string, payload: unknown) => {
    for (const s of subscriptions) {
      const matches = s.subject === subject || (s.subject.endsWith('.*') && subject.startsWith(s.subject.slice(0, -1)));
      if (matches && !s.closed) s.callback(null, { subject, string: () => encodeEvent(payload) });
    }
  };
  return { connection, subscriptions, deliver };
}

describe('InboundEvents', () => {
  it('subscribes what was registered before the connection first, when it is attached', () => {
    const events = new InboundEvents();
    const heard: string[] = [];
    events.subscribe(authorizationChangedEvent, '*', (payload, key) => heard.push(`${key}:${payload.userId}`));
    const { connection, subscriptions, deliver } = fakeConnection();
    connection.subscribe('messages.send', { callback: () => heard.push('request') } as never);
    expect(subscriptions.map((s) => s.subject)).toEqual(['messages.send']);

    const other = fakeConnection();
    events.attach(other.connection);
    expect(other.subscriptions.map((s) => s.subject)).toEqual(['authorization.changed.*']);
    other.deliver('authorization.changed.user', { userId: 'u1' });
    deliver('authorization.changed.user', { userId: 'ignored' });
    expect(heard).toEqual(['user:u1']);
  });

  it('calls handlers synchronously on delivery, and stops after unsubscribe', () => {
    const events = new InboundEvents();
    const { connection, deliver } = fakeConnection();
    events.attach(connection);
    const heard: string[] = [];
    const stop = events.subscribe(authorizationChangedEvent, 'roles', (payload) => heard.push(payload.roleId ?? ''));
    deliver('authorization.changed.roles', { roleId: 'r1' });
    expect(heard).toEqual(['r1']);
    stop();
    deliver('authorization.changed.roles', { roleId: 'r2' });
    expect(heard).toEqual(['r1']);
  });

  it('keeps delivering after a handler throws', () => {
    const events = new InboundEvents();
    const { connection, deliver } = fakeConnection();
    events.attach(connection);
    let calls = 0;
    events.subscribe(authorizationChangedEvent, '*', () => {
      calls++;
      throw new Error('boom');
    });
    deliver('authorization.changed.user', {});
    deliver('authorization.changed.user', {});
    expect(calls).toBe(2);
  });
});
