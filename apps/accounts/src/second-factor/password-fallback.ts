import { Injectable } from '@nestjs/common';
import type { IUser } from '@rc/contracts';
import { SettingsCache } from '@rc/settings';
import { LoginThrottle } from '../auth/login-throttle.js';
import { throttleKey } from '../auth/login.service.js';
import { passwordDigest, verifyPasswordDigest } from '../auth/password.js';
import type { SecondFactorMethod } from './second-factor-method.js';

const SHA256_HEX = /^[a-f0-9]{64}$/i;

/**
 * Rocket.Chat's `PasswordCheckFallback`: not a second factor, the password standing in for one when the user
 * has none (the setting `Accounts_TwoFactorAuthentication_Enforce_Password_Fallback`, for users
 * with a password), or always where a second factor is required. Rocket.Chat's clients send the password's
 * SHA-256 hex digest; a password typed in plain text is accepted too, as `login` accepts both. A wrong password
 * counts as a failed login of the user (the same lock-out, `LOGIN_FAILURES_PER_USER`), so a stolen session cannot
 * be used to guess the password here faster than at the login; once locked out, even the right one is refused.
 */
@Injectable()
export class PasswordFallback implements SecondFactorMethod {
  readonly name = 'password';

  constructor(
    private readonly settings: SettingsCache,
    private readonly throttle: LoginThrottle,
  ) {}

  isEnabled(user: IUser, force: boolean): boolean {
    if (force) return true;
    return (
      this.settings.get<boolean>('Accounts_TwoFactorAuthentication_Enforce_Password_Fallback') && Boolean(user.services?.password?.bcrypt)
    );
  }

  async verify(user: IUser, code: string, force: boolean): Promise<boolean> {
    const hash = user.services?.password?.bcrypt;
    if (!hash || !this.isEnabled(user, force)) return false;
    const matches = await verifyPasswordDigest(SHA256_HEX.test(code) ? code : passwordDigest(code), hash);
    if (!matches && user.username) await this.throttle.failed(this.identity(user));
    return matches;
  }

  challenge(): Promise<{ codeGenerated: boolean }> {
    return Promise.resolve({ codeGenerated: false });
  }

  tooManyFailedAttempts(user: IUser): Promise<boolean> {
    return user.username ? this.throttle.lockedOut(this.identity(user)) : Promise.resolve(false);
  }

  /** The login lock-out's key for this user's username. */
  private identity(user: IUser): string {
    return throttleKey({ username: user.username ?? '' });
  }
}
