import { describe, expect, it } from '@jest/globals';
import type { IUser, TotpService } from '@rc/contracts';
import type { UsersRepository } from '@rc/models';
import type { SettingsCache } from '@rc/settings';
import { generateSync } from 'otplib';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { hashBackupCode, matchTotp, newBackupCodes, newTotpSecret, otpauthUrl, TOTP_PERIOD_SECONDS } from './totp-codes.js';
import { TotpMethod } from './totp-method.js';
import { TotpThrottle } from './totp-throttle.js';

const STEP_MS = TOTP_PERIOD_SECONDS * 1000;
const codeAt = (secret: string, ms: number) => generateSync({ secret, epoch: Math.floor(ms / 1000) });

/** One user in memory, with the two atomic updates TotpMethod relies on. */
function userStore(totp: TotpService) {
  const user = { _id: 'u1', username: 'alice', services: { totp } } as unknown as IUser;
  const state = () => user.services!.totp!;
  const users = {
    consumeTotpBackupCode: (_id: string, hashed: string) => {
      const codes = state().hashedBackup ?? [];
      if (!codes.includes(hashed)) return Promise.resolve(false);
      state().hashedBackup = codes.filter((c) => c !== hashed);
      return Promise.resolve(true);
    },
    consumeTotpTimeStep: (_id: string, step: number) => {
      const last = state().lastTimeStep;
      if (last !== undefined && last >= step) return Promise.resolve(false);
      state().lastTimeStep = step;
      return Promise.resolve(true);
    },
  } as unknown as UsersRepository;
  // What the service reads is re-read from the store each time (a copy, as a repository returns).
  return { current: () => structuredClone(user), users };
}

const settings = (values: Record<string, unknown> = {}) => {
  const all: Record<string, unknown> = {
    Accounts_TwoFactorAuthentication_By_TOTP_Enabled: true,
    Accounts_TwoFactorAuthentication_MaxDelta: 1,
    ...values,
  };
  return { get: (id: string) => all[id] } as unknown as SettingsCache;
};

const throttle = (failuresPerUser = 5) =>
  new TotpThrottle(new RateLimiterMemory({ points: failuresPerUser, duration: 60 }), { failuresPerUser, blockSeconds: 60 });

describe('TOTP codes (otplib)', () => {
  it('matches a code within MaxDelta steps of now, and only after the last step used', () => {
    const secret = newTotpSecret();
    const now = Date.now();
    const step = Math.floor(now / STEP_MS);
    expect(matchTotp(secret, codeAt(secret, now), 1, undefined, now)).toBe(step);
    expect(matchTotp(secret, codeAt(secret, now - STEP_MS), 1, undefined, now)).toBe(step - 1);
    expect(matchTotp(secret, codeAt(secret, now + 2 * STEP_MS), 1, undefined, now)).toBeUndefined();
    expect(matchTotp(secret, codeAt(secret, now - STEP_MS), 0, undefined, now)).toBeUndefined();
    expect(matchTotp(secret, codeAt(secret, now), 1, step, now)).toBeUndefined();
    expect(matchTotp(secret, 'abcdef', 1, undefined, now)).toBeUndefined();
  });

  it('labels the otpauth URL as Rocket.Chat does; backup codes are 12, distinct, stored as SHA-256 hex', () => {
    expect(otpauthUrl('JBSWY3DPEHPK3PXP', 'alice')).toBe('otpauth://totp/Rocket.Chat:alice?secret=JBSWY3DPEHPK3PXP&issuer=Rocket.Chat');
    const { codes, hashedCodes } = newBackupCodes();
    expect(codes).toHaveLength(12);
    expect(new Set(codes).size).toBe(12);
    expect(codes.every((c) => /^[2-9A-Za-z]{8}$/.test(c))).toBe(true);
    expect(hashedCodes[0]).toBe(hashBackupCode(codes[0]));
    expect(hashedCodes[0]).toMatch(/^[a-f0-9]{64}$/);
  });
});

describe('TotpMethod', () => {
  it('is a method of users who turned TOTP on, while the setting allows TOTP', () => {
    const { current } = userStore({ enabled: true, secret: newTotpSecret() });
    expect(new TotpMethod(userStore({}).users, settings(), throttle()).isEnabled(current())).toBe(true);
    expect(new TotpMethod(userStore({}).users, settings(), throttle()).isEnabled(userStore({ enabled: false }).current())).toBe(false);
    const off = settings({ Accounts_TwoFactorAuthentication_By_TOTP_Enabled: false });
    expect(new TotpMethod(userStore({}).users, off, throttle()).isEnabled(current())).toBe(false);
  });

  it('accepts a code once: the same code, or an older one, is refused afterwards', async () => {
    const secret = newTotpSecret();
    const { current, users } = userStore({ enabled: true, secret });
    const method = new TotpMethod(users, settings(), throttle());
    const now = Date.now();
    const code = codeAt(secret, now);
    expect(await method.verify(current(), code)).toBe(true);
    expect(await method.verify(current(), code)).toBe(false);
    expect(await method.verify(current(), codeAt(secret, now - STEP_MS))).toBe(false);
    // The next step's code (a clock one step ahead: within MaxDelta) is still new.
    expect(await method.verify(current(), codeAt(secret, now + STEP_MS))).toBe(true);
  });

  it('accepts each backup code once', async () => {
    const { codes, hashedCodes } = newBackupCodes();
    const { current, users } = userStore({ enabled: true, secret: newTotpSecret(), hashedBackup: hashedCodes });
    const method = new TotpMethod(users, settings(), throttle());
    expect(await method.verify(current(), codes[3])).toBe(true);
    expect(await method.verify(current(), codes[3])).toBe(false);
    expect(current().services!.totp!.hashedBackup).toHaveLength(11);
    expect(await method.verify(current(), 'ZZZZZZZZ')).toBe(false);
  });

  it('locks TOTP for the user after too many wrong codes; a right code clears the count', async () => {
    const secret = newTotpSecret();
    const { current, users } = userStore({ enabled: true, secret });
    const method = new TotpMethod(users, settings(), throttle(3));
    expect(await method.verify(current(), '000000')).toBe(false);
    expect(await method.verify(current(), codeAt(secret, Date.now()))).toBe(true);
    for (let i = 0; i < 2; i++) expect(await method.verify(current(), 'wrong!')).toBe(false);
    expect(await method.tooManyFailedAttempts(current())).toBe(false);
    expect(await method.verify(current(), 'wrong!')).toBe(false);
    expect(await method.tooManyFailedAttempts(current())).toBe(true);
  });
});
