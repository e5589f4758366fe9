import { Injectable } from '@nestjs/common';
import { AccountEmails } from '../email/account-emails.service.js';
import { DomainError, ErrorCode, roomsRelinquishOwnerships, type Actor, type PasswordPolicyView } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { InjectConfig, RpcClient } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import type { AccountsConfig } from '../accounts.env.js';
import { passwordPolicyFromSettings, type PasswordPolicyOptions } from '../auth/password-policy.js';
import { hashLoginToken } from '../auth/login-token.js';
import { Access } from '../common/access.js';
import { RoleChangeNotifier } from '../common/role-change-notifier.js';
import { SessionRevocation } from '../common/session-revocation.js';

const unauthorized = () => new DomainError(ErrorCode.Unauthorized, 'unauthorized');

/**
 * Rocket.Chat's smaller user-administration routes: `users.setActiveStatus` / `setUserActiveStatus`,
 * `users.logout`, and the password policy as clients show it (`pw.getPolicy`, `pw.getPolicyReset`).
 */
@Injectable()
export class UserAdminService {
  constructor(
    private readonly users: UsersRepository,
    private readonly access: Access,
    private readonly roleChanges: RoleChangeNotifier,
    private readonly revocation: SessionRevocation,
    private readonly rpc: RpcClient,
    @InjectConfig() private readonly config: AccountsConfig,
    private readonly settings: SettingsCache,
    private readonly emails: AccountEmails,
  ) {}

  /**
   * Rocket.Chat's `setUserActiveStatus`. An unknown user changes nothing: the method answers as if done, the route
   * says `User not found`. Deactivating never leaves the server without an active admin, and first hands over the
   * rooms the user alone owns (`confirmRelinquish`; without it, `user-last-owner` and nothing changes).
   */
  async setActiveStatus(
    actor: Actor,
    request: { userId: string; active: boolean; confirmRelinquish?: boolean; face: 'rest' | 'ddp' },
  ): Promise<{ user?: { _id: string; active: boolean } }> {
    if (!(await this.access.has(actor.userId, 'edit-other-user-active-status'))) {
      throw request.face === 'rest'
        ? unauthorized()
        : new DomainError(ErrorCode.NotAllowed, 'Not allowed', { method: 'setUserActiveStatus' });
    }
    const user = await this.users.findById(request.userId);
    if (!user) {
      if (request.face === 'rest') throw new DomainError(ErrorCode.PlainFailure, 'User not found');
      return {};
    }
    if (!request.active && user.username) {
      if (user.active !== false && user.roles?.includes('admin') && (await this.users.countWithRole('admin')) <= 1) {
        throw new DomainError(ErrorCode.ActionNotAllowed, 'Leaving the app without an active admin is not allowed', {
          method: 'setUserActiveStatus',
          action: 'Remove_last_admin',
        });
      }
      await this.rpc.request(
        roomsRelinquishOwnerships,
        { userId: user._id, confirm: request.confirmRelinquish ?? false },
        { timeoutMs: this.config.CORE_CALL_TIMEOUT_MS },
      );
    }
    if (user.active !== request.active) {
      await this.users.setActive(user._id, request.active);
      if (!request.active) {
        // A deactivated user keeps no session, personal access tokens included; their clients are told.
        await this.revocation.revoke(user._id, () => this.users.removeAllLoginTokens(user._id), { everySession: true, forceLogout: true });
      }
      await this.roleChanges.accessChanged(user._id);
    }
    // Rocket.Chat mails the user whether or not the status changed.
    this.emails.activeStatusChanged(user, request.active);
    return { user: { _id: user._id, active: request.active } };
  }

  /** Deactivates the role's users idle for `daysIdle` days; each loses its sessions, as a deactivation does. */
  async deactivateIdle(actor: Actor, daysIdle: number, role: string): Promise<{ count: number }> {
    if (!(await this.access.has(actor.userId, 'edit-other-user-active-status'))) throw unauthorized();
    const lastLoginBefore = new Date(Date.now() - daysIdle * 86_400_000);
    const ids = await this.users.findIdleIds(role, lastLoginBefore);
    for (const id of ids) {
      await this.users.setActive(id, false, 'idle_too_long');
      await this.revocation.revoke(id, () => this.users.removeAllLoginTokens(id), { everySession: true, forceLogout: true });
      await this.roleChanges.accessChanged(id);
    }
    return { count: ids.length };
  }

  /** Every login token of the user goes (Rocket.Chat's `unsetLoginTokens`); another user's needs `logout-other-user`. */
  async logoutUser(actor: Actor, userId: string): Promise<{ message: string }> {
    if (userId !== actor.userId && !(await this.access.has(actor.userId, 'logout-other-user'))) throw unauthorized();
    if (!(await this.users.findById(userId))) throw new DomainError(ErrorCode.InvalidUserId, 'Invalid user id');
    await this.revocation.revoke(userId, () => this.users.removeAllLoginTokens(userId), { everySession: true, forceLogout: true });
    return { message: `User ${userId} has been logged out!` };
  }

  /** With a reset token, only for a user who holds it (otherwise `unauthorized`, as Rocket.Chat). */
  async passwordPolicy(resetToken?: string): Promise<PasswordPolicyView> {
    if (resetToken !== undefined && !(await this.users.findByPasswordResetToken(hashLoginToken(resetToken)))) throw unauthorized();
    return passwordPolicyView(passwordPolicyFromSettings(this.settings));
  }
}

/**
 * Rocket.Chat's `PasswordPolicy.getPasswordPolicy()`: nothing while the policy is off; otherwise each rule in
 * force as `[i18n key, parameters?]` (the repeating-characters count always, as its default is set).
 */
export function passwordPolicyView(options: PasswordPolicyOptions): PasswordPolicyView {
  if (!options.enabled) return { enabled: false, policy: [] };
  const policy: PasswordPolicyView['policy'] = [];
  if (options.minLength >= 1) policy.push(['get-password-policy-minLength', { minLength: options.minLength }]);
  if (options.maxLength >= 1) policy.push(['get-password-policy-maxLength', { maxLength: options.maxLength }]);
  if (options.forbidRepeatingCharacters) policy.push(['get-password-policy-forbidRepeatingCharacters']);
  if (options.forbidRepeatingCharactersCount) {
    const { forbidRepeatingCharactersCount } = options;
    policy.push(['get-password-policy-forbidRepeatingCharactersCount', { forbidRepeatingCharactersCount }]);
  }
  if (options.atLeastOneLowercase) policy.push(['get-password-policy-mustContainAtLeastOneLowercase']);
  if (options.atLeastOneUppercase) policy.push(['get-password-policy-mustContainAtLeastOneUppercase']);
  if (options.atLeastOneNumber) policy.push(['get-password-policy-mustContainAtLeastOneNumber']);
  if (options.atLeastOneSpecialCharacter) policy.push(['get-password-policy-mustContainAtLeastOneSpecialCharacter']);
  return { enabled: true, policy };
}
