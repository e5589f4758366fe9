import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type RegisterUserRequest, type UserView } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { SetupWizardNotifier } from '../admin-seed/setup-wizard-notifier.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { AccountEmails } from '../email/account-emails.service.js';
import { AccountCustomFields } from './custom-fields.js';
import { UserAccounts } from './user-accounts.js';
import { assertValidUsername, normalizeEmail } from './user-rules.js';
import { toFullView } from './user-views.js';

/** users.register / registerUser: anyone may create an account (rate limited per address), with the default role. */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly accounts: UserAccounts,
    private readonly throttle: LoginThrottle,
    private readonly users: UsersRepository,
    private readonly wizard: SetupWizardNotifier,
    private readonly emails: AccountEmails,
    private readonly settings: SettingsCache,
    private readonly customFields: AccountCustomFields,
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
    // Only the fields Accounts_CustomFields configures are kept, checked before anything is written.
    const customFields = this.customFields.updateFor(request.customFields);
    // Rocket.Chat's first-user rule: while no administrator exists, whoever registers becomes one, with the
    // `admin` role alone (the setup wizard's administrator step; an administrator seeded at the first start
    // means this never applies there).
    const firstAdmin = !(await this.users.existsWithRole('admin'));
    const user = await this.accounts.insert(
      {
        username: request.username,
        name: request.name?.trim() || undefined,
        email,
        verified: false,
        password: request.pass,
        roles: firstAdmin ? ['admin'] : ['user'],
        active: true,
        reason: request.reason,
        customFields,
      },
      true,
    );
    if (firstAdmin) await this.wizard.adminExists();
    // Rocket.Chat opts new users in to the e-mail second factor (used once their address is verified).
    if (this.settings.get<boolean>('Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In')) await this.users.setEmail2fa(user._id, true);
    // The welcome e-mail and the verification link, sent after the answer; their failure never fails this.
    this.emails.welcome(user);
    return { user: toFullView(user) };
  }
}
