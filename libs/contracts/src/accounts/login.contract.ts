import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { SelfUser } from './self-user.js';

/** Who logs in: by username, e-mail, or id (Rocket.Chat accepts all three). */
export const LoginIdentity = z.union([
  z.strictObject({ username: z.string().min(1).max(256) }),
  z.strictObject({ email: z.string().min(1).max(256) }),
  z.strictObject({ id: z.string().min(1).max(64) }),
]);

/** A password arrives as its SHA-256 hex digest (Meteor clients) or in plain text (REST bots). */
export const LoginPassword = z.union([
  z.strictObject({ digest: z.string().regex(/^[a-f0-9]{64}$/i), algorithm: z.literal('sha-256') }),
  z.strictObject({ plain: z.string().min(1).max(1024) }),
]);

export const LoginRequest = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('password'),
    user: LoginIdentity,
    password: LoginPassword,
    clientAddress: z.string().max(64).optional(),
    /** A second factor's code (REST `code` or `x-2fa-code`; DDP `{ totp: { login, code } }`), asked when the user has one. */
    code: z.string().min(1).max(64).optional(),
  }),
  /** Rocket.Chat's LDAP login (`{ldap: true, username, ldapPass, ldapOptions}`), handled by accounts' LDAP module. */
  z.strictObject({
    kind: z.literal('ldap'),
    username: z.string().min(1).max(256),
    ldapPass: z.string().min(1).max(1024),
    ldapOptions: z.record(z.string(), z.unknown()).optional(),
    clientAddress: z.string().max(64).optional(),
  }),
  z.strictObject({
    kind: z.literal('resume'),
    token: z.string().min(1).max(256),
    clientAddress: z.string().max(64).optional(),
  }),
  z.strictObject({
    kind: z.literal('oauth'),
    credentialToken: z.string().min(1).max(256),
    credentialSecret: z.string().min(1).max(256),
    clientAddress: z.string().max(64).optional(),
  }),
]);
export type LoginRequest = z.infer<typeof LoginRequest>;

export interface LoginResult {
  userId: string;
  /** The login token in clear: only this response ever carries it. */
  token: string;
  tokenExpires: Date;
  /** Meteor's login type: `password`, `resume`, or the OAuth service's name. */
  type: string;
  user: SelfUser;
}

export const accountsLogin = defineRpc({
  subject: 'accounts.login',
  request: LoginRequest,
  response: as<LoginResult>(),
});
