import { describe, expect, it } from '@jest/globals';
import { MeteorError } from '../protocol/meteor-error.js';
import { DdpRateLimiter } from './ddp-rate-limiter.js';

const rule = (limit: number, intervalMs: number) => ({ limit, intervalMs });
const config = {
  INSTANCE_ID: 'test',
  DDP_HEARTBEAT_MS: 30_000,
  DDP_MAX_FRAME_BYTES: 1_000_000,
  DDP_MAX_BUFFERED_BYTES: 1_000_000,
  HTTP_FORWARDED_COUNT: 0,
  GATEWAY_HEARTBEAT_MS: 10_000,
  PRESENCE_REPORT_WINDOW_MS: 200,
  DDP_RATE_LIMIT_IP: rule(120_000, 60_000),
  DDP_RATE_LIMIT_USER: rule(1_200, 60_000),
  DDP_RATE_LIMIT_CONNECTION: rule(600, 60_000),
  DDP_RATE_LIMIT_USER_BY_METHOD: rule(20, 10_000),
  DDP_RATE_LIMIT_CONNECTION_BY_METHOD: rule(10, 10_000),
};

const call = (name: string, extra: Partial<{ userId: string; connectionId: string }> = {}) => ({
  type: 'method' as const,
  name,
  connectionId: 'c1',
  userId: 'u1',
  ...extra,
});

const attempts = (limiter: DdpRateLimiter, input: ReturnType<typeof call>, times: number, exempt = false) =>
  Array.from({ length: times }, () => {
    try {
      limiter.check(input, exempt);
      return 'ok';
    } catch (error) {
      return (error as MeteorError).error;
    }
  });

describe('DdpRateLimiter', () => {
  it('allows 10 calls of one method per connection in 10 s, then answers too-many-requests', () => {
    const limiter = new DdpRateLimiter(config);
    const results = attempts(limiter, call('getRoomNameById'), 11);
    expect(results.slice(0, 10)).toEqual(Array(10).fill('ok'));
    expect(results[10]).toBe('too-many-requests');
    limiter.onModuleDestroy();
  });

  it('counts each method and each connection apart', () => {
    const limiter = new DdpRateLimiter(config);
    attempts(limiter, call('loadHistory'), 10);
    expect(attempts(limiter, call('rooms/get'), 1)).toEqual(['ok']);
    expect(attempts(limiter, call('loadHistory', { connectionId: 'c2', userId: 'u2' }), 1)).toEqual(['ok']);
    limiter.onModuleDestroy();
  });

  it('gives stream methods four times the allowance', () => {
    const limiter = new DdpRateLimiter(config);
    const results = attempts(limiter, call('stream-notify-room'), 41);
    expect(results.filter((r) => r === 'ok')).toHaveLength(40);
    limiter.onModuleDestroy();
  });

  it("applies a method's own rule instead of the per-method defaults, unless the caller is exempt", () => {
    const limiter = new DdpRateLimiter(config);
    expect(attempts(limiter, call('sendMessage'), 6)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'too-many-requests']);
    expect(attempts(limiter, call('sendMessage', { userId: 'bot', connectionId: 'c9' }), 15, true)).toEqual(Array(15).fill('ok'));
    limiter.onModuleDestroy();
  });

  it('tells how long to wait', () => {
    const limiter = new DdpRateLimiter(config);
    attempts(limiter, call('setUserStatus'), 1);
    try {
      limiter.check(call('setUserStatus'));
      throw new Error('expected a rate limit');
    } catch (error) {
      const e = error as MeteorError;
      expect(e.reason).toMatch(/^Error, too many requests\. Please slow down\. You must wait 1 seconds before trying again\.$/);
      expect(e.details?.timeToReset).toBeGreaterThan(0);
    }
    limiter.onModuleDestroy();
  });
});
