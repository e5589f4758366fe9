import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields } from '../core/wire-params.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { Actor } from './self-user.js';

/**
 * Personal access tokens (Rocket.Chat's shape): stored among the login tokens, hashed, with
 * `type: 'personalAccessToken'`, a name, the token's last six characters and `bypassTwoFactor`. They never
 * expire and authenticate REST calls like login tokens. All need `create-personal-access-tokens`; creating,
 * regenerating and removing one need re-authentication (`twoFactor`), as Rocket.Chat's routes and methods.
 */
const TokenName = z.string().trim().min(1).max(128);

/** The REST routes' own check: `API.v1.failure("The 'tokenName' param is required")`, the text alone. */
const restTokenName = (body: Record<string, unknown>): unknown => {
  if (!body.tokenName) throw new DomainError(ErrorCode.PlainFailure, "The 'tokenName' param is required");
  return body.tokenName;
};

export const GeneratePersonalAccessTokenRequest = z.strictObject({
  actor: Actor,
  tokenName: TokenName,
  bypassTwoFactor: z.boolean().optional(),
});

export const accountsGeneratePersonalAccessToken = defineRpc({
  subject: 'accounts.generatePersonalAccessToken',
  request: GeneratePersonalAccessTokenRequest,
  /** The token in clear: only this response ever carries it. */
  response: as<{ token: string }>(),
  twoFactor: {},
})
  .post('users.generatePersonalAccessToken', {
    request: ({ body, actor }) => ({ actor, tokenName: restTokenName(body), bypassTwoFactor: body.bypassTwoFactor }),
  })
  .method('personalAccessTokens:generateToken', {
    request: ([options], { actor }) => ({ actor, tokenName: fields(options).tokenName, bypassTwoFactor: fields(options).bypassTwoFactor }),
    reply: ({ token }) => token,
  });

export const accountsRegeneratePersonalAccessToken = defineRpc({
  subject: 'accounts.regeneratePersonalAccessToken',
  request: z.strictObject({ actor: Actor, tokenName: TokenName }),
  response: as<{ token: string }>(),
  twoFactor: {},
})
  .post('users.regeneratePersonalAccessToken', { request: ({ body, actor }) => ({ actor, tokenName: restTokenName(body) }) })
  .method('personalAccessTokens:regenerateToken', {
    request: ([options], { actor }) => ({ actor, tokenName: fields(options).tokenName }),
    reply: ({ token }) => token,
  });

export const accountsRemovePersonalAccessToken = defineRpc({
  subject: 'accounts.removePersonalAccessToken',
  request: z.strictObject({ actor: Actor, tokenName: TokenName }),
  response: as<{ ok: true }>(),
  twoFactor: {},
})
  .post('users.removePersonalAccessToken', { request: ({ body, actor }) => ({ actor, tokenName: restTokenName(body) }), reply: () => ({}) })
  .method('personalAccessTokens:removeToken', {
    request: ([options], { actor }) => ({ actor, tokenName: fields(options).tokenName }),
    reply: () => undefined,
  });

export interface PersonalAccessTokenInfo {
  name: string;
  createdAt: string;
  lastTokenPart: string;
  bypassTwoFactor: boolean;
}

export const accountsListPersonalAccessTokens = defineRpc({
  subject: 'accounts.listPersonalAccessTokens',
  request: z.strictObject({ actor: Actor }),
  response: as<{ tokens: PersonalAccessTokenInfo[] }>(),
}).get('users.getPersonalAccessTokens', { request: ({ actor }) => ({ actor }) });
