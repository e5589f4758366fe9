import { DomainError, ErrorCode, type LoginRequest } from '@rc/contracts';

/**
 * Maps the body of `POST /api/v1/login` to a login request, accepting Rocket.Chat's forms:
 * `{user, password}` (user is a username, or an e-mail when it holds "@"), `{username, password}`,
 * `{email, password}`, `{resume}`, and a password given as `{hashed}` or `{digest, algorithm}`.
 * Anything of the wrong type is refused here, before it reaches a query.
 */
export function loginRequestFromBody(body: unknown, clientAddress?: string): LoginRequest {
  const fields = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const { user, username, email, password, resume } = fields;

  if (password === undefined && typeof resume === 'string') return { kind: 'resume', token: resume, clientAddress };

  const identity =
    typeof user === 'string'
      ? user.includes('@')
        ? { email: user }
        : { username: user }
      : typeof username === 'string'
        ? { username }
        : typeof email === 'string'
          ? { email }
          : undefined;
  if (!identity) throw invalidLogin();

  if (typeof password === 'string') return { kind: 'password', user: identity, password: { plain: password }, clientAddress };
  if (typeof password === 'object' && password !== null) {
    const { hashed, digest, algorithm } = password as Record<string, unknown>;
    if (typeof hashed === 'string') return { kind: 'password', user: identity, password: { digest: hashed, algorithm: 'sha-256' }, clientAddress };
    if (typeof digest === 'string' && algorithm === 'sha-256') {
      return { kind: 'password', user: identity, password: { digest, algorithm }, clientAddress };
    }
  }
  throw invalidLogin();
}

const invalidLogin = () => new DomainError(ErrorCode.InvalidParams, 'Invalid login parameters');
