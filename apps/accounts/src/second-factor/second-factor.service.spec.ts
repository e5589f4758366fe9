import { describe, expect, it } from '@jest/globals';
import { DomainError, hashLoginToken, type IUser, type LoginToken } from '@rc/contracts';
import type { UsersRepository } from '@rc/models';
import bcrypt from 'bcrypt';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { LoginThrottle } from '../auth/login-throttle.js';
import type { SettingsCache } from '@rc/settings';
import { passwordDigest } from '../auth/password.js';
import { PasswordFallback } from './password-fallback.js';
import type { SecondFactorMethod } from './second-factor-method.js';
import { SecondFactorService } from './second-factor.service.js';

const PASSWORD = 'Sturdy-pass-42';
const TOKEN = 'login-token-1';
const client = { address: '10.0.0.1', userAgent: 'client/1' };
const DEFAULTS: Record<string, unknown> = {
  Accounts_TwoFactorAuthentication_Enabled: true,
  Accounts_TwoFactorAuthentication_RememberFor: 1800,
  Accounts_TwoFactorAuthentication_Enforce_Password_Fallback: true,
};

/** The settings this service reads, in memory. */
const settingsOf = (overrides: Record<string, unknown>) => {
  const values = { ...DEFAULTS, ...overrides };
  return { get: (id: string) => values[id] } as unknown as SettingsCache;
};

/** One user in memory: what the service reads, and the remember window it writes on a login token. */
async function userStore(overrides: Partial<IUser> = {}) {
  const token: LoginToken = { when: new Date(), hashedToken: hashLoginToken(TOKEN) };
  const user = {
    _id: 'u1',
    username: 'alice',
    createdAt: new Date(Date.now() - 86_400_000),
    services: { password: { bcrypt: await bcrypt.hash(passwordDigest(PASSWORD), 4) }, resume: { loginTokens: [token] } },
    ...overrides,
  } as IUser;
  const users = {
    findById: (id: string) => Promise.resolve(id === user._id ? structuredClone(user) : null),
    rememberSecondFactor: (_id: string, hashed: string, clientHash: string, until: Date) => {
      const entry = user.services?.resume?.loginTokens?.find((t) => t.hashedToken === hashed);
      if (entry) Object.assign(entry, { twoFactorAuthorizedHash: clientHash, twoFactorAuthorizedUntil: until });
      return Promise.resolve();
    },
  } as unknown as UsersRepository;
  return { user, users };
}

/** A second factor of the user's own, as issue 19's TOTP will be: enabled for users who set it up. */
const fakeTotp: SecondFactorMethod = {
  name: 'totp',
  isEnabled: (user) => (user as IUser & { totp?: boolean }).totp === true,
  verify: (_user, code) => Promise.resolve(code === '123456'),
  challenge: () => Promise.resolve({ codeGenerated: false }),
  tooManyFailedAttempts: () => Promise.resolve(false),
};

/** The login lock-out in memory: 3 failures lock the user out. */
const throttle = () => {
  const memory = () => new RateLimiterMemory({ points: 3, duration: 60 });
  const counters = {
    failedByUser: memory(),
    failedByAddress: memory(),
    attemptsByAddress: memory(),
    registrationsByAddress: () => memory(),
  };
  const limits = {
    failuresPerUser: 3,
    failuresPerAddress: 0,
    userBlockSeconds: 60,
    addressBlockSeconds: 60,
    attemptsPerAddress: 0,
  };
  return new LoginThrottle(counters, limits);
};

const service = (
  users: UsersRepository,
  methods: SecondFactorMethod[] = [],
  overrides: Record<string, unknown> = {},
  lockOut = throttle(),
) => {
  const settings = settingsOf(overrides);
  return new SecondFactorService(users, new PasswordFallback(settings, lockOut), methods, settings);
};

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => 'ok',
    (e: unknown) => (e instanceof DomainError ? { code: e.code, details: e.details } : String(e)),
  );

