import { Injectable } from '@nestjs/common';
import type { IUser } from '@rc/contracts';
import { InjectConfig } from '@rc/platform';
import type { AccountsConfig } from '../accounts.env.js';
import { passwordDigest, verifyPasswordDigest } from '../auth/password.js';
import type { SecondFactorMethod } from './second-factor-method.js';

const SHA256_HEX = /^[a-f0-9]{64}$/i;

/**
 * Rocket.Chat's `PasswordCheckFallback`: not a second factor, the password standing in for one when the user
 * has none (`TWO_FACTOR_ENFORCE_PASSWORD_FALLBACK`, Rocket.Chat's `..._Enforce_Password_Fallback`, for users
 * with a password), or always where a second factor is required. Rocket.Chat's clients send the password's
 * SHA-256 hex digest; a password typed in plain text is accepted too, as `login` accepts both.
 */
@Injectable()
export class PasswordFallback implements SecondFactorMethod {
  readonly name = 'password';

  constructor(@InjectConfig() private readonly config: AccountsConfig) {}

  isEnabled(user: IUser, force: boolean): boolean {
    if (force) return true;
    return this.config.TWO_FACTOR_ENFORCE_PASSWORD_FALLBACK && Boolean(user.services?.password?.bcrypt);
  }

  async verify(user: IUser, code: string, force: boolean): Promise<boolean> {
    const hash = user.services?.password?.bcrypt;
    if (!hash || !this.isEnabled(user, force)) return false;
    return verifyPasswordDigest(SHA256_HEX.test(code) ? code : passwordDigest(code), hash);
  }

  challenge(): Promise<{ codeGenerated: boolean }> {
    return Promise.resolve({ codeGenerated: false });
  }

  tooManyFailedAttempts(): Promise<boolean> {
    return Promise.resolve(false);
  }
}
