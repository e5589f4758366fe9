import { DomainError, ErrorCode, type LoginRequest } from '@rc/contracts';

type Identity = Extract<LoginRequest, { kind: 'password' }>['user'];
type Password = Extract<LoginRequest, { kind: 'password' }>['password'];

const invalidLogin = () => new DomainError(ErrorCode.InvalidParams, 'Invalid login parameters');

/**
 * Maps the body of `POST /api/v1/login` to a login request, accepting Rocket.Chat's forms:
 * `{user, password}` (user is a username, or an e-mail when it holds "@"; or Meteor's `{username}`,
 * `{email}`, `{id}` object), `{username, password}`, `{email, password}`, `{resume}`, and a password given
 * in plain text, as `{hashed}` or as `{digest, algorithm: 'sha-256'}`. Anything else, in particular an
 * operator object where a string belongs (`{"$ne": null}`), is refused before it reaches a query.
 * `{ldap: true, username, ldapPass, ldapOptions}` is Rocket.Chat's LDAP login.
 */
export function loginRequestFromBody(body: unknown, clientAddress?: string): LoginRequest {
  const fields = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const { user, username, email, password, resume } = fields;
  if (fields.ldap === true) return ldapLoginOf(fields, clientAddress);

  if (password === undefined && resume !== undefined) {
    if (typeof resume !== 'string' || !resume) throw invalidLogin();
    return { kind: 'resume', token: resume, clientAddress };
  }
  return { kind: 'password', user: identityOf(user, username, email), password: passwordOf(password), clientAddress };
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

/** Rocket.Chat's LDAP login body (what its clients' `loginWithLDAP` sends); strings only. */
export function ldapLoginOf(fields: Record<string, unknown>, clientAddress?: string): LoginRequest {
  const { username, ldapPass, ldapOptions } = fields;
  if (typeof username !== 'string' || !username || typeof ldapPass !== 'string' || !ldapPass) throw invalidLogin();
  if (ldapOptions !== undefined && (typeof ldapOptions !== 'object' || ldapOptions === null || Array.isArray(ldapOptions)))
    throw invalidLogin();
  return { kind: 'ldap', username, ldapPass, ldapOptions: ldapOptions as Record<string, unknown> | undefined, clientAddress };
}
