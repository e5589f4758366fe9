import { describe, expect, it } from '@jest/globals';
import type { IUser } from '@rc/contracts';
import type { Mailer, OutgoingEmail } from '@rc/mailer';
import type { UsersRepository } from '@rc/models';
import type { SettingsCache } from '@rc/settings';
import type { AccountsConfig } from '../accounts.env.js';
import { EmailCodeMethod } from './email-code.method.js';

const SETTINGS: Record<string, unknown> = {
  Accounts_TwoFactorAuthentication_By_Email_Enabled: true,
  Accounts_TwoFactorAuthentication_By_Email_Code_Expiration: 3600,
  Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts: 2,
};

/** One user in memory, the repository methods the method calls, and a mailer that records (or refuses). */
function setup(overrides: Partial<IUser> = {}, refuse = false) {
  const user = {
    _id: 'u1',
    username: 'alice',
    emails: [
      { address: 'alice@example.com', verified: true },
      { address: 'old@example.com', verified: false },
    ],
    services: { email2fa: { enabled: true } },
    ...overrides,
  } as unknown as IUser;
  const services = user.services as Record<string, any>;
  const users = {
    findById: () => Promise.resolve(structuredClone(user)),
    setEmailCode: (_id: string, code: string, expire: Date) => Promise.resolve(void (services.emailCode = { code, expire, attempts: 0 })),
    removeEmailCode: (_id: string, code?: string) =>
      Promise.resolve(void (!code || services.emailCode?.code === code ? delete services.emailCode : undefined)),
    incrementEmailCodeAttempts: () => Promise.resolve(void (services.emailCode && services.emailCode.attempts++)),
  } as unknown as UsersRepository;
  const sent: OutgoingEmail[] = [];
  const mailer = {
    frame: () => ({ siteName: 'Acme', siteUrl: 'https://chat.example.com', header: '', footer: '', plainTextOnly: false }),
    send: (email: OutgoingEmail) => (refuse ? Promise.reject(new Error('refused')) : Promise.resolve(void sent.push(email))),
  } as unknown as Mailer;
  const settings = { get: (id: string) => SETTINGS[id] } as unknown as SettingsCache;
  const method = new EmailCodeMethod(users, mailer, settings, { BCRYPT_ROUNDS: 4 } as AccountsConfig);
  const code = () =>
    /(\d{3})-(\d{3})/
      .exec(sent.at(-1)?.text ?? '')!
      .slice(1)
      .join('');
  return { method, user, services, sent, code, current: () => structuredClone(user) };
}

describe('EmailCodeMethod', () => {
  it('is enabled only with the setting, the user’s choice and a verified address', () => {
    expect(setup().method.isEnabled(setup().user)).toBe(true);
    const off = setup({ services: { email2fa: { enabled: false } } });
    expect(off.method.isEnabled(off.user)).toBe(false);
    const unverified = setup({ emails: [{ address: 'a@example.com', verified: false }] });
    expect(unverified.method.isEnabled(unverified.user)).toBe(false);
  });

  it('mails a code to verified addresses only, stores it hashed, and accepts it once (dashes and spaces ignored)', async () => {
    const t = setup();
    expect(await t.method.challenge(t.current())).toEqual({ codeGenerated: true, emailOrUsername: 'alice' });
    expect(t.sent.map((mail) => [mail.to, mail.subject, mail.kind])).toEqual([['alice@example.com', 'Authentication code', '2fa-code']]);
    const code = t.code();
    expect(t.services.emailCode.code).not.toContain(code);
    // A valid code is not sent again.
    const again = await t.method.challenge(t.current());
    expect(again.codeGenerated).toBe(false);
    expect(new Date(again.codeExpires!).getTime()).toBeGreaterThan(Date.now() + 3500_000);
    expect(await t.method.verify(t.current(), ` ${code.slice(0, 3)}-${code.slice(3)} `)).toBe(true);
    expect(t.services.emailCode).toBeUndefined();
    expect(await t.method.verify(t.current(), code)).toBe(false);
  });

  it('counts wrong codes; past the maximum, the next challenge mails a new code', async () => {
    const t = setup();
    await t.method.challenge(t.current());
    const first = t.code();
    const wrong = first === '000000' ? '111111' : '000000';
    expect(await t.method.verify(t.current(), wrong)).toBe(false);
    expect(await t.method.tooManyFailedAttempts(t.current())).toBe(false);
    expect(await t.method.verify(t.current(), wrong)).toBe(false);
    expect(await t.method.tooManyFailedAttempts(t.current())).toBe(true);
    expect(await t.method.challenge(t.current())).toMatchObject({ codeGenerated: true });
    expect(t.sent).toHaveLength(2);
    expect(await t.method.tooManyFailedAttempts(t.current())).toBe(false);
  });

  it('refuses an expired code', async () => {
    const t = setup();
    await t.method.challenge(t.current());
    t.services.emailCode.expire = new Date(Date.now() - 1000);
    expect(await t.method.verify(t.current(), t.code())).toBe(false);
  });

  it('takes the code back when the mail server refuses it', async () => {
    const t = setup({}, true);
    await expect(t.method.challenge(t.current())).rejects.toThrow('refused');
    expect(t.services.emailCode).toBeUndefined();
  });
});
