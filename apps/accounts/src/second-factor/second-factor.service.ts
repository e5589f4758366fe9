import { Inject, Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, hashLoginToken, type CheckSecondFactorRequest, type IUser, type LoginToken } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { InjectConfig } from '@rc/platform';
import { createHash } from 'node:crypto';
import type { AccountsConfig } from '../accounts.env.js';
import { PasswordFallback } from './password-fallback.js';
import { SECOND_FACTOR_METHODS, type SecondFactorMethod } from './second-factor-method.js';

/**
 * Rocket.Chat's `checkCodeForUser`: before a sensitive action, the caller proves it is them again. A client
 * that passed the check is remembered on its login token for `TWO_FACTOR_REMEMBER_FOR_SECONDS` (Rocket.Chat's
 * `Accounts_TwoFactorAuthentication_RememberFor`), as is a user within that long of their registration; a
 * personal access token created with `bypassTwoFactor` is never asked. `requireSecondFactor` asks every time.
 */
@Injectable()
export class SecondFactorService {
  constructor(
    private readonly users: UsersRepository,
    private readonly passwordFallback: PasswordFallback,
    @Inject(SECOND_FACTOR_METHODS) private readonly methods: readonly SecondFactorMethod[],
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  async check(request: CheckSecondFactorRequest): Promise<{ ok: true }> {
    if (!this.config.TWO_FACTOR_ENABLED) return { ok: true };
    const user = await this.users.findById(request.userId);
    if (!user) throw new DomainError(ErrorCode.TotpUserNotFound, 'TOTP User not found');

    const hashedToken = request.authToken ? hashLoginToken(request.authToken) : undefined;
    const token = hashedToken ? user.services?.resume?.loginTokens?.find((t) => t.hashedToken === hashedToken) : undefined;
    const fingerprint = clientFingerprint(request.client);
    if (token && this.remembers(user, token, fingerprint, request)) return { ok: true };

    const force = request.requireSecondFactor === true;
    const method = this.select(user, request.method, force);
    if (!method) return { ok: true };

    const details = { method: method.name, ...(await method.challenge(user)), availableMethods: this.available(user) };
    if (!request.code) throw new DomainError(ErrorCode.TotpRequired, 'TOTP Required', details);
    // Locked out by wrong codes: even the right one is refused until the lock-out ends.
    if (await method.tooManyFailedAttempts(user)) {
      throw new DomainError(ErrorCode.TotpMaxAttempts, 'TOTP Maximun Failed Attempts Reached', details);
    }
    if (!(await method.verify(user, request.code, force))) {
      if (await method.tooManyFailedAttempts(user)) {
        throw new DomainError(ErrorCode.TotpMaxAttempts, 'TOTP Maximun Failed Attempts Reached', details);
      }
      throw new DomainError(ErrorCode.TotpInvalid, 'TOTP Invalid', details);
    }

    const until = this.rememberUntil(new Date());
    if (hashedToken && token && until && request.disableRememberMe !== true) {
      await this.users.rememberSecondFactor(user._id, hashedToken, fingerprint, until);
    }
    return { ok: true };
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

  /** The method the client named, else the user's first second factor, else the password when it applies. */
  private select(user: IUser, name: string | undefined, force: boolean): SecondFactorMethod | undefined {
    const named = name ? this.methods.find((m) => m.name === name) : undefined;
    const chosen = named ?? this.methods.find((m) => m.isEnabled(user, false));
    if (chosen) return chosen;
    return this.passwordFallback.isEnabled(user, force) ? this.passwordFallback : undefined;
  }

  /** The user's second factors, as `details.availableMethods` lists them (the password is not one). */
  private available(user: IUser): string[] {
    return this.methods.filter((m) => m.isEnabled(user, false)).map((m) => m.name);
  }

  private rememberUntil(from: Date): Date | undefined {
    const seconds = this.config.TWO_FACTOR_REMEMBER_FOR_SECONDS;
    return seconds > 0 ? new Date(from.getTime() + seconds * 1000) : undefined;
  }
}

/** "This client": its user agent and address, hashed (Rocket.Chat's fingerprint of the connection). */
export function clientFingerprint(client: CheckSecondFactorRequest['client']): string {
  return createHash('sha256')
    .update(JSON.stringify({ userAgent: client.userAgent ?? null, clientAddress: client.address ?? null }))
    .digest('hex');
}
