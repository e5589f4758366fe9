import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, hashLoginToken, type CheckSecondFactorRequest, type IUser, type LoginToken } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { createHash } from 'node:crypto';
import { PasswordFallback } from './password-fallback.js';
import { SECOND_FACTOR_METHODS, type SecondFactorMethod } from './second-factor-method.js';

interface Challenge {
  code?: string;
  method?: string;
  /** A second factor is required: the password when the user has none (never at a login). */
  force: boolean;
  /** The password may stand in (sensitive actions); a login never asks for the password twice. */
  passwordFallback: boolean;
}

/**
 * Rocket.Chat's `checkCodeForUser`, for a sensitive action (`check`) and for a login (`checkLogin`). Before a
 * sensitive action, the caller proves it is them again; a client that passed the check is remembered on its
 * login token for `Accounts_TwoFactorAuthentication_RememberFor` seconds, as is a user within that long of their
 * registration; a personal access token created with `bypassTwoFactor` is never asked. `requireSecondFactor` asks
 * every time. A login asks for the user's second factor, if they have one (no password fallback, no remembering).
 * Nothing is asked when `Accounts_TwoFactorAuthentication_Enabled` is off.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwordFallback: PasswordFallback,
    @Inject(SECOND_FACTOR_METHODS) private readonly methods: readonly SecondFactorMethod[],
    private readonly settings: SettingsCache,
  ) {}

  async check(request: CheckSecondFactorRequest): Promise<{ ok: true }> {
    if (!this.enabled) return { ok: true };
    const user = await this.users.findById(request.userId);
    if (!user) throw new DomainError(ErrorCode.TotpUserNotFound, 'TOTP User not found');

    const hashedToken = request.authToken ? hashLoginToken(request.authToken) : undefined;
    const token = hashedToken ? user.services?.resume?.loginTokens?.find((t) => t.hashedToken === hashedToken) : undefined;
    const fingerprint = clientFingerprint(request.client);
    if (token && this.remembers(user, token, fingerprint, request)) return { ok: true };

    const force = request.requireSecondFactor === true;
    const passed = await this.challenge(user, { code: request.code, method: request.method, force, passwordFallback: true });
    if (!passed) return { ok: true };

    const until = this.rememberUntil(new Date());
    if (hashedToken && token && until && request.disableRememberMe !== true) {
      await this.users.rememberSecondFactor(user._id, hashedToken, fingerprint, until);
    }
    return { ok: true };
  }

  /** Rocket.Chat's `onValidateLogin` check: `totp-required` / `totp-invalid` unless the code is right. */
  async checkLogin(user: IUser, code: string | undefined): Promise<void> {
    if (!this.enabled) return;
    await this.challenge(user, { code, force: false, passwordFallback: false });
  }

  private get enabled(): boolean {
    return this.settings.get<boolean>('Accounts_TwoFactorAuthentication_Enabled');
  }

  /**
   * Asks the selected method for a code and verifies it; throws `totp-required`, `totp-max-attempts` or
   * `totp-invalid`. Resolves whether a code was checked (false: nothing to ask of this user).
   */
  private async challenge(user: IUser, { code, method: name, force, passwordFallback }: Challenge): Promise<boolean> {
    const method = this.select(user, name, force, passwordFallback);
    if (!method) return false;

    const details = { method: method.name, ...(await method.challenge(user)), availableMethods: this.available(user) };
    if (!code) throw new DomainError(ErrorCode.TotpRequired, 'TOTP Required', details);
    // Locked out by wrong codes: even the right one is refused until the lock-out ends.
    if (await method.tooManyFailedAttempts(user)) {
      throw new DomainError(ErrorCode.TotpMaxAttempts, 'TOTP Maximun Failed Attempts Reached', details);
    }
    if (!(await method.verify(user, code, force))) {
      if (await method.tooManyFailedAttempts(user)) {
        throw new DomainError(ErrorCode.TotpMaxAttempts, 'TOTP Maximun Failed Attempts Reached', details);
      }
      throw new DomainError(ErrorCode.TotpInvalid, 'TOTP Invalid', details);
    }
    return true;
  }

  /** Rocket.Chat's `isAuthorizedForToken`. */
  private remembers(user: IUser, token: LoginToken, fingerprint: string, request: CheckSecondFactorRequest): boolean {
    if (request.requireSecondFactor) return false;
    if (token.bypassTwoFactor === true) return true;
    if (request.disableRememberMe) return false;
    const now = new Date();
    const afterRegistration = this.rememberUntil(new Date(user.createdAt));
    if (afterRegistration && afterRegistration >= now) return true;
    if (!token.twoFactorAuthorizedUntil || !token.twoFactorAuthorizedHash) return false;
    return new Date(token.twoFactorAuthorizedUntil) >= now && token.twoFactorAuthorizedHash === fingerprint;
  }

  /**
   * The method the client named, else the user's first second factor (in `SECOND_FACTOR_METHODS` order: TOTP
   * first), else the password when it applies.
   */
  private select(user: IUser, name: string | undefined, force: boolean, passwordFallback: boolean): SecondFactorMethod | undefined {
    const named = name ? this.methods.find((m) => m.name === name) : undefined;
    const chosen = named ?? this.methods.find((m) => m.isEnabled(user, false));
    if (chosen) return chosen;
    if (!passwordFallback) return undefined;
    return this.passwordFallback.isEnabled(user, force) ? this.passwordFallback : undefined;
  }

  /** The user's second factors, as `details.availableMethods` lists them (the password is not one). */
  private available(user: IUser): string[] {
    return this.methods.filter((m) => m.isEnabled(user, false)).map((m) => m.name);
  }

  private rememberUntil(from: Date): Date | undefined {
    const seconds = Number(this.settings.get<number>('Accounts_TwoFactorAuthentication_RememberFor'));
    return seconds > 0 ? new Date(from.getTime() + seconds * 1000) : undefined;
  }
}

/** "This client": its user agent and address, hashed (Rocket.Chat's fingerprint of the connection). */
export function clientFingerprint(client: CheckSecondFactorRequest['client']): string {
  return createHash('sha256')
    .update(JSON.stringify({ userAgent: client.userAgent ?? null, clientAddress: client.address ?? null }))
    .digest('hex');
}
