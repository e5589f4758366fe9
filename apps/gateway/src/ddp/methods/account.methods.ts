import { Injectable, type OnModuleInit } from '@nestjs/common';
import {
  accountsLogin,
  accountsLogout,
  accountsResetPassword,
  accountsVerifyEmail,
  DomainError,
  ErrorCode,
  wire,
  type DdpLoginResult,
  type LoginRequest,
  type LoginResult,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { z } from 'zod';
import { ldapLoginOf } from '../../rest/auth/login-body.js';
import { frames } from '../protocol/ddp-frames.js';
import { MeteorError } from '../protocol/meteor-error.js';
import { CloseCode } from '../server/socket-transport.js';
import type { MethodContext } from './method-context.js';
import { args, defineMethod, MethodRegistry } from './method-registry.js';

const identity = z.union([
  z.strictObject({ username: z.string().min(1).max(256) }),
  z.strictObject({ email: z.string().min(1).max(256) }),
  z.strictObject({ id: z.string().min(1).max(64) }),
]);

const PasswordOptions = z.strictObject({
  user: identity,
  password: z.union([
    z.string().min(1).max(1024),
    z.strictObject({ digest: z.string().regex(/^[a-f0-9]{64}$/i), algorithm: z.literal('sha-256') }),
  ]),
});

/**
 * Meteor's login arguments: a resume token, or a user and a password (digest, or plain text for bots), or
 * Rocket.Chat's `totp` login: the password login again with the second factor's code; or the credential of
 * an OAuth login.
 */
const LoginOptions = z.union([
  z.strictObject({ resume: z.string().min(1).max(256) }),
  z.strictObject({ oauth: z.strictObject({ credentialToken: z.string().min(1).max(256), credentialSecret: z.string().min(1).max(256) }) }),
  PasswordOptions,
  z.strictObject({ totp: z.strictObject({ login: PasswordOptions, code: z.string().min(1).max(64) }) }),
]);

/** Failures that Rocket.Chat reports, whatever their cause, as "User not found" (it discloses nothing). */
const LOGIN_FAILURES = new Set<string>([
  ErrorCode.LoginFailed,
  ErrorCode.InvalidToken,
  ErrorCode.LoginBlocked,
  ErrorCode.InvalidUser,
  ErrorCode.NotLoggedIn,
  ErrorCode.InvalidParams,
]);
const userNotFound = () => new MeteorError(401, 'User not found');

/** Meteor's new password argument: its SHA-256 digest (what its clients send), or the password itself. */
const NewPassword = z.union([
  z.string().min(1).max(1024),
  z.strictObject({ digest: z.string().regex(/^[a-f0-9]{64}$/i), algorithm: z.literal('sha-256') }),
]);

/** A link that cannot be used (unknown, spent, expired): Meteor's `403` with its words. */
const linkRefused = (error: unknown): never => {
  if (error instanceof DomainError && error.code === ErrorCode.TokenExpired) throw new MeteorError(403, error.reason);
  throw error;
};

/**
 * `login` (resume token or password) and `logout`, over DDP and over REST `method.call`; and Meteor's two
 * methods that log in through an e-mailed link, `resetPassword(token, newPassword)` and `verifyEmail(token)`.
 */
@Injectable()
export class AccountMethods implements OnModuleInit {
  constructor(
    private readonly registry: MethodRegistry,
    private readonly rpc: RpcClient,
  ) {}

  onModuleInit(): void {
    this.registry.register(
      defineMethod({
        name: 'login',
        anonymous: true,
        params: args(z.unknown()),
        run: (ctx, [options]) => this.login(ctx, options),
      }),
      defineMethod({
        name: 'resetPassword',
        anonymous: true,
        params: args(z.string().min(1).max(256), NewPassword),
        run: async (ctx, [token, password]) => {
          const result = await this.rpc
            .request(accountsResetPassword, {
              token,
              password: typeof password === 'string' ? { plain: password } : { digest: password.digest, algorithm: 'sha-256' },
              clientAddress: ctx.clientAddress,
            })
            .catch(linkRefused);
          return this.loggedIn(ctx, result);
        },
      }),
      defineMethod({
        name: 'verifyEmail',
        anonymous: true,
        params: args(z.string().min(1).max(256)),
        run: async (ctx, [token]) => {
          const result = await this.rpc.request(accountsVerifyEmail, { token, clientAddress: ctx.clientAddress }).catch(linkRefused);
          return this.loggedIn(ctx, result);
        },
      }),
      defineMethod({
        name: 'logout',
        anonymous: true,
        params: args(),
        run: (ctx) => this.logout(ctx),
      }),
    );
  }

  private async login(ctx: MethodContext, options: unknown): Promise<DdpLoginResult> {
    // Rocket.Chat's `Meteor.loginWithLDAP` sends `{ldap: true, username, ldapPass, ldapOptions}`.
    if (wire.fields(options).ldap === true) return this.loginWith(ctx, ldapLoginOf(wire.fields(options), ctx.clientAddress));
    const parsed = LoginOptions.safeParse(options);
    if (!parsed.success) throw userNotFound();
    const given = parsed.data;
    const { login, code } = 'totp' in given ? given.totp : { login: given, code: undefined };
    const request: LoginRequest =
      'oauth' in login
        ? { kind: 'oauth', ...login.oauth, clientAddress: ctx.clientAddress }
        : 'resume' in login
          ? { kind: 'resume', token: login.resume, clientAddress: ctx.clientAddress }
          : {
              kind: 'password',
              user: login.user,
              password:
                typeof login.password === 'string' ? { plain: login.password } : { digest: login.password.digest, algorithm: 'sha-256' },
              clientAddress: ctx.clientAddress,
              ...(code !== undefined && { code }),
            };
    return this.loginWith(ctx, request);
  }

  private async loginWith(ctx: MethodContext, request: LoginRequest): Promise<DdpLoginResult> {
    const result = await this.rpc.request(accountsLogin, request).catch((error: unknown) => {
      if (error instanceof DomainError && LOGIN_FAILURES.has(error.code)) throw userNotFound();
      throw error;
    });

    return this.loggedIn(ctx, result);
  }

  /** The connection is now the user's (Meteor's `_loginUser`): the answer is Meteor's login result. */
  private loggedIn(ctx: MethodContext, result: LoginResult): DdpLoginResult {
    const session = ctx.session;
    if (session?.isOpen) {
      if (session.user) session.logout();
      session.login({ userId: result.userId, username: result.user.username ?? '', token: result.token });
      // Meteor publishes the logged-in user's own document (the `users` collection of Meteor.user()).
      session.send(
        frames.added('users', result.userId, {
          username: result.user.username,
          ...(result.user.emails && { emails: result.user.emails }),
        }),
      );
    }
    return { id: result.userId, token: result.token, tokenExpires: result.tokenExpires, type: result.type };
  }

  /**
   * Invalidates the token the connection logged in with (every socket logged in with it closes, on every
   * gateway), then closes this socket, as Rocket.Chat's streamer does (every subscription of the old user ends).
   */
  private async logout(ctx: MethodContext): Promise<void> {
    const session = ctx.session;
    const credentials = session?.user
      ? { userId: session.user.userId, token: session.user.token }
      : ctx.userId && ctx.authToken
        ? { userId: ctx.userId, token: ctx.authToken }
        : undefined;
    // Logged out here first: the revocation accounts broadcasts closes the other sockets of the token, not
    // this one before it has its answer.
    session?.logout();
    if (credentials) await this.rpc.request(accountsLogout, credentials);
    if (session) setTimeout(() => session.close(CloseCode.ProtocolError, 'LOGOUT'), 1);
  }
}
