import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, hashLoginToken, type Actor, type IUser } from '@rc/contracts';
import { Mailer } from '@rc/mailer';
import { UsersRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { Access } from '../../common/access.js';
import { SessionRevocation } from '../../common/session-revocation.js';
import { matchTotp, newBackupCodes, newTotpSecret, otpauthUrl } from './totp-codes.js';
import { TotpMethod } from './totp-method.js';
import { TotpThrottle } from './totp-throttle.js';

const invalidTotp = () => new DomainError(ErrorCode.InvalidTotp, 'Invalid TOTP');
const notAllowed = () => new DomainError(ErrorCode.NotAllowed, 'Not allowed');
const tooManyAttempts = () => new DomainError(ErrorCode.TotpMaxAttempts, 'TOTP Maximun Failed Attempts Reached', { method: 'totp' });

/** Who `users.resetTOTP` names: an id, a username, or either (`user`). */
export type TotpResetTarget = { userId: string } | { username: string } | { user: string };

/**
 * Setting TOTP up and down (Rocket.Chat's `enableTotp`, `validateTotpTempToken`, `disableTotp`,
 * `regenerateTotpCodes`, `codesRemainingTotp`, `resetTOTP`): a pending secret, confirmed by a code from it (which
 * returns the backup codes and logs the user's other clients out), turned off or given new backup codes with a
 * current code, or reset by an administrator. Each change of `services.totp.enabled` reaches the user's own
 * clients as `userData` (Rocket.Chat's notifyOnUserChange), so an open account page shows it at once.
 */
/** Rocket.Chat's English texts (`Your_TOTP_has_been_reset`, `TOTP_Reset_Other_Key_Warning`, `TOTP_reset_email`). */
const RESET_TEXT = 'Your Two Factor TOTP has been reset.';
const RESET_WARNING = 'Reset the current Two Factor TOTP will log out the user. The user will be able to set the Two Factor again later.';

@Injectable()
export class TotpService {
  constructor(
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly method: TotpMethod,
    private readonly throttle: TotpThrottle,
    private readonly revocation: SessionRevocation,
    private readonly access: Access,
    private readonly mailer: Mailer,
    private readonly realtime: RealtimePublisher,
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
    this.realtime.userDataChanged(user._id, { 'services.totp.enabled': true });
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
    const disabled = await this.users.disableTotp(user._id);
    if (disabled) this.realtime.userDataChanged(user._id, { 'services.totp.enabled': false });
    return { disabled };
  }

  /**
   * `users.resetTOTP`: the caller's own TOTP, or — a user named — another user's, with `edit-other-user-totp`
   * while two-factor authentication is on; that user is mailed first at every verified address (a mail server
   * that fails stops the reset: `error-email-send-failed`, nothing changed). TOTP goes and every session of the
   * user ends (personal access tokens too, as Rocket.Chat's unsetLoginTokens).
   */
  async reset(actor: Actor, target?: TotpResetTarget): Promise<{ ok: true }> {
    let user: IUser;
    if (target) {
      if (!(await this.access.has(actor.userId, 'edit-other-user-totp'))) throw notAllowed();
      if (this.settings.get<boolean>('Accounts_TwoFactorAuthentication_Enabled') !== true) {
        throw new DomainError(ErrorCode.TwoFactorNotEnabled, 'Two factor authentication is not enabled');
      }
      const found = await this.targetUser(target);
      if (!found) throw new DomainError(ErrorCode.InvalidUserId, 'Invalid user id');
      user = found;
      await this.mailResetNotice(user);
    } else {
      user = await this.user(actor.userId);
    }
    const removed = await this.revocation.revoke(
      user._id,
      async () => {
        const had = await this.users.resetTotp(user._id);
        if (had) await this.users.removeAllLoginTokens(user._id);
        return had;
      },
      { forceLogout: target !== undefined },
    );
    if (removed) this.realtime.userDataChanged(user._id, {}, { 'services.totp': 1 });
    return { ok: true };
  }

  private async targetUser(target: TotpResetTarget): Promise<IUser | null> {
    if ('userId' in target) return this.users.findById(target.userId);
    if ('username' in target) return this.users.findByUsername(target.username);
    return (await this.users.findById(target.user)) ?? (await this.users.findByUsername(target.user));
  }

  /** Rocket.Chat's sendResetNotification: "Your TOTP has been reset" to each verified address. */
  private async mailResetNotice(user: IUser): Promise<void> {
    const addresses = (user.emails ?? []).filter((entry) => entry.verified).map((entry) => entry.address);
    const text = `${RESET_TEXT}\n\n${RESET_WARNING}`;
    const html = `<p>${RESET_TEXT}</p><p>${RESET_WARNING}</p>`;
    for (const to of addresses) {
      await this.mailer.send({ to, kind: 'totp-reset', subject: 'Two Factor TOTP Reset Notification', text, html, bareFrom: true });
    }
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
