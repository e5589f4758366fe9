import { DomainError, ErrorCode, type LoginRequest } from '@rc/contracts';

type Identity = Extract<LoginRequest, { kind: 'password' }>['user'];
type Password = Extract<LoginRequest, { kind: 'password' }>['password'];

const invalidLogin = () => new DomainError(ErrorCode.InvalidParams, 'Invalid login parameters');

/**
 * Maps the body of `POST /api/v1/login` to a login request, accepting Rocket.Chat's forms:
 * `{user, password}` (user is a username, or an e-mail when it holds "@"; or Meteor's `{username}`,
 * `{email}`, `{id}` object), `{username, password}`, `{email, password}`, `{resume}`, and a password given
 * in plain text, as `{hashed}` or as `{digest, algorithm: 'sha-256'}`, and `{oauth: {credentialToken,
 * credentialSecret}}`. Anything else, in particular an operator object where a string belongs (`{"$ne": null}`),
 * is refused before it reaches a query. A second factor's code comes as `code` in the body or in the
 * `x-2fa-code` header (Rocket.Chat's `loginCompatibility`). `{ldap: true, username, ldapPass, ldapOptions}` is
 * Rocket.Chat's LDAP login.
 */
export function loginRequestFromBody(body: unknown, clientAddress?: string, headerCode?: unknown): LoginRequest {
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const { user, username, email, password, resume, oauth } = fields;
  if (oauth !== undefined) return oauthLogin(oauth, clientAddress);
  if (fields.ldap === true) return ldapLoginOf(fields, clientAddress);
  const code = codeOf(fields.code ?? headerCode);

  if (password === undefined && resume !== undefined) {
    if (typeof resume !== 'string' || !resume) throw invalidLogin();
    return { kind: 'resume', token: resume, clientAddress };
  }
  return {
    kind: 'password',
    user: identityOf(user, username, email),
    password: passwordOf(password),
    clientAddress,
    ...(code !== undefined && { code }),
  };
}

function codeOf(code: unknown): string | undefined {
  if (code === undefined || code === '') return undefined;
  if (typeof code !== 'string') throw invalidLogin();
  return code;
}

function identityOf(user: unknown, username: unknown, email: unknown): Identity {
  if (typeof user === 'string' && user) return user.includes('@') ? { email: user } : { username: user };
  if (typeof user === 'object' && user !== null && !Array.isArray(user)) {
    const entries: Array<[string, unknown]> = Object.entries(user);
    const [key, value] = entries[0] ?? [];
    if (entries.length === 1 && typeof value === 'string' && value && (key === 'username' || key === 'email' || key === 'id')) {
      return { [key]: value } as Identity;
    }
    throw invalidLogin();
  }
  if (user !== undefined) throw invalidLogin();
  if (typeof username === 'string' && username) return { username };
  if (typeof email === 'string' && email) return { email };
  throw invalidLogin();
}

function passwordOf(password: unknown): Password {
  if (typeof password === 'string' && password) return { plain: password };
  if (typeof password === 'object' && password !== null) {
    const { hashed, digest, algorithm } = password as Record<string, unknown>;
    if (typeof hashed === 'string') return { digest: hashed, algorithm: 'sha-256' };
    if (typeof digest === 'string' && algorithm === 'sha-256') return { digest, algorithm };
  }
  throw invalidLogin();
}

/** Meteor's OAuth login: the credential the provider's redirect left (see accounts' OAuth flow). */
export function oauthLogin(oauth: unknown, clientAddress?: string): LoginRequest {
  const { credentialToken, credentialSecret } = (typeof oauth === 'object' && oauth !== null ? oauth : {}) as Record<string, unknown>;
  if (typeof credentialToken !== 'string' || !credentialToken || typeof credentialSecret !== 'string' || !credentialSecret) {
    throw invalidLogin();
  }
  return { kind: 'oauth', credentialToken, credentialSecret, clientAddress };
}

/** Rocket.Chat's LDAP login body (what its clients' `loginWithLDAP` sends); strings only. */
export function ldapLoginOf(fields: Record<string, unknown>, clientAddress?: string): LoginRequest {
  const { username, ldapPass, ldapOptions } = fields;
  if (typeof username !== 'string' || !username || typeof ldapPass !== 'string' || !ldapPass) throw invalidLogin();
  if (ldapOptions !== undefined && (typeof ldapOptions !== 'object' || ldapOptions === null || Array.isArray(ldapOptions)))
    throw invalidLogin();
  return { kind: 'ldap', username, ldapPass, ldapOptions: ldapOptions as Record<string, unknown> | undefined, clientAddress };
}
