import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type RegisterUserRequest, type UserView } from '@rc/contracts';
import { LoginThrottle } from '../auth/login-throttle.js';
import { UserAccounts } from './user-accounts.js';
import { assertValidUsername, normalizeEmail } from './user-rules.js';
import { toFullView } from './user-views.js';

/** users.register: anyone may create an account (rate limited per address), with the default role. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly throttle: LoginThrottle,
  ) {}

  async register(request: RegisterUserRequest): Promise<{ user: UserView }> {
    await this.throttle.beforeRegistration(request.clientAddress);
    assertValidUsername(request.username);
    if (!(await this.accounts.usernameAvailable(request.username))) {
      throw new DomainError(ErrorCode.UsernameTaken, 'Username is already in use');
    }
    const email = normalizeEmail(request.email);
    await this.accounts.assertEmailAvailable(email);
    this.accounts.assertPasswordPolicy(request.pass);
    // customFields: Rocket.Chat keeps only the fields configured on the server (Accounts_CustomFields); none are.
    const user = await this.accounts.insert(
      {
        username: request.username,
        name: request.name?.trim() || undefined,
        email,
        verified: false,
        password: request.pass,
        roles: ['user'],
        active: true,
        reason: request.reason,
      },
      true,
    );
    return { user: toFullView(user) };
  }
}
