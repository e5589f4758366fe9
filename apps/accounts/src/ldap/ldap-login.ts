import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode, type LoginRequest, type LoginResult } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { InjectConfig } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import type { AccountsConfig } from '../accounts.env.js';
import { LoginStrategies } from '../auth/login-strategies.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { LoginService, throttleKey } from '../auth/login.service.js';
import { hashPasswordDigest, passwordDigest } from '../auth/password.js';
import { LdapDirectory, type LdapAuthentication } from './ldap-directory.js';
import { readLdapSettings } from './ldap-settings.js';
import { LdapUsers } from './ldap-users.service.js';

type LdapLoginRequest = Extract<LoginRequest, { kind: 'ldap' }>;

const loginFailed = () => new DomainError(ErrorCode.LoginFailed, 'Incorrect username or password');

/**
 * Rocket.Chat's LDAP login handler (`{ldap: true, username, ldapPass}` over REST and DDP), registered with the
 * auth module's LoginStrategies:
 * - LDAP_Enable off: the request is an ordinary password login, as in Rocket.Chat;
 * - the name is looked up with the user filter (escaped), the password checked by a bind as the entry, the group
 *   restriction applied; then the user is created (first login) or updated, roles and channels synced;
 * - a wrong password or an unknown name is Rocket.Chat's failed login, counted by the lock-out;
 * - with LDAP_Login_Fallback on, any failure (the directory down included) falls back to the local password,
 *   which a successful LDAP login stores then, as Rocket.Chat does; off, a directory that cannot be reached is
 *   `LDAP-login-error` "LDAP server unavailable" (local accounts still log in with a plain password login).
 */
@Injectable()
export class LdapLogin implements OnModuleInit {
  private readonly logger = new Logger('LDAP');

  constructor(
    private readonly strategies: LoginStrategies,
    private readonly logins: LoginService,
    private readonly throttle: LoginThrottle,
    private readonly settingsCache: SettingsCache,
    private readonly directory: LdapDirectory,
    private readonly ldapUsers: LdapUsers,
    private readonly users: UsersRepository,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  onModuleInit(): void {
    this.strategies.register('ldap', (request) => this.login(request));
  }

  async login(request: LdapLoginRequest): Promise<LoginResult> {
    const settings = readLdapSettings(this.settingsCache);
    if (!settings.enabled) return this.localLogin(request);

    const identity = throttleKey({ username: request.username });
    await this.throttle.beforeAttempt(identity, request.clientAddress);
    let outcome: LdapAuthentication;
    try {
      outcome = await this.directory.authenticate(settings, request.username, request.ldapPass, async (ldap, entry) => {
        const data = this.ldapUsers.map(entry, settings, request.username);
        const { user, created } = await this.ldapUsers.upsert(data, settings, settings.updateDataOnLogin);
        await this.ldapUsers.syncRoles(ldap, user, entry.dn, settings);
        await this.ldapUsers.syncChannels(ldap, user, entry.dn, settings);
        if (created) this.logger.log(`first LDAP login of ${user.username}`);
        return user._id;
      });
    } catch (error) {
      if (error instanceof DomainError) throw error;
      this.logger.warn(`LDAP login of ${JSON.stringify(request.username)}: ${error instanceof Error ? error.message : String(error)}`);
      if (settings.loginFallback) return this.localLogin(request);
      throw new DomainError(ErrorCode.LdapLoginError, 'LDAP server unavailable');
    }

    if (outcome.kind !== 'authenticated') {
      this.logger.debug?.(`LDAP login of ${JSON.stringify(request.username)} refused: ${outcome.kind}`);
      if (settings.loginFallback) return this.localLogin(request);
      await this.throttle.failed(identity, request.clientAddress);
      throw loginFailed();
    }
    await this.throttle.succeeded(identity);
    if (settings.loginFallback) {
      // Rocket.Chat keeps the LDAP password as the local one, for the fallback when the directory is down.
      await this.users.setPasswordHash(
        outcome.result,
        await hashPasswordDigest(passwordDigest(request.ldapPass), this.config.BCRYPT_ROUNDS),
      );
    }
    const user = await this.users.findById(outcome.result);
    if (!user) throw loginFailed();
    return this.logins.issueLogin(user, 'ldap');
  }

  /** Rocket.Chat's fallbackToDefaultLogin: the name as username, or as e-mail when it holds "@". */
  private localLogin(request: LdapLoginRequest): Promise<LoginResult> {
    const user = request.username.includes('@') ? { email: request.username } : { username: request.username };
    return this.logins.loginWithPassword({
      kind: 'password',
      user,
      password: { plain: request.ldapPass },
      clientAddress: request.clientAddress,
    });
  }
}
