import { describe, expect, it } from '@jest/globals';
import { DomainError, ErrorCode } from '@rc/contracts';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LoginThrottle, type ThrottleLimits } from './login-throttle.js';

const limits: ThrottleLimits = {
  failuresPerUser: 3,
  failuresPerAddress: 5,
  userBlockSeconds: 1,
  addressBlockSeconds: 1,
  attemptsPerAddress: 0,
};

function throttle(overrides: Partial<ThrottleLimits> = {}) {
  const memory = (points: number) => new RateLimiterMemory({ points: Math.max(points, 1), duration: 60 });
  const l = { ...limits, ...overrides };
  const registrations = new Map<number, RateLimiterMemory>();
  return new LoginThrottle(
    {
      failedByUser: memory(l.failuresPerUser),
      failedByAddress: memory(l.failuresPerAddress),
      attemptsByAddress: memory(l.attemptsPerAddress),
      registrationsByAddress: ({ points }) => registrations.get(points) ?? registrations.set(points, memory(points)).get(points)!,
    },
    l,
  );
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? e.code : String(e)),
  );

describe('LoginThrottle', () => {
  it('locks a user out after the failures limit, and only that user', async () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) {
      expect(await codeOf(t.beforeAttempt('username:alice', '10.0.0.1'))).toBe('ok');
      await t.failed('username:alice', '10.0.0.1');
    }
    expect(await codeOf(t.beforeAttempt('username:alice', '10.0.0.2'))).toBe(ErrorCode.LoginBlockedForUser);
    expect(await codeOf(t.beforeAttempt('username:bob', '10.0.0.1'))).toBe('ok');
  });

  it('lets the user in again once the block time has passed', async () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) await t.failed('username:carol');
    expect(await codeOf(t.beforeAttempt('username:carol'))).toBe(ErrorCode.LoginBlockedForUser);
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await codeOf(t.beforeAttempt('username:carol'))).toBe('ok');
  });

  it('locks an address out after failures spread over many names', async () => {
    const t = throttle();
    for (let i = 0; i < 5; i++) await t.failed(`username:u${i}`, '10.0.0.9');
    expect(await codeOf(t.beforeAttempt('username:someone-else', '10.0.0.9'))).toBe(ErrorCode.LoginBlockedForIp);
    expect(await codeOf(t.beforeAttempt('username:someone-else', '10.0.0.8'))).toBe('ok');
  });

  it('clears a user’s failures on success', async () => {
    const t = throttle();
    await t.failed('username:dave');
    await t.failed('username:dave');
    await t.succeeded('username:dave');
    await t.failed('username:dave');
    await t.failed('username:dave');
    expect(await codeOf(t.beforeAttempt('username:dave'))).toBe('ok');
  });

  it('rate limits attempts and registrations per address', async () => {
    const t = throttle({ attemptsPerAddress: 2 });
    expect(await codeOf(t.beforeAttempt('username:x', '10.1.1.1'))).toBe('ok');
    expect(await codeOf(t.beforeAttempt('username:y', '10.1.1.1'))).toBe('ok');
    expect(await codeOf(t.beforeAttempt('username:z', '10.1.1.1'))).toBe(ErrorCode.TooManyRequests);
    const two = { points: 2, windowMs: 60_000 };
    expect(await codeOf(t.beforeRegistration(two, '10.1.1.1'))).toBe('ok');
    expect(await codeOf(t.beforeRegistration(two, '10.1.1.1'))).toBe('ok');
    expect(await codeOf(t.beforeRegistration(two, '10.1.1.1'))).toBe(ErrorCode.TooManyRequests);
    expect(await codeOf(t.beforeRegistration(two, '10.1.1.2'))).toBe('ok');
  });

  it('does not limit registrations when the limit is 0', async () => {
    const t = throttle();
    for (let i = 0; i < 3; i++) expect(await codeOf(t.beforeRegistration({ points: 0, windowMs: 60_000 }, '10.1.1.3'))).toBe('ok');
  });
});
