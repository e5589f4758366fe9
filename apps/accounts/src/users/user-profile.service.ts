import { Injectable } from '@nestjs/common';
import {
  type accountsSetUtcOffset,
  DomainError,
  ErrorCode,
  type accountsSetUsername,
  type RpcParsedRequest,
  type UpdateOwnBasicInfoRequest,
  type UserView,
} from '@rc/contracts';
import { isDuplicateKeyError, UsersRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { hashLoginToken } from '../auth/login-token.js';
import { SessionRevocation } from '../common/session-revocation.js';
import { IdentityChanges } from './identity-changes.js';
import { AccountCustomFields } from './custom-fields.js';
import { UserAccounts } from './user-accounts.js';
import { changedFieldUnavailable, profileTextChanges } from './user-rules.js';
import { toFullView } from './user-views.js';

/**
 * users.updateOwnBasicInfo (Rocket.Chat's saveUserProfile). A new e-mail or password is re-authenticated by the
 * gateway before the request gets here (the contract's `twoFactor`, answered by accounts.checkSecondFactor). A
 * new password ends the other sessions.
 */
@Injectable()
export class UserProfileService {
  constructor(
    private readonly users: UsersRepository,
    private readonly accounts: UserAccounts,
    private readonly identity: IdentityChanges,
    private readonly revocation: SessionRevocation,
    private readonly settings: SettingsCache,
    private readonly customFields: AccountCustomFields,
  ) {}

  async updateOwnBasicInfo({ actor, data, customFields, authToken }: UpdateOwnBasicInfoRequest): Promise<{ user: UserView }> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');

    const { set, unset } = profileTextChanges(data);
    Object.assign(set, await this.accounts.identityUpdate(user, { username: data.username, email: data.email }));
    // Rocket.Chat's saveUserProfile leaves the password as it is, without an error, while changes are off.
    const newPassword = this.settings.get<boolean>('Accounts_AllowPasswordChange') ? data.newPassword : undefined;
    if (newPassword !== undefined) {
      this.accounts.assertPasswordPolicy(newPassword);
      set['services.password.bcrypt'] = await this.accounts.hashPassword(newPassword);
      unset.push('requirePasswordChange');
    }
    const custom = this.customFields.updateFor(customFields);
    if (custom) Object.assign(set, custom.set);

    let updated;
    try {
      updated = await this.users.updateProfile(user._id, set, unset, custom?.addToSet);
    } catch (error) {
      throw isDuplicateKeyError(error) ? changedFieldUnavailable(set, data.email) : error;
    }
    if (!updated) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    if (newPassword !== undefined) {
      const keep = authToken ? hashLoginToken(authToken) : undefined;
      await this.revocation.revoke(user._id, () => this.users.removeOtherLoginTokens(user._id, keep));
    }
    await this.identity.propagate(user, updated);
    return { user: toFullView(updated) };
  }

  /** `userSetUtcOffset`: one's own UTC offset; nobody to set it for when anonymous (Rocket.Chat answers nothing). */
  async setUtcOffset({ actor, utcOffset }: RpcParsedRequest<typeof accountsSetUtcOffset>): Promise<{ ok: true }> {
    if (actor) await this.users.setUtcOffset(actor.userId, utcOffset);
    return { ok: true };
  }

  /** `setUsername`: one's own username, without the password `updateOwnBasicInfo` asks for (Rocket.Chat's method). */
  async setUsername({ actor, username }: RpcParsedRequest<typeof accountsSetUsername>): Promise<{ username: string }> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    if (user.username === username) return { username };
    const set = await this.accounts.identityUpdate(user, { username });
    let updated;
    try {
      updated = await this.users.updateProfile(user._id, set, []);
    } catch (error) {
      throw isDuplicateKeyError(error) ? changedFieldUnavailable(set, undefined) : error;
    }
    if (!updated) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    await this.identity.propagate(user, updated);
    return { username };
  }
}
