import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, invitesValidateToken, meteorErrorObject, type RegisterUserRequest, type UserView } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { RpcClient } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import { SetupWizardNotifier } from '../admin-seed/setup-wizard-notifier.js';
import { LoginThrottle, type RegistrationLimit } from '../auth/login-throttle.js';
import { AccountEmails } from '../email/account-emails.service.js';
import { AccountCustomFields } from './custom-fields.js';
import { UserAccounts } from './user-accounts.js';
import { normalizeEmail, validNameChars } from './user-rules.js';
import { toLimitedView } from './user-views.js';

/** Rocket.Chat's `API.v1.failure('<text>')`: the text alone. */
const failure = (text: string) => new DomainError(ErrorCode.PlainFailure, text);

/**
 * users.register / registerUser: anyone may create an account (rate limited per address by the settings), with the default role,
 * in Rocket.Chat 7's order: the route's own checks (name, username, custom fields), then the `registerUser`
 * method's (`Accounts_RegistrationForm`, the password policy, the e-mail and its domain). With
 * `Accounts_ManuallyApproveNewUsers` the account waits inactive (`inactiveReason: 'pending_approval'`) and keeps
 * the reason given.
 */
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
    private readonly rpc: RpcClient,
  ) {}

  async register(request: RegisterUserRequest): Promise<{ user: UserView }> {
    await this.throttle.beforeRegistration(this.registrationLimit(), request.clientAddress);
    if (request.name && !validNameChars(request.name)) throw failure('Name contains invalid characters');
    if (!this.accounts.usernamePattern().test(request.username)) throw failure('The username provided is not valid');
    if (!(await this.accounts.usernameAvailable(request.username))) throw failure('Username is already in use');
    // Only the fields Accounts_CustomFields configures are kept, checked before anything is written; a refusal is
    // answered as the route's `API.v1.failure(e)`: the Meteor.Error object itself.
    const customFields = this.registrationCustomFields(request.customFields);
    // The `registerUser` method's `check(formData, Match.ObjectIncluding({name: String, ...}))`.
    if (request.name === undefined) throw new DomainError(ErrorCode.MatchFailed, "Match error: Missing key 'name'");
    await this.assertRegistrationOpen(request.secret);
    this.accounts.assertPasswordPolicy(request.pass);
    const email = normalizeEmail(request.email);
    this.accounts.assertEmailDomainAllowed(email);
    // Rocket.Chat's user insert refuses a taken address with Meteor's numeric 403.
    if (await this.users.findByEmail(email)) throw new DomainError(ErrorCode.MeteorForbidden, 'Email already exists.');
    const awaitsApproval = this.settings.get<boolean>('Accounts_ManuallyApproveNewUsers') === true;
    // Rocket.Chat's first-user rule: while no administrator exists, whoever registers becomes one, with the
    // `admin` role alone (the setup wizard's administrator step; an administrator seeded at the first start
    // means this never applies there).
    const firstAdmin = !(await this.users.existsWithRole('admin'));
    const user = await this.accounts.insert(
      {
        username: request.username,
        name: request.name.trim() || undefined,
        email,
        verified: false,
        password: request.pass,
        roles: firstAdmin ? ['admin'] : ['user'],
        active: firstAdmin || !awaitsApproval,
        ...(!firstAdmin && awaitsApproval && { inactiveReason: 'pending_approval' as const }),
        // Kept only for the administrators who approve (Rocket.Chat's `setReason`).
        reason: awaitsApproval ? request.reason?.trim() : undefined,
        customFields,
      },
      true,
    );
    if (firstAdmin) await this.wizard.adminExists();
    // Rocket.Chat opts new users in to the e-mail second factor (used once their address is verified).
    if (this.settings.get<boolean>('Accounts_TwoFactorAuthentication_By_Email_Auto_Opt_In')) await this.users.setEmail2fa(user._id, true);
    // The welcome e-mail and the verification link, sent after the answer; their failure never fails this.
    this.emails.welcome(user);
    if (!user.active) this.emails.approvalNeeded(user);
    // Rocket.Chat answers the anonymous caller the user without the fields only privileged callers see.
    return { user: toLimitedView(user) };
  }

  /**
   * Rocket.Chat's `users.register` rate limiter: `Rate_Limiter_Limit_RegisterUser` registrations (1) per
   * `API_Enable_Rate_Limiter_Limit_Time_Default` ms (60000) from one address, while `API_Enable_Rate_Limiter` is on.
   */
  private registrationLimit(): RegistrationLimit {
    const enabled = this.settings.get<boolean>('API_Enable_Rate_Limiter') !== false;
    return {
      points: enabled ? (this.settings.get<number>('Rate_Limiter_Limit_RegisterUser') ?? 1) : 0,
      windowMs: this.settings.get<number>('API_Enable_Rate_Limiter_Limit_Time_Default') || 60_000,
    };
  }

  private registrationCustomFields(given: Record<string, unknown> | undefined) {
    try {
      return this.customFields.updateFor(given);
    } catch (error) {
      throw error instanceof DomainError && error.code === ErrorCode.CustomFieldInvalid ? meteorErrorObject(error) : error;
    }
  }

  /**
   * `Accounts_RegistrationForm`: `Disabled` refuses everyone; `Secret URL` wants `Accounts_RegistrationForm_SecretURL`
   * or a valid invite token as the secret.
   */
  private async assertRegistrationOpen(secret: string | undefined): Promise<void> {
    const form = this.settings.get<string>('Accounts_RegistrationForm');
    if (form === 'Disabled') {
      throw new DomainError(ErrorCode.RegistrationDisabled, 'User registration is disabled', { method: 'registerUser' });
    }
    if (form !== 'Secret URL') return;
    const expected = this.settings.get<string>('Accounts_RegistrationForm_SecretURL');
    if (secret && expected && secret === expected) return;
    if (secret && (await this.rpc.request(invitesValidateToken, { token: secret })).valid) return;
    throw new DomainError(ErrorCode.RegistrationSecret, 'User registration is only allowed via Secret URL', { method: 'registerUser' });
  }
}
