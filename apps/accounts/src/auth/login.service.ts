import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type IUser, type LoginRequest, type LoginResult, type SelfUser } from '@rc/contracts';
import { UsersRepository } from '@rc/models';
import { InjectConfig } from '@rc/platform';
import type { AccountsConfig } from '../accounts.env.js';
import { hashLoginToken, newLoginToken } from './login-token.js';
import { passwordDigest, verifyPasswordDigest } from './password.js';
import { toSelfUser } from './self-user.js';

const DAY_MS = 86_400_000;

/** Rocket.Chat's answer to any failed login: it never tells which of user or password was wrong. */
const loginFailed = () => new DomainError(ErrorCode.LoginFailed, 'Incorrect username or password');

@Injectable()
export class LoginService {
  constructor(
    private readonly users: UsersRepository,
    @InjectConfig() private readonly config: AccountsConfig,
  ) {}

  private get tokenLifetimeMs(): number {
    return this.config.LOGIN_EXPIRATION_DAYS * DAY_MS;
  }

  async login(request: LoginRequest): Promise<LoginResult> {
    return request.kind === 'resume' ? this.resume(request.token) : this.withPassword(request);
  }

  async authenticate(userId: string, token: string): Promise<{ user: SelfUser }> {
    const user = await this.users.findByIdAndHashedToken(userId, hashLoginToken(token));
    if (!user || !this.tokenIsValid(user, hashLoginToken(token)) || !user.active) {
      throw new DomainError(ErrorCode.NotLoggedIn, 'You must be logged in to do this.');
    }
    return { user: toSelfUser(user) };
  }

  async logout(userId: string, token: string): Promise<void> {
    await this.users.removeLoginToken(userId, hashLoginToken(token));
  }

  private async withPassword(request: Extract<LoginRequest, { kind: 'password' }>): Promise<LoginResult> {
    const user = await this.findUser(request.user);
    const hash = user?.services?.password?.bcrypt;
    const digest = 'digest' in request.password ? request.password.digest : passwordDigest(request.password.plain);
    if (!user || !hash || !(await verifyPasswordDigest(digest, hash))) throw loginFailed();
    if (!user.active) throw new DomainError(ErrorCode.LoginBlocked, 'User has no password set or is deactivated');

    const token = newLoginToken();
    const now = new Date();
    await this.users.addLoginToken(user._id, { when: now, hashedToken: hashLoginToken(token) });
    await this.users.removeExpiredLoginTokens(user._id, new Date(now.getTime() - this.tokenLifetimeMs));
    await this.users.setLastLogin(user._id, now);
    return {
      userId: user._id,
      token,
      tokenExpires: new Date(now.getTime() + this.tokenLifetimeMs),
      type: 'password',
      user: toSelfUser({ ...user, lastLogin: now }),
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
    if (!user.active) throw new DomainError(ErrorCode.LoginBlocked, 'User has no password set or is deactivated');
    return {
      userId: user._id,
      token,
      tokenExpires: new Date(new Date(stored.when).getTime() + this.tokenLifetimeMs),
      type: 'resume',
      user: toSelfUser(user),
    };
  }

  /** Personal access tokens never expire; login tokens expire after LOGIN_EXPIRATION_DAYS. */
  private tokenIsValid(user: IUser, hashedToken: string): boolean {
    const stored = user.services?.resume?.loginTokens?.find((t) => t.hashedToken === hashedToken);
    if (!stored) return false;
    if (stored.type === 'personalAccessToken') return true;
    return new Date(stored.when).getTime() + this.tokenLifetimeMs > Date.now();
  }

  private findUser(identity: Extract<LoginRequest, { kind: 'password' }>['user']): Promise<IUser | null> {
    if ('username' in identity) return this.users.findByUsername(identity.username);
    if ('email' in identity) return this.users.findByEmail(identity.email);
    return this.users.findById(identity.id);
  }
}
