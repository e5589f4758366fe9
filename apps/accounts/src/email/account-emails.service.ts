import { Injectable, Logger } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type IUser,
  type LoginResult,
  type LoginToken,
  type ResetPasswordRequest,
} from '@rc/contracts';
import { Mailer, type RenderedEmail } from '@rc/mailer';
import { UsersRepository } from '@rc/models';
import { InjectConfig } from '@rc/platform';
import { defaultUserPreferences, SettingsCache } from '@rc/settings';
import type { AccountsConfig } from '../accounts.env.js';
import { assertPasswordPolicy, passwordPolicyFromSettings } from '../auth/password-policy.js';
import { hashPasswordDigest, passwordDigest } from '../auth/password.js';
import { hashLoginToken, newLoginToken } from '../auth/login-token.js';
import { toSelfUser } from '../auth/self-user.js';
import { SessionRevocation } from '../common/session-revocation.js';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

/** Meteor answers every unusable link with a 403 and these words; the gateway keeps them. */
const linkExpired = (reason: string) => new DomainError(ErrorCode.TokenExpired, reason);

interface PasswordReset {
  token: string;
  email: string;
  when: Date;
}

interface VerificationToken {
  token: string;
  address: string;
  when: Date;
}

const passwordResetOf = (user: IUser) => (user.services?.password as { reset?: PasswordReset } | undefined)?.reset;
const verificationTokensOf = (user: IUser) =>
  (user.services?.email as { verificationTokens?: VerificationToken[] } | undefined)?.verificationTokens ?? [];

/**
 * The account e-mails of Rocket.Chat (Meteor's accounts-password): the password-reset link, the address
 * verification link, and the welcome e-mail of a new registration. Links carry a random token (256 bits) of
 * which only the SHA-256 is stored, as login tokens are; each is spent by one use.
 *
 * When the mail server fails: an anonymous request (forgot password, the login page's "resend confirmation")
 * first checks the server answers — the same check, whatever the address, so neither the answer nor its
 * timing tells whether an account exists — then sends in the background, and a send that fails there removes
 * the token it stored. A logged-in user's request waits for the send and answers `error-email-send-failed`
 * with the token removed. Registration never fails for its e-mails (logged, as Rocket.Chat does).
 */
