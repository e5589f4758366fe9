import { Injectable } from '@nestjs/common';
import {
  authorizationSetUserRoles,
  DomainError,
  ErrorCode,
  roomsRelinquishOwnerships,
  type IUser,
  type UpdateUserRequest,
  type UserView,
} from '@rc/contracts';
import { isDuplicateKeyError, UsersRepository } from '@rc/models';
import { InjectConfig, RpcClient } from '@rc/platform';
import type { AccountsConfig } from '../accounts.env.js';
import { Access, type Grants } from '../common/access.js';
import { RoleChangeNotifier } from '../common/role-change-notifier.js';
import { SessionRevocation } from '../common/session-revocation.js';
import { UserChangeNotifier } from '../common/user-change-notifier.js';
import { IdentityChanges } from './identity-changes.js';
import { AccountCustomFields } from './custom-fields.js';
import { UserAccounts } from './user-accounts.js';
import { changedFieldUnavailable, profileTextChanges } from './user-rules.js';
import { toFullView } from './user-views.js';

type UpdateData = UpdateUserRequest['data'];

const notAllowed = (reason: string, action = 'Update_user') => new DomainError(ErrorCode.ActionNotAllowed, reason, { action });

const PERMISSIONS = ['edit-other-user-info', 'edit-other-user-password', 'edit-other-user-active-status'];

/**
 * users.update (Rocket.Chat's saveUser for an existing user): oneself, or another user with
 * `edit-other-user-info`. Roles are the authorization service's to check and write (`authorization.setUserRoles`:
 * `assign-roles`, `admin` also `assign-admin-role`), asked after everything else is validated and before the
 * rest is written; a password needs `edit-other-user-password` (without it the password is ignored, as in
 * Rocket.Chat); `active` needs `edit-other-user-active-status`.
 */
@Injectable()
export class UserUpdateService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UserAccounts,
    private readonly access: Access,
    private readonly roleChanges: RoleChangeNotifier,
    private readonly identity: IdentityChanges,
    private readonly revocation: SessionRevocation,
    private readonly rpc: RpcClient,
    private readonly customFields: AccountCustomFields,
    private readonly changes: UserChangeNotifier,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  async update({ actor, userId, data, confirmRelinquish }: UpdateUserRequest): Promise<{ user: UserView }> {
    const myself = actor.userId === userId;
    const grants = await this.access.grants(actor.userId, PERMISSIONS);
    if (myself && data.verified === true) notAllowedThrow('Editing email verification is not allowed', 'Editing_user');
    if (!myself && !grants.has('edit-other-user-info')) notAllowedThrow('Editing user is not allowed', 'Editing_user');
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');

    const set: Record<string, unknown> = {};
    const unset: string[] = [];
    await this.identityChange(user, data, set);
    this.profileChange(data, set, unset);
    const passwordChanged = await this.passwordChange(data, grants, set);
    const deactivates = await this.activeChange(user, data, grants, set, unset);
    // Deactivating hands over the rooms the user alone owns (`confirmRelinquish`), as users.setActiveStatus does;
    // unconfirmed, this refuses (`user-last-owner`) before anything is written.
    if (deactivates && user.username && !confirmRelinquish) await this.relinquish(userId, false);
    const custom = this.customFields.updateFor(data.customFields);
    if (custom) Object.assign(set, custom.set);
    if (data.roles) await this.rpc.request(authorizationSetUserRoles, { actor, userId, roles: data.roles });

    let updated: IUser | null;
    try {
      updated = await this.users.updateProfile(userId, set, unset, custom?.addToSet);
    } catch (error) {
      throw isDuplicateKeyError(error) ? changedFieldUnavailable(set, data.email) : error;
    }
    if (!updated) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    // Deactivation ends everything, personal access tokens included; a new password ends the sessions. The
    // user did not ask for either when someone else did it: their clients are told (`force_logout`).
    const forceLogout = !myself;
    if (deactivates && user.username && confirmRelinquish) await this.relinquish(userId, true);
    if (deactivates)
      await this.revocation.revoke(userId, () => this.users.removeAllLoginTokens(userId), { everySession: true, forceLogout });
    else if (passwordChanged) await this.revocation.revoke(userId, () => this.users.removeOtherLoginTokens(userId), { forceLogout });
    if (set.active !== undefined) await this.roleChanges.accessChanged(userId);
    if (data.settings?.preferences) await this.changes.preferencesChanged(userId);
    await this.identity.propagate(user, updated);
    return { user: toFullView(updated) };
  }

  private async identityChange(user: IUser, data: UpdateData, set: Record<string, unknown>): Promise<void> {
    const identity = await this.accounts.identityUpdate(user, data);
    Object.assign(set, identity);
    // Only the verification flag of the address the user keeps.
    if (!identity.emails && data.verified !== undefined && user.emails?.length) set['emails.0.verified'] = data.verified;
  }

  private profileChange(data: UpdateData, set: Record<string, unknown>, unset: string[]): void {
    const text = profileTextChanges(data);
    Object.assign(set, text.set);
    unset.push(...text.unset);
    if (data.requirePasswordChange !== undefined) set.requirePasswordChange = data.requirePasswordChange;
    if (data.language !== undefined) set.language = data.language;
    if (data.settings?.preferences) set['settings.preferences'] = data.settings.preferences;
  }

  /** Returns whether the password changes (then the user's sessions end; personal access tokens stay). */
  private async passwordChange(data: UpdateData, grants: Grants, set: Record<string, unknown>): Promise<boolean> {
    if (!grants.has('edit-other-user-password')) return false;
    const password = data.setRandomPassword ? this.accounts.randomPassword() : data.password?.trim();
    if (!password) return false;
    if (!data.setRandomPassword) this.accounts.assertPasswordPolicy(password);
    set['services.password.bcrypt'] = await this.accounts.hashPassword(password);
    if (data.setRandomPassword) set.requirePasswordChange = true;
    return true;
  }

  /** Core's `rooms.relinquishOwnerships`: unconfirmed, a check that refuses while there are rooms to hand over. */
  private async relinquish(userId: string, confirm: boolean): Promise<void> {
    await this.rpc.request(roomsRelinquishOwnerships, { userId, confirm }, { timeoutMs: this.config.CORE_CALL_TIMEOUT_MS });
  }

  /** Returns whether the user is being deactivated (then every session of the user ends). */
  private async activeChange(
    user: IUser,
    data: UpdateData,
    grants: Grants,
    set: Record<string, unknown>,
    unset: string[],
  ): Promise<boolean> {
    if (data.active === undefined || data.active === user.active) return false;
    if (!grants.has('edit-other-user-active-status')) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    if (!data.active && user.roles?.includes('admin') && (await this.users.countWithRole('admin')) <= 1) {
      notAllowedThrow('Leaving the app without an active admin is not allowed', 'Remove_last_admin');
    }
    set.active = data.active;
    // Rocket.Chat's `setUserActive`: why an inactive user is inactive, kept until they are active again.
    if (data.active) unset.push('inactiveReason');
    else set.inactiveReason = 'deactivated';
    return !data.active;
  }
}

function notAllowedThrow(reason: string, action?: string): never {
  throw notAllowed(reason, action);
}
