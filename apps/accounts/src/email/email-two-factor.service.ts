import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, hashLoginToken, type Actor } from '@rc/contracts';
import { Mailer } from '@rc/mailer';
import { UsersRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SessionRevocation } from '../common/session-revocation.js';
import { EmailCodeMethod } from '../second-factor/email-code.method.js';

/** Rocket.Chat's `users.2fa.sendEmailCode`, `users.2fa.enableEmail`, `users.2fa.disableEmail`. */
@Injectable()
export class EmailTwoFactor {
  private readonly logger = new Logger(EmailTwoFactor.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly mailer: Mailer,
    private readonly method: EmailCodeMethod,
    private readonly revocation: SessionRevocation,
    private readonly realtime: RealtimePublisher,
  ) {}

  /**
   * Mails a code to the caller, or to the user named (a login in progress): a success whether that user
   * exists or not. Anonymous: the mail server is checked first for everyone, the code sent in the background.
   * Only to users who use the e-mail second factor (a code is of no use to anyone else).
   */
  async sendEmailCode(actor: Actor | undefined, emailOrUsername: string): Promise<{ ok: true }> {
    if (actor) {
      const user = await this.users.findById(actor.userId);
      if (user && this.method.isEnabled(user)) await this.method.sendCode(user);
      return { ok: true };
    }
    await this.mailer.verify();
    const user = emailOrUsername.includes('@')
      ? await this.users.findByEmail(emailOrUsername)
      : await this.users.findByUsername(emailOrUsername);
    if (user && this.method.isEnabled(user)) {
      void this.method.sendCode(user).catch((error: unknown) => this.logger.warn(`2FA code for ${user._id} not sent: ${String(error)}`));
    }
    return { ok: true };
  }

  /** Every address must be verified; the caller's other clients are logged out (Rocket.Chat's words and rule). */
  async enable(actor: Actor, authToken: string | undefined): Promise<{ ok: true }> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    if (!user.emails?.length || user.emails.some((entry) => !entry.verified)) {
      throw new DomainError(ErrorCode.InvalidUser, 'You need to verify your emails before setting up 2FA');
    }
    await this.users.setEmail2fa(user._id, true);
    this.realtime.userDataChanged(user._id, { 'services.email2fa.enabled': true });
    if (authToken) await this.revocation.revoke(user._id, () => this.users.removeOtherLoginTokens(user._id, hashLoginToken(authToken)));
    return { ok: true };
  }

  async disable(actor: Actor): Promise<{ ok: true }> {
    await this.users.setEmail2fa(actor.userId, false);
    await this.users.removeEmailCode(actor.userId);
    this.realtime.userDataChanged(actor.userId, { 'services.email2fa.enabled': false });
    return { ok: true };
  }
}
