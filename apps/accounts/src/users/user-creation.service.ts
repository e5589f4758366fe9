import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type CreateUserRequest, type UserView } from '@rc/contracts';
import { SettingsCache } from '@rc/settings';
import { Access } from '../common/access.js';
import { AccountEmails } from '../email/account-emails.service.js';
import { AccountCustomFields } from './custom-fields.js';
import { UserAccounts } from './user-accounts.js';
import { assertValidUsername, normalizeEmail, validNameChars } from './user-rules.js';
import { toFullView } from './user-views.js';

const notAllowed = (reason: string, action: string) => new DomainError(ErrorCode.ActionNotAllowed, reason, { action });
const required = (field: string) => new DomainError(ErrorCode.FieldRequired, `The field ${field} is required`, { field });

/**
 * users.create: an administrator (`create-user`) creates a user, with roles if allowed to give them; checked in
 * Rocket.Chat 7's order (the route's name and custom fields, then saveUser's `validateUserData`, then the address).
 */
@Injectable()
export class UserCreationService {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly access: Access,
    private readonly customFields: AccountCustomFields,
    private readonly settings: SettingsCache,
    private readonly emails: AccountEmails,
  ) {}

  async create({ actor, data }: CreateUserRequest): Promise<{ user: UserView }> {
    // The route's own checks come first, before the permission (Rocket.Chat's users.create).
    if (data.name && !validNameChars(data.name)) throw new DomainError(ErrorCode.PlainFailure, 'Name contains invalid characters');
    const customFields = this.customFields.updateFor(data.customFields);
    // Then saveUser's `validateUserData`, in its order.
    const grants = await this.access.grants(actor.userId, ['create-user', 'assign-admin-role']);
    if (!grants.has('create-user')) throw notAllowed('Adding user is not allowed', 'Adding_user');
    const roles = data.roles?.length ? [...new Set(data.roles)] : ['user'];
    await this.accounts.assertRolesExist(roles);
    if (roles.includes('admin') && !grants.has('assign-admin-role')) throw notAllowed('Assigning admin is not allowed', 'Assign_admin');
    const name = data.name.trim();
    if (!name && this.settings.get<boolean>('Accounts_RequireNameForSignUp') !== false) throw required('Name');
    if (!data.username.trim()) throw required('Username');
    assertValidUsername(data.username, this.accounts.usernamePattern());
    if (!data.password && !data.setRandomPassword) throw required('Password');
    await this.accounts.assertUsernameAvailable(data.username);
    await this.accounts.assertEmailAvailable(data.email.trim().toLowerCase());
    // saveNewUser's `validateEmailDomain`: the address's form, then its domain.
    const email = normalizeEmail(data.email);
    this.accounts.assertEmailDomainAllowed(email);
    const password = data.setRandomPassword ? this.accounts.randomPassword() : data.password;
    if (!data.setRandomPassword) this.accounts.assertPasswordPolicy(password);

    const user = await this.accounts.insert(
      {
        username: data.username,
        name,
        email,
        verified: data.verified ?? false,
        password,
        roles,
        active: data.active ?? true,
        // Rocket.Chat creates, then deactivates (`setUserActiveStatus`): the reason is a deactivation.
        ...(data.active === false && { inactiveReason: 'deactivated' as const }),
        bio: data.bio,
        nickname: data.nickname,
        statusText: data.statusText,
        requirePasswordChange: data.setRandomPassword ? true : data.requirePasswordChange,
        language: data.language,
        customFields,
        ...(data.settings?.preferences && { settings: { preferences: data.settings.preferences } }),
      },
      data.joinDefaultChannels ?? true,
    );
    await this.emails.userAdded(
      { name, email, password },
      { welcome: data.sendWelcomeEmail === true, password: data.setRandomPassword === true },
    );
    return { user: toFullView(user) };
  }
}
