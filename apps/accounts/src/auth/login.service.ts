import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DomainError, ErrorCode, meteorErrorObject, type IUser, type LoginRequest, type LoginResult, type SelfUser } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { InjectConfig } from '@rc/platform';
import type { AccountsConfig } from '../accounts.env.js';
import { SessionRevocation } from '../common/session-revocation.js';
import { LoginChecks } from './login-checks.js';
import { LoginStrategies } from './login-strategies.js';
import { LoginThrottle } from './login-throttle.js';
import { OAuthLoginStrategy } from './oauth-login.strategy.js';
import { hashLoginToken, newLoginToken } from './login-token.js';
import { hashPasswordDigest, passwordDigest, verifyPasswordDigest } from './password.js';
import { toSelfUser } from './self-user.js';
import { defaultUserPreferences, SettingsCache } from '@rc/settings';

const DAY_MS = 86_400_000;

/** Rocket.Chat's answer to any failed login: it never tells which of user or password was wrong. */
const loginFailed = () => new DomainError(ErrorCode.LoginFailed, 'Incorrect username or password');
const notActivated = () => new DomainError(ErrorCode.UserNotActivated, 'User is not activated');

export type PasswordLogin = Extract<LoginRequest, { kind: 'password' }>;

@Injectable()
export class LoginService implements OnModuleInit {
  /** Compared against when the user does not exist, so that a wrong name costs as long as a wrong password. */
  private decoyHash = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly throttle: LoginThrottle,
    private readonly revocation: SessionRevocation,
    private readonly oauth: OAuthLoginStrategy,
    @InjectConfig() private readonly config: AccountsConfig,
    private readonly checks: LoginChecks,
    private readonly strategies: LoginStrategies,
    private readonly settings: SettingsCache,
  ) {}

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hashPasswordDigest(passwordDigest(newLoginToken()), this.config.BCRYPT_ROUNDS);
  }

  private get tokenLifetimeMs(): number {
    return this.config.LOGIN_EXPIRATION_DAYS * DAY_MS;
  }

  async login(request: LoginRequest): Promise<LoginResult> {
    if (request.kind === 'oauth') return this.withOAuth(request);
    const strategy = this.strategies.find(request.kind);
    if (strategy) return strategy(request);
    if (request.kind === 'resume') return this.resume(request.token);
    if (request.kind === 'password') return this.withPassword(request);
    throw new DomainError(ErrorCode.InvalidParams, 'Invalid login parameters');
  }

  /** A password login (also the local fallback of other login methods). */
  loginWithPassword(request: PasswordLogin): Promise<LoginResult> {
    return this.withPassword(request);
  }

  private async withOAuth(request: Extract<LoginRequest, { kind: 'oauth' }>): Promise<LoginResult> {
    const { user, service } = await this.oauth.userFor(request);
    return this.issueLogin(user, service);
  }

  async authenticate(userId: string, token: string): Promise<{ user: SelfUser }> {
    const hashed = hashLoginToken(token);
    const user = await this.users.findByIdAndHashedToken(userId, hashed);
    if (!user || !this.tokenIsValid(user, hashed) || !user.active) {
      throw new DomainError(ErrorCode.NotLoggedIn, 'You must be logged in to do this.');
    }
    return { user: toSelfUser(user, defaultUserPreferences(this.settings)) };
  }

  /**
   * Removes the token the caller presented, as Rocket.Chat's REST `logout` and Meteor's `logout` do: a
   * personal access token used to log out is revoked too. The sockets logged in with it close everywhere.
   */
  async logout(userId: string, token: string): Promise<void> {
    await this.revocation.revoke(userId, () => this.users.removeLoginToken(userId, hashLoginToken(token)));
  }

  /**
   * Logs the user out of every other client: their other login tokens go, personal access tokens stay. Answers
   * whether any went.
   */
  removeOtherTokens(userId: string, token: string): Promise<boolean> {
    const keep = hashLoginToken(token);
    return this.revocation.revoke(userId, () => this.users.removeOtherLoginTokens(userId, keep));
  }

  /**
   * `users.logoutOtherClients`: as `removeOtherTokens`, but no other client is Rocket.Chat's `error-invalid-user-id`;
   * answers the caller's token and when it expires.
   */
  async logoutOtherClients(userId: string, token: string): Promise<{ token: string; tokenExpires: string }> {
    if (!(await this.removeOtherTokens(userId, token))) {
      throw meteorErrorObject(new DomainError(ErrorCode.InvalidUserId, 'Invalid user id'));
    }
    const keep = hashLoginToken(token);
    const stored = (await this.users.findById(userId))?.services?.resume?.loginTokens?.find((t) => t.hashedToken === keep);
    const tokenExpires = stored?.when ? new Date(new Date(stored.when).getTime() + this.tokenLifetimeMs).toISOString() : '';
    return { token, tokenExpires };
  }

  private async withPassword(request: PasswordLogin): Promise<LoginResult> {
    const identity = throttleKey(request.user);
    await this.throttle.beforeAttempt(identity, request.clientAddress);

    const user = await this.findUser(request.user);
    const hash = user?.services?.password?.bcrypt;
    const digest = 'digest' in request.password ? request.password.digest : passwordDigest(request.password.plain);
    const matches = await verifyPasswordDigest(digest, hash ?? this.decoyHash);
    if (!user || !hash || !matches) {
      await this.throttle.failed(identity, request.clientAddress);
      throw loginFailed();
    }
    await this.throttle.succeeded(identity);
    if (!user.active) throw notActivated();
    await this.checks.run(user, request);
    return this.issueLogin(user, 'password');
  }

  /** Logs an authenticated user in: a new login token (expired ones dropped) and the last-login date. */
  async issueLogin(user: IUser, type: LoginResult['type']): Promise<LoginResult> {
    if (!user.active) throw notActivated();
    const token = newLoginToken();
    const now = new Date();
    await this.users.addLoginToken(user._id, { when: now, hashedToken: hashLoginToken(token) });
    await this.users.removeExpiredLoginTokens(user._id, new Date(now.getTime() - this.tokenLifetimeMs));
    await this.users.setLastLogin(user._id, now);
    return {
      userId: user._id,
      token,
      tokenExpires: new Date(now.getTime() + this.tokenLifetimeMs),
      type,
      user: toSelfUser({ ...user, lastLogin: now }, defaultUserPreferences(this.settings)),
    };
  }

  /** Meteor's resume login: the same token, checked for expiry; no new token is issued. */
  private async resume(token: string): Promise<LoginResult> {
    const hashed = hashLoginToken(token);
    const user = await this.users.findByHashedToken(hashed);
    const stored = user?.services?.resume?.loginTokens?.find((t) => t.hashedToken === hashed);
    if (!user || !stored || !this.tokenIsValid(user, hashed)) {
      throw new DomainError(ErrorCode.InvalidToken, "You've been logged out by the server. Please log in again.");
    }
    if (!user.active) throw notActivated();
    // A personal access token has no login date and never expires; report a full lifetime from now.
    const issued = stored.when ? new Date(stored.when).getTime() : Date.now();
    return {
      userId: user._id,
      token,
      tokenExpires: new Date(issued + this.tokenLifetimeMs),
      type: 'resume',
      user: toSelfUser(user, defaultUserPreferences(this.settings)),
    };
  }

  /** Personal access tokens never expire; login tokens expire after LOGIN_EXPIRATION_DAYS. */
  private tokenIsValid(user: IUser, hashedToken: string): boolean {
    const stored = user.services?.resume?.loginTokens?.find((t) => t.hashedToken === hashedToken);
    if (!stored) return false;
    if (stored.type === 'personalAccessToken') return true;
    return new Date(stored.when).getTime() + this.tokenLifetimeMs > Date.now();
  }

  private findUser(identity: PasswordLogin['user']): Promise<IUser | null> {
    if ('username' in identity) return this.users.findByUsername(identity.username);
    if ('email' in identity) return this.users.findByEmail(identity.email);
    return this.users.findById(identity.id);
  }
}

/** Failures are counted per name tried (existing or not), case-insensitively, as Rocket.Chat does. */
export function throttleKey(identity: PasswordLogin['user']): string {
  if ('username' in identity) return `username:${identity.username.trim().toLowerCase()}`;
  if ('email' in identity) return `email:${identity.email.trim().toLowerCase()}`;
  return `id:${identity.id}`;
}
