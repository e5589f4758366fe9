import { Injectable, type OnModuleInit } from '@nestjs/common';
import { accountsLogin, accountsLogout, DomainError, ErrorCode, wire, type DdpLoginResult, type LoginRequest } from '@rc/contracts';
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

/** Meteor's login arguments: a resume token, or a user and a password (digest, or plain text for bots). */
const LoginOptions = z.union([
  z.strictObject({ resume: z.string().min(1).max(256) }),
  z.strictObject({
    user: identity,
    password: z.union([
      z.string().min(1).max(1024),
      z.strictObject({ digest: z.string().regex(/^[a-f0-9]{64}$/i), algorithm: z.literal('sha-256') }),
    ]),
  }),
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

/** `login` (resume token or password) and `logout`, over DDP and over REST `method.call`. */
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
    const request: LoginRequest =
      'resume' in parsed.data
        ? { kind: 'resume', token: parsed.data.resume, clientAddress: ctx.clientAddress }
        : {
            kind: 'password',
            user: parsed.data.user,
            password:
              typeof parsed.data.password === 'string'
                ? { plain: parsed.data.password }
                : { digest: parsed.data.password.digest, algorithm: 'sha-256' },
            clientAddress: ctx.clientAddress,
          };
    return this.loginWith(ctx, request);
  }

  private async loginWith(ctx: MethodContext, request: LoginRequest): Promise<DdpLoginResult> {
    const result = await this.rpc.request(accountsLogin, request).catch((error: unknown) => {
      if (error instanceof DomainError && LOGIN_FAILURES.has(error.code)) throw userNotFound();
      throw error;
    });

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
