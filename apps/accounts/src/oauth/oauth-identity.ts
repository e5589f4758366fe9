import { DomainError, ErrorCode } from '@rc/contracts';

/** What Meteor's client puts in its OAuth `state` (`OAuth._stateParam`): base64 of this JSON. */
export interface MeteorClientState {
  loginStyle: 'popup' | 'redirect';
  credentialToken: string;
  redirectUrl?: string;
  isCordova?: boolean;
}

const invalidState = () => new DomainError(ErrorCode.OAuthInvalidState, 'Invalid OAuth state');

/** Reads the client's state; refuses anything else (not base64 JSON, no credential token, a foreign redirect). */
export function parseClientState(encoded: string, siteUrl: string): MeteorClientState {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(encoded, 'base64').toString('utf8'));
  } catch {
    throw invalidState();
  }
  if (typeof parsed !== 'object' || parsed === null) throw invalidState();
  const { loginStyle, credentialToken, redirectUrl, isCordova } = parsed as Record<string, unknown>;
  if (typeof credentialToken !== 'string' || !/^[A-Za-z0-9_-]{8,128}$/.test(credentialToken)) throw invalidState();
  const style = loginStyle === 'redirect' ? 'redirect' : 'popup';
  if (redirectUrl !== undefined && redirectUrl !== null && (typeof redirectUrl !== 'string' || !sameOrigin(redirectUrl, siteUrl))) {
    // Meteor's `_checkRedirectUrlOrigin`: only back to this server, never an open redirect.
    throw invalidState();
  }
  return {
    loginStyle: style,
    credentialToken,
    ...(typeof redirectUrl === 'string' && { redirectUrl }),
    ...(isCordova === true && { isCordova: true }),
  };
}

function sameOrigin(url: string, siteUrl: string): boolean {
  try {
    return new URL(url).origin === new URL(siteUrl).origin;
  } catch {
    return false;
  }
}

/**
 * A value at a dotted path of the identity (`profile.email`), as Rocket.Chat's field settings name them; a
 * template (`{{given_name}}.{{family_name}}`) fills each `{{path}}`.
 */
export function fieldValue(identity: Record<string, unknown>, field: string): string | undefined {
  if (!field) return undefined;
  if (field.includes('{{')) {
    let missing = false;
    const filled = field.replace(/\{\{([^}]+)\}\}/g, (_, path: string) => {
      const value = atPath(identity, path.trim());
      if (value === undefined) missing = true;
      return value ?? '';
    });
    return missing ? undefined : filled;
  }
  return atPath(identity, field);
}

function atPath(identity: Record<string, unknown>, path: string): string | undefined {
  let value: unknown = identity;
  for (const key of path.split('.')) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  if (typeof value === 'string' && value) return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

export interface FieldMapping {
  usernameField: string;
  emailField: string;
  nameField: string;
}

export interface MappedIdentity {
  /** The provider's id of the user (`sub`, or `id`). */
  id: string;
  username?: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
}

/** The provider's identity read through the service's field settings, with OpenID Connect's claims as fall-backs. */
export function mapIdentity(identity: Record<string, unknown>, mapping: FieldMapping): MappedIdentity {
  const id = atPath(identity, 'sub') ?? atPath(identity, 'id') ?? atPath(identity, 'user_id');
  if (!id) throw new DomainError(ErrorCode.OAuthFailed, 'The identity has no id');
  return {
    id,
    username: fieldValue(identity, mapping.usernameField) ?? atPath(identity, 'preferred_username') ?? atPath(identity, 'username'),
    email: fieldValue(identity, mapping.emailField) ?? atPath(identity, 'email'),
    emailVerified: identity.email_verified === true,
    name: fieldValue(identity, mapping.nameField) ?? atPath(identity, 'name') ?? atPath(identity, 'display_name'),
  };
}

/**
 * A username Rocket.Chat accepts (`[0-9a-zA-Z-_.]+`) from what the provider gave: other characters go, and
 * an e-mail gives its local part. Empty when nothing usable is left.
 */
export function usernameCandidate(identity: MappedIdentity): string {
  const source = identity.username ?? identity.email?.split('@')[0] ?? identity.name ?? '';
  return source
    .normalize('NFKD')
    .replace(/[^0-9a-zA-Z-_.]/g, '')
    .slice(0, 64);
}
