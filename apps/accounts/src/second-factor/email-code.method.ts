import { Injectable } from '@nestjs/common';
import type { IUser } from '@rc/contracts';
import { Mailer, renderEmail } from '@rc/mailer';
import { UsersRepository } from '@rc/models';
import { InjectConfig } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import bcrypt from 'bcrypt';
import { randomInt } from 'node:crypto';
import type { AccountsConfig } from '../accounts.env.js';
import type { SecondFactorMethod } from './second-factor-method.js';

interface EmailCode {
  code: string;
  expire: Date;
  attempts?: number;
}

const emailCodeOf = (user: IUser) => user.services?.emailCode as EmailCode | undefined;
const verifiedAddresses = (user: IUser) => (user.emails ?? []).filter((entry) => entry.verified).map((entry) => entry.address);

/** Rocket.Chat's code e-mail (its subject and body are not settings there either). */
const CODE_SUBJECT = 'Authentication code';
const CODE_BODY =
  '<p>{Here_is_your_authentication_code}</p><p style="font-size: 30px;"><b>__code__</b></p><p>{Do_not_provide_this_code_to_anyone}</p><p>{If_you_didnt_try_to_login_in_your_account_please_ignore_this_email}</p>';

/**
 * Rocket.Chat's `EmailCheck`: a six-digit code mailed to the user's verified addresses, stored bcrypt-hashed
 * (`services.emailCode` with its expiry and failed attempts), spent by one successful use. For users who turned
 * it on (`services.email2fa.enabled`) and have a verified address, while
 * `Accounts_TwoFactorAuthentication_By_Email_Enabled`. A code lives
 * `Accounts_TwoFactorAuthentication_By_Email_Code_Expiration` seconds; after
 * `..._Max_Invalid_Email_Code_Attempts` wrong ones, the next challenge mails a new code.
 */
@Injectable()
export class EmailCodeMethod implements SecondFactorMethod {
  readonly name = 'email';

  constructor(
    private readonly users: UsersRepository,
    private readonly mailer: Mailer,
    private readonly settings: SettingsCache,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  isEnabled(user: IUser): boolean {
    if (this.settings.get<boolean>('Accounts_TwoFactorAuthentication_By_Email_Enabled') !== true) return false;
    const email2fa = user.services?.email2fa as { enabled?: boolean } | undefined;
    return email2fa?.enabled === true && verifiedAddresses(user).length > 0;
  }

  async verify(user: IUser, code: string): Promise<boolean> {
    const stored = emailCodeOf(user);
    if (!this.isEnabled(user) || !stored || new Date(stored.expire) < new Date()) return false;
    if (await bcrypt.compare(code.replace(/\D/g, ''), stored.code)) {
      await this.users.removeEmailCode(user._id, stored.code);
      return true;
    }
    await this.users.incrementEmailCodeAttempts(user._id);
    return false;
  }

  /** A code still valid is not sent again (`codeGenerated: false`); otherwise a new one is mailed. */
  async challenge(user: IUser): Promise<{ codeGenerated: boolean; emailOrUsername?: string; codeExpires?: Date }> {
    const emailOrUsername = user.username ?? verifiedAddresses(user)[0];
    const stored = emailCodeOf(user);
    if (stored && new Date(stored.expire) > new Date() && (stored.attempts ?? 0) < this.maxAttempts()) {
      return { codeGenerated: false, emailOrUsername, codeExpires: stored.expire };
    }
    await this.sendCode(user);
    return { codeGenerated: true, emailOrUsername };
  }

  async tooManyFailedAttempts(user: IUser): Promise<boolean> {
    // Read again: the user given was read before this request's failed attempt was counted.
    const fresh = await this.users.findById(user._id);
    return ((fresh && emailCodeOf(fresh)?.attempts) ?? 0) >= this.maxAttempts();
  }

  /** Mails a new code to every verified address; if the mail server fails, the code is taken back. */
  async sendCode(user: IUser): Promise<void> {
    const addresses = verifiedAddresses(user);
    if (addresses.length === 0) return;
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const hashed = await bcrypt.hash(code, this.config.BCRYPT_ROUNDS);
    const seconds = this.settings.get<number>('Accounts_TwoFactorAuthentication_By_Email_Code_Expiration');
    await this.users.setEmailCode(user._id, hashed, new Date(Date.now() + seconds * 1000));
    const mail = renderEmail(this.mailer.frame(), CODE_SUBJECT, CODE_BODY, { code: `${code.slice(0, 3)}-${code.slice(3)}` });
    try {
      for (const to of addresses) await this.mailer.send({ to, kind: '2fa-code', bareFrom: true, ...mail });
    } catch (error) {
      await this.users.removeEmailCode(user._id, hashed);
      throw error;
    }
  }

  private maxAttempts(): number {
    return this.settings.get<number>('Accounts_TwoFactorAuthentication_Max_Invalid_Email_Code_Attempts');
  }
}
