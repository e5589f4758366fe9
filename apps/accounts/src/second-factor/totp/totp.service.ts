import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, hashLoginToken, type IUser } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { SessionRevocation } from '../../common/session-revocation.js';
import { matchTotp, newBackupCodes, newTotpSecret, otpauthUrl } from './totp-codes.js';
import { TotpMethod } from './totp-method.js';
import { TotpThrottle } from './totp-throttle.js';

const invalidTotp = () => new DomainError(ErrorCode.InvalidTotp, 'Invalid TOTP');
const tooManyAttempts = () => new DomainError(ErrorCode.TotpMaxAttempts, 'TOTP Maximun Failed Attempts Reached', { method: 'totp' });

/**
 * Setting TOTP up and down (Rocket.Chat's `enableTotp`, `validateTotpTempToken`, `disableTotp`,
 * `regenerateTotpCodes`, `codesRemainingTotp`): a pending secret, confirmed by a code from it (which returns the
 * backup codes and logs the user's other clients out), turned off or given new backup codes with a current code.
 */
@Injectable()
export class TotpService {
  constructor(
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly method: TotpMethod,
    private readonly throttle: TotpThrottle,
    private readonly revocation: SessionRevocation,
  ) {}

  async enable(userId: string): Promise<{ secret: string; url: string }> {
    const user = await this.user(userId);
    if (!user.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    if (user.services?.totp?.enabled) throw new DomainError(ErrorCode.TotpAlreadyEnabled, 'TOTP is already enabled');
    const secret = newTotpSecret();
    await this.users.setTotpTempSecret(user._id, secret);
    return { secret, url: otpauthUrl(secret, user.username) };
  }

  async validate(userId: string, code: string, authToken?: string): Promise<{ codes: string[] }> {
    const user = await this.user(userId);
    const tempSecret = user.services?.totp?.tempSecret;
    if (!tempSecret) throw invalidTotp();
    if (await this.throttle.lockedOut(user._id)) throw tooManyAttempts();
    const step = matchTotp(tempSecret, code, this.settings.get<number>('Accounts_TwoFactorAuthentication_MaxDelta'));
    if (step === undefined) {
      await this.throttle.failed(user._id);
      throw invalidTotp();
    }
    const { codes, hashedCodes } = newBackupCodes();
    // The confirming code's step is recorded as used: it cannot log in afterwards.
    if (!(await this.users.enableTotp(user._id, tempSecret, hashedCodes, step))) throw invalidTotp();
    await this.throttle.succeeded(user._id);
    // As Rocket.Chat: once TOTP is on, every other client logs in again (personal access tokens stay).
    if (authToken) {
      const keep = hashLoginToken(authToken);
      await this.revocation.revoke(user._id, () => this.users.removeOtherLoginTokens(user._id, keep));
    }
    return { codes };
  }

  async disable(userId: string, code: string): Promise<{ disabled: boolean }> {
    const user = await this.user(userId);
    if (!user.services?.totp?.enabled) return { disabled: false };
    if (!(await this.verify(user, code))) return { disabled: false };
    return { disabled: await this.users.disableTotp(user._id) };
  }

  async regenerateCodes(userId: string, code: string): Promise<{ codes: string[] }> {
    const user = await this.user(userId);
    if (!user.services?.totp?.enabled) throw invalidTotp();
    if (!(await this.verify(user, code))) throw invalidTotp();
    const { codes, hashedCodes } = newBackupCodes();
    await this.users.setTotpBackupCodes(user._id, hashedCodes);
    return { codes };
  }

  async codesRemaining(userId: string): Promise<{ remaining: number }> {
    const user = await this.user(userId);
    if (!user.services?.totp?.enabled) throw invalidTotp();
    return { remaining: user.services.totp.hashedBackup?.length ?? 0 };
  }

  /** A current code or a backup code (used up), unless wrong codes locked TOTP for the user. */
  private async verify(user: IUser, code: string): Promise<boolean> {
    if (await this.method.tooManyFailedAttempts(user)) throw tooManyAttempts();
    return this.method.verify(user, code);
  }

  private async user(userId: string): Promise<IUser> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    return user;
  }
}
