import { describe, expect, it, jest } from '@jest/globals';
import { ServerNats } from '@nestjs/microservices';
import { DrainingNatsServer } from './draining-nats-server.js';
import type { InboundEvents } from './inbound-events.js';
import { InflightTracker } from './inflight-tracker.js';

type Routing = { getRouteFromPattern(pattern: string): string };
const route = (server: unknown, pattern: string) => (server as Routing).getRouteFromPattern(pattern);

describe('DrainingNatsServer.getRouteFromPattern', () => {
  const nest = new ServerNats({});
  const ours = new DrainingNatsServer(
    {},
    () => Promise.reject(new Error('not connected')),
    new InflightTracker(),
    {} as InboundEvents,
    1000,
  );

  it.each([
    'messages.send',
    'accounts.setPreferences',
    'a',
    'truex',
    'nullable.subject',
    '{"cmd":"sum","role":"math"}',
    ' {"b":2,"a":1}',
    '["x",1]',
    '"quoted"',
    '42',
    '-1',
    '1abc',
    'true',
    ' null ',
    '{not json',
  ])('routes %j as Nest does', (pattern) => {
    expect(route(ours, pattern)).toBe(route(nest, pattern));
  });

  it('does not parse a plain subject (Nest threw and caught a SyntaxError per request)', () => {
    const parse = jest.spyOn(JSON, 'parse');
    try {
      expect(route(ours, 'messages.send')).toBe('messages.send');
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
  });
});

describe('DrainingNatsServer on the app connection', () => {
  function fakeConnection() {
    const unsubscribed: string[] = [];
    return {
      unsubscribed,
      subscribe: jest.fn((subject: string, _options: { queue?: string }) => ({ unsubscribe: () => unsubscribed.push(subject) })),
      flush: jest.fn(() => Promise.resolve()),
      close: jest.fn(() => Promise.resolve()),
      protocol: { flushPending: () => undefined, close: () => Promise.resolve() },
    };
  }

  it('serves on the connection it is given, and leaves it open when it closes after the requests in flight', async () => {
    const connection = fakeConnection();
    const inflight = new InflightTracker();
    const attach = jest.fn();
    const server = new DrainingNatsServer(
      { queue: 'core' },
      () => Promise.resolve(connection as never),
      inflight,
      { attach } as unknown as InboundEvents,
      1000,
    );
    server.addHandler('messages.send', () => Promise.resolve('ok'), false);
    await new Promise<void>(
      (resolve, reject) =>
        void server.listen((error) => (error ? reject(error instanceof Error ? error : new Error('listen failed')) : resolve())),
    );

    expect(server.unwrap()).toBe(connection);
    expect(attach).toHaveBeenCalledWith(connection);
    expect(connection.subscribe).toHaveBeenCalledWith('messages.send', expect.objectContaining({ queue: 'core' }));

    inflight.begin();
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(connection.unsubscribed).toEqual(['messages.send']); // new work goes to the other instances at once
    expect(closed).toBe(false); // a request is still being handled
    inflight.end();
    await closing;
    expect(connection.flush).toHaveBeenCalled();
    expect(connection.close).not.toHaveBeenCalled();
  });
});
