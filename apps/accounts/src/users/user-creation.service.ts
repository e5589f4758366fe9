import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type CreateUserRequest, type UserView } from '@rc/contracts';
import { Access } from '../common/access.js';
import { AccountCustomFields } from './custom-fields.js';
import { UserAccounts } from './user-accounts.js';
import { assertValidUsername, normalizeEmail } from './user-rules.js';
import { toFullView } from './user-views.js';

const notAllowed = (reason: string, action: string) => new DomainError(ErrorCode.ActionNotAllowed, reason, { action });

/** users.create: an administrator (`create-user`) creates a user, with roles if allowed to give them. */
@Injectable()
export class UserCreationService {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly access: Access,
    private readonly customFields: AccountCustomFields,
  ) {}

  async create({ actor, data }: CreateUserRequest): Promise<{ user: UserView }> {
    const grants = await this.access.grants(actor.userId, ['create-user', 'assign-admin-role']);
    if (!grants.has('create-user')) throw notAllowed('Adding user is not allowed', 'Adding_user');
    const roles = data.roles?.length ? [...new Set(data.roles)] : ['user'];
    await this.accounts.assertRolesExist(roles);
    if (roles.includes('admin') && !grants.has('assign-admin-role')) throw notAllowed('Assigning admin is not allowed', 'Assign_admin');

    const name = data.name.trim();
    if (!name) throw new DomainError(ErrorCode.FieldRequired, 'The field Name is required', { field: 'Name' });
    assertValidUsername(data.username);
    await this.accounts.assertUsernameAvailable(data.username);
    const email = normalizeEmail(data.email);
    await this.accounts.assertEmailAvailable(email);
    const password = data.setRandomPassword ? this.accounts.randomPassword() : data.password;
    if (!data.setRandomPassword) this.accounts.assertPasswordPolicy(password);
    const customFields = this.customFields.updateFor(data.customFields);

    const user = await this.accounts.insert(
      {
        username: data.username,
        name,
        email,
        verified: data.verified ?? false,
        password,
        roles,
        active: data.active ?? true,
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
    return { user: toFullView(user) };
  }
}
