import { Injectable } from '@nestjs/common';
import type { IUser } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import type { SecondFactorMethod } from '../second-factor-method.js';
import { hashBackupCode, isBackupCodeShape, matchTotp } from './totp-codes.js';
import { TotpThrottle } from './totp-throttle.js';

/**
 * Rocket.Chat's `TOTPCheck`: the code of the user's authenticator app, or one of their backup codes. Each is
 * accepted once: a backup code is removed when used, and a TOTP code's time step is recorded so that neither it
 * nor an older code is accepted again (checked and recorded in one atomic update, so two requests racing with
 * the same code cannot both pass). Wrong codes are counted per user (`TotpThrottle`).
 */
@Injectable()
export class TotpMethod implements SecondFactorMethod {
  readonly name = 'totp';

  constructor(
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly throttle: TotpThrottle,
  ) {}

  isEnabled(user: IUser): boolean {
    return this.settings.get<boolean>('Accounts_TwoFactorAuthentication_By_TOTP_Enabled') && user.services?.totp?.enabled === true;
  }

  async verify(user: IUser, code: string): Promise<boolean> {
    if (!this.isEnabled(user)) return false;
    const accepted = await this.accepts(user, code.trim());
    await (accepted ? this.throttle.succeeded(user._id) : this.throttle.failed(user._id));
    return accepted;
  }

  challenge(): Promise<{ codeGenerated: boolean }> {
    return Promise.resolve({ codeGenerated: false });
  }

  tooManyFailedAttempts(user: IUser): Promise<boolean> {
    return this.throttle.lockedOut(user._id);
  }

  /** A code from the app (6 digits) within `MaxDelta` steps of now, or an unused backup code (8 characters). */
  private async accepts(user: IUser, code: string): Promise<boolean> {
    const totp = user.services?.totp;
    if (isBackupCodeShape(code)) {
      const hashed = hashBackupCode(code);
      return Boolean(totp?.hashedBackup?.includes(hashed)) && this.users.consumeTotpBackupCode(user._id, hashed);
    }
    if (!totp?.secret) return false;
    const maxDelta = this.settings.get<number>('Accounts_TwoFactorAuthentication_MaxDelta');
    const step = matchTotp(totp.secret, code, maxDelta, totp.lastTimeStep);
    return step !== undefined && this.users.consumeTotpTimeStep(user._id, step);
  }
}