describe('SecondFactorService', () => {
  it('asks for the password when the user has no second factor, and remembers a passed check for that client', async () => {
    const { users } = await userStore();
    const check = service(users);
    const base = { userId: 'u1', authToken: TOKEN, client };
    expect(await failure(check.check(base))).toEqual({
      code: 'totp-required',
      details: { method: 'password', codeGenerated: false, availableMethods: [] },
    });
    expect(await failure(check.check({ ...base, code: passwordDigest('wrong') }))).toMatchObject({ code: 'totp-invalid' });
    expect(await failure(check.check({ ...base, code: PASSWORD }))).toBe('ok');
    expect(await failure(check.check(base))).toBe('ok');
    expect(await failure(check.check({ ...base, client: { ...client, userAgent: 'other/2' } }))).toMatchObject({ code: 'totp-required' });
    expect(await failure(check.check({ ...base, requireSecondFactor: true }))).toMatchObject({ code: 'totp-required' });
  });

  it('counts wrong passwords as failed logins: once locked out, even the right password is refused', async () => {
    const { users } = await userStore();
    const lockOut = throttle();
    const check = service(users, [], {}, lockOut);
    const base = { userId: 'u1', authToken: TOKEN, client, requireSecondFactor: true };
    for (let i = 0; i < 2; i++) expect(await failure(check.check({ ...base, code: `wrong-${i}` }))).toMatchObject({ code: 'totp-invalid' });
    expect(await failure(check.check({ ...base, code: 'wrong-2' }))).toMatchObject({ code: 'totp-max-attempts' });
    expect(await failure(check.check({ ...base, code: PASSWORD }))).toMatchObject({ code: 'totp-max-attempts' });
    // The same lock-out as the login's.
    expect(await lockOut.lockedOut('username:alice')).toBe(true);
  });

  it('uses the user’s own second factor first, listing it; the password is then no code', async () => {
    const { users } = await userStore({ totp: true } as Partial<IUser>);
    const check = service(users, [fakeTotp]);
    const base = { userId: 'u1', authToken: TOKEN, client };
    expect(await failure(check.check(base))).toEqual({
      code: 'totp-required',
      details: { method: 'totp', codeGenerated: false, availableMethods: ['totp'] },
    });
    expect(await failure(check.check({ ...base, code: PASSWORD, method: 'password' }))).toMatchObject({ code: 'totp-invalid' });
    expect(await failure(check.check({ ...base, code: '123456', method: 'totp' }))).toBe('ok');
  });

  it('does not ask when turned off, without the fallback for a user with no factor, or soon after registration', async () => {
    const { users } = await userStore();
    const base = { userId: 'u1', authToken: TOKEN, client };
    expect(await failure(service(users, [], { Accounts_TwoFactorAuthentication_Enabled: false }).check(base))).toBe('ok');
    expect(await failure(service(users, [], { Accounts_TwoFactorAuthentication_Enforce_Password_Fallback: false }).check(base))).toBe('ok');
    // …unless a second factor is required: then the password is asked all the same.
    expect(
      await failure(
        service(users, [], { Accounts_TwoFactorAuthentication_Enforce_Password_Fallback: false }).check({
          ...base,
          requireSecondFactor: true,
        }),
      ),
    ).toMatchObject({
      code: 'totp-required',
    });
    const recent = await userStore({ createdAt: new Date() });
    expect(await failure(service(recent.users).check(base))).toBe('ok');
    expect(await failure(service(recent.users, [], { Accounts_TwoFactorAuthentication_RememberFor: 0 }).check(base))).toMatchObject({
      code: 'totp-required',
    });
  });

  it('at a login asks only for a second factor of the user’s own: never the password, nothing when turned off', async () => {
    const { user } = await userStore();
    const plain = await userStore();
    const withTotp = { ...user, totp: true } as IUser;
    const check = service(plain.users, [fakeTotp]);
    expect(await failure(check.checkLogin(user, undefined))).toBe('ok');
    expect(await failure(check.checkLogin(withTotp, undefined))).toEqual({
      code: 'totp-required',
      details: { method: 'totp', codeGenerated: false, availableMethods: ['totp'] },
    });
    expect(await failure(check.checkLogin(withTotp, PASSWORD))).toMatchObject({ code: 'totp-invalid' });
    expect(await failure(check.checkLogin(withTotp, '123456'))).toBe('ok');
    expect(
      await failure(service(plain.users, [fakeTotp], { Accounts_TwoFactorAuthentication_Enabled: false }).checkLogin(withTotp, undefined)),
    ).toBe('ok');
  });
});
