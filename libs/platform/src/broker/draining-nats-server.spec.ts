import { describe, expect, it, jest } from '@jest/globals';
import { ServerNats } from '@nestjs/microservices';
import { DrainingNatsServer } from './draining-nats-server.js';
import type { InboundEvents } from './inbound-events.js';
import { InflightTracker } from './inflight-tracker.js';

type Routing = { getRouteFromPattern(pattern: string): string };
const route = (server: unknown, pattern: string) => (server as Routing).getRouteFromPattern(pattern);

describe('DrainingNatsServer.getRouteFromPattern', () => {
  const nest = new ServerNats({});
  const ours = new DrainingNatsServer({}, new InflightTracker(), {} as InboundEvents, 1000);

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