@Injectable()
export class AccountEmails {
  private readonly logger = new Logger(AccountEmails.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly mailer: Mailer,
    private readonly settings: SettingsCache,
    private readonly revocation: SessionRevocation,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  /** users.forgotPassword / sendForgotPasswordEmail. */
  async forgotPassword(email: string): Promise<{ ok: true }> {
    await this.mailer.verify();
    const address = email.trim().toLowerCase();
    const user = await this.users.findByEmail(address);
    // No account, a deactivated one, or one without a password (Rocket.Chat's OAuth users): nothing is sent.
    if (!user || !user.active || !user.services?.password?.bcrypt) return { ok: true };
    // After the answer: a known address costs the caller no more time than an unknown one.
    setImmediate(() => void this.mailPasswordReset(user, address));
    return { ok: true };
  }

  private async mailPasswordReset(user: IUser, address: string): Promise<void> {
    try {
      const token = newLoginToken();
      const hashed = hashLoginToken(token);
      await this.users.setPasswordReset(user._id, { token: hashed, email: address, when: new Date(), reason: 'reset' });
      const mail = this.mailer.render('Forgot_Password_Email_Subject', 'Forgot_Password_Email', {
        name: user.name ?? user.username,
        Forgot_Password_Url: this.mailer.siteLink(`reset-password/${token}`),
      });
      this.inBackground('forgot-password', address, mail, () => this.users.removePasswordReset(user._id, hashed));
    } catch (error) {
      this.logger.error(`password reset for ${user._id} not started: ${String(error)}`);
    }
  }

  /** Meteor's resetPassword: checks the link, then one conditional update does everything (or nothing). */
  async resetPassword(request: ResetPasswordRequest): Promise<LoginResult> {
    const hashed = hashLoginToken(request.token);
    const user = await this.users.findByPasswordResetToken(hashed);
    const reset = user ? passwordResetOf(user) : undefined;
    if (!user || !reset) throw linkExpired('Token expired');
    if (new Date(reset.when).getTime() + this.config.PASSWORD_RESET_EXPIRATION_HOURS * HOUR_MS < Date.now()) {
      await this.users.removePasswordReset(user._id, hashed);
      throw linkExpired('Token expired');
    }
    if (!user.emails?.some((entry) => entry.address === reset.email)) throw linkExpired('Token has invalid email address');
    if (!user.active) throw new DomainError(ErrorCode.UserNotActivated, 'User is not activated');
    // A password typed in plain text meets the policy; a digest (what Meteor clients send) cannot be checked here.
    if ('plain' in request.password) assertPasswordPolicy(request.password.plain, passwordPolicyFromSettings(this.settings));
    const digest = 'plain' in request.password ? passwordDigest(request.password.plain) : request.password.digest;
    const bcrypt = await hashPasswordDigest(digest, this.config.BCRYPT_ROUNDS);

    const now = new Date();
    const token = newLoginToken();
    const loginToken: LoginToken = { when: now, hashedToken: hashLoginToken(token) };
    const emails = user.emails.map((entry) => (entry.address === reset.email ? { ...entry, verified: true } : entry));
    // Every other session ends, on every gateway (a stolen session must not outlive the reset).
    const updated = await this.revocation.revoke(user._id, () =>
      this.users.completePasswordReset(user._id, hashed, { bcrypt, emails, loginToken }),
    );
    if (!updated) throw linkExpired('Token expired');
    return this.loggedIn(updated, token, now);
  }

  /** users.sendConfirmationEmail (one's own address) and the login page's anonymous sendConfirmationEmail. */
  async sendConfirmation(actor: Actor | undefined, email: string): Promise<{ ok: true }> {
    const address = email.trim().toLowerCase();
    if (actor) {
      const user = await this.users.findById(actor.userId);
      const entry = user?.emails?.find((candidate) => candidate.address === address);
      if (!user || !entry) throw new DomainError(ErrorCode.InvalidEmail, 'Invalid email', { method: 'sendConfirmationEmail' });
      if (entry.verified)
        throw new DomainError(ErrorCode.EmailAlreadyVerified, 'Email already verified', { method: 'sendConfirmationEmail' });
      const { mail, remove } = await this.prepareVerification(user, address);
      await this.mailer.send({ to: address, kind: 'verification', ...mail }).catch(async (error: unknown) => {
        await remove();
        throw error;
      });
      return { ok: true };
    }
    await this.mailer.verify();
    const user = await this.users.findByEmail(address);
    const entry = user?.emails?.find((candidate) => candidate.address === address);
    if (user && entry && !entry.verified) {
      setImmediate(
        () =>
          void this.prepareVerification(user, address).then(
            ({ mail, remove }) => this.inBackground('verification', address, mail, remove),
            (error: unknown) => this.logger.error(`no verification e-mail for ${user._id}: ${String(error)}`),
          ),
      );
    }
    return { ok: true };
  }

  /** Meteor's verifyEmail: the address verified, the token spent, the user logged in. */
  async verifyEmail(tokenInLink: string): Promise<LoginResult> {
    const hashed = hashLoginToken(tokenInLink);
    const user = await this.users.findByVerificationToken(hashed);
    const entry = user ? verificationTokensOf(user).find((candidate) => candidate.token === hashed) : undefined;
    if (!user || !entry) throw linkExpired('Verify email link expired');
    if (!user.emails?.some((candidate) => candidate.address === entry.address))
      throw linkExpired('Verify email link is for unknown address');
    if (!user.active) throw new DomainError(ErrorCode.UserNotActivated, 'User is not activated');
    const now = new Date();
    const token = newLoginToken();
    const emails = user.emails.map((candidate) => (candidate.address === entry.address ? { ...candidate, verified: true } : candidate));
    const updated = await this.users.completeEmailVerification(user._id, hashed, {
      address: entry.address,
      emails,
      loginToken: { when: now, hashedToken: hashLoginToken(token) },
    });
    if (!updated) throw linkExpired('Verify email link expired');
    return this.loggedIn(updated, token, now);
  }

  /**
   * After a registration, as Rocket.Chat: the welcome e-mail (`Accounts_Enrollment_Email`, when set) and the
   * verification link, both in the background; without a mail server, none (one log line).
   */
  welcome(user: IUser): void {
    const address = user.emails?.[0]?.address;
    if (!address) return;
    if (!this.mailer.isConfigured()) {
      this.logger.log(`no welcome or verification e-mail for ${user._id}: SMTP is not configured`);
      return;
    }
    if (this.settings.get<string>('Accounts_Enrollment_Email')?.trim()) {
      const mail = this.mailer.render('Accounts_Enrollment_Email_Subject', 'Accounts_Enrollment_Email', {
        name: user.name ?? user.username,
        email: address,
      });
      this.inBackground('welcome', address, mail, () => Promise.resolve());
    }
    if (!user.emails?.[0]?.verified) {
      void this.prepareVerification(user, address).then(
        ({ mail, remove }) => this.inBackground('verification', address, mail, remove),
        (error: unknown) => this.logger.warn(`no verification e-mail for ${user._id}: ${String(error)}`),
      );
    }
  }

  /**
   * users.create's e-mails, as Rocket.Chat's `saveNewUser`: with `sendWelcomeEmail` the welcome
   * (`Accounts_UserAddedEmail_*`), with `setRandomPassword` the password (`Password_Changed_Email_*`), both with the
   * name, address and password. Sent before the answer: a failed send is `error-email-send-failed` (the user stays
   * created, as in Rocket.Chat); without a mail server, none (one log line).
   */
  async userAdded(user: { name?: string; email: string; password: string }, send: { welcome: boolean; password: boolean }): Promise<void> {
    if (!send.welcome && !send.password) return;
    if (!this.mailer.isConfigured()) {
      this.logger.log(`no e-mail to the new user ${user.email}: SMTP is not configured`);
      return;
    }
    const data = { email: user.email, password: user.password, ...(user.name !== undefined && { name: user.name }) };
    if (send.welcome) {
      const mail = this.mailer.render('Accounts_UserAddedEmail_Subject', 'Accounts_UserAddedEmail_Email', data);
      await this.mailer.send({ to: user.email, kind: 'user-added', ...mail });
    }
    if (send.password) {
      const mail = this.mailer.render('Password_Changed_Email_Subject', 'Password_Changed_Email', data);
      await this.mailer.send({ to: user.email, kind: 'password', ...mail });
    }
  }

  /**
   * A registration waiting for approval (`Accounts_ManuallyApproveNewUsers`): every administrator's address is told,
   * in the background, as Rocket.Chat's `userToActivate` e-mail (with the reason given, when there is one).
   */
  approvalNeeded(user: IUser): void {
    const email = user.emails?.[0]?.address ?? '';
    if (!this.mailer.isConfigured()) return;
    const body = user.reason
      ? '{Accounts_Admin_Email_Approval_Needed_With_Reason_Default}'
      : '{Accounts_Admin_Email_Approval_Needed_Default}';
    const mail = this.mailer.renderTemplates('[[Site_Name]] {Accounts_Admin_Email_Approval_Needed_Subject_Default}', body, {
      name: user.name ?? '',
      email,
      reason: user.reason ?? '',
    });
    void this.users.findEmailsOfRole('admin').then(
      (addresses) => addresses.forEach((to) => this.inBackground('approval-needed', to, mail, () => Promise.resolve())),
      (error: unknown) => this.logger.warn(`no approval e-mail for ${user._id}: ${String(error)}`),
    );
  }

  /**
   * Rocket.Chat's `userActivated` e-mail, sent by `setUserActiveStatus` to each address of the user while
   * `Accounts_Send_Email_When_Activating` / `_Deactivating` is on. Its subject is rendered without the username, so an
   * activation is always "Account approved"; the body says "activated" to a user with a username, "approved" else.
   */
  activeStatusChanged(user: IUser, active: boolean): void {
    const setting = active ? 'Accounts_Send_Email_When_Activating' : 'Accounts_Send_Email_When_Deactivating';
    if (!this.settings.get<boolean>(setting) || !this.mailer.isConfigured()) return;
    const subject = active ? 'Approved' : 'Deactivated';
    const body = !active ? 'Deactivated' : user.username ? 'Activated' : 'Approved';
    const mail = this.mailer.renderTemplates(`[[Site_Name]] {Accounts_Email_${subject}_Subject}`, `{Accounts_Email_${body}}`, {
      name: user.name ?? '',
    });
    for (const { address } of user.emails ?? []) this.inBackground('active-status', address, mail, () => Promise.resolve());
  }

  /** Stores a verification token for the address and renders its e-mail; `remove` takes the token back. */
  private async prepareVerification(user: IUser, address: string): Promise<{ mail: RenderedEmail; remove: () => Promise<void> }> {
    const token = newLoginToken();
    const hashed = hashLoginToken(token);
    await this.users.addVerificationToken(user._id, { token: hashed, address, when: new Date() });
    const mail = this.mailer.render('Verification_Email_Subject', 'Verification_Email', {
      name: user.name ?? user.username,
      Verification_Url: this.mailer.siteLink(`verify-email/${token}`),
    });
    return { mail, remove: () => this.users.removeVerificationToken(user._id, hashed) };
  }

  /** Sends after the answer; a failed send undoes what was stored for it (`undo`) and is logged by the mailer. */
  private inBackground(kind: string, to: string, mail: RenderedEmail, undo: () => Promise<void>): void {
    void this.mailer
      .send({ to, kind, ...mail })
      .catch(() => undo().catch((error: unknown) => this.logger.error(`${kind}: could not undo after a failed send: ${String(error)}`)));
  }

  private loggedIn(user: IUser, token: string, now: Date): LoginResult {
    return {
      userId: user._id,
      token,
      tokenExpires: new Date(now.getTime() + this.config.LOGIN_EXPIRATION_DAYS * DAY_MS),
      type: 'password',
      user: toSelfUser({ ...user, lastLogin: now }, defaultUserPreferences(this.settings)),
    };
  }
}
