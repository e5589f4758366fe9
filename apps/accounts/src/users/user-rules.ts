import { DomainError, ErrorCode } from '@rc/contracts';

/** Rocket.Chat's UTF8_User_Names_Validation default. */
const USERNAME_PATTERN = /^[0-9a-zA-Z-_.]+$/;

/** The whole-name pattern `UTF8_User_Names_Validation` sets; an empty or invalid setting falls back to the default. */
export function usernamePattern(setting: string | undefined): RegExp {
  if (!setting) return USERNAME_PATTERN;
  try {
    return new RegExp(`^${setting}$`);
  } catch {
    return USERNAME_PATTERN;
  }
}

/** Rocket.Chat's `validateNameChars`: a display name without `<`, `>`, `\` or `/`, even URI-encoded. */
export function validNameChars(name: string): boolean {
  const invalid = /[<>\\/]/;
  if (invalid.test(name)) return false;
  try {
    return !invalid.test(decodeURI(name));
  } catch {
    return false;
  }
}

const domainList = (setting: string | undefined) =>
  (setting ?? '')
    .split(',')
    .map((domain) => domain.trim().toLowerCase())
    .filter(Boolean);

/**
 * Rocket.Chat's `validateEmailDomain` for an address already checked in form: the domain must be in
 * `Accounts_AllowedDomainsList` when that is set, and never in `Accounts_BlockedDomainsList`.
 */
export function assertEmailDomainAllowed(address: string, lists: { allowed?: string; blocked?: string }): void {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const allowed = domainList(lists.allowed);
  if (allowed.length && !allowed.includes(domain)) {
    throw new DomainError(ErrorCode.InvalidDomain, 'The email domain is not in whitelist', { function: 'RocketChat.validateEmailDomain' });
  }
  if (domainList(lists.blocked).includes(domain)) {
    throw new DomainError(ErrorCode.EmailDomainBlocked, 'The email domain is blacklisted', { function: 'RocketChat.validateEmailDomain' });
  }
}

/**
 * Rocket.Chat's `validateEmail` in its default (`basic`) style: one `@` with something on each side
 * (`user@localhost`, `a+b@host` pass, as on Rocket.Chat 7).
 */
const EMAIL_PATTERN = /^[^@]+@[^@]+$/;

/** Rocket.Chat's Accounts_SystemBlockedUsernameList: names nobody may take. */
const RESERVED_USERNAMES = new Set(['admin', 'administrator', 'system', 'user']);

/** Escapes what an error message repeats of the input (Rocket.Chat escapes it too). */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function assertValidUsername(username: string, pattern: RegExp = USERNAME_PATTERN): void {
  if (!pattern.test(username)) {
    throw new DomainError(ErrorCode.InvalidField, `${escapeHtml(username)} is not a valid username`, {
      field: 'Username',
    });
  }
}

export function isReservedUsername(username: string): boolean {
  return RESERVED_USERNAMES.has(username.toLowerCase());
}

/** Returns the address as stored: trimmed and lower-cased. */
export function normalizeEmail(email: string): string {
  const address = email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(address)) throw new DomainError(ErrorCode.InvalidEmail, `Invalid email ${escapeHtml(email)}`);
  return address;
}

export const fieldUnavailable = (value: string) =>
  new DomainError(ErrorCode.UsernameTaken, `${escapeHtml(value)} is already in use :(`, { field: value });

/** A profile change refused by a unique index: the new username if it was changing, else the new e-mail. */
export const changedFieldUnavailable = (set: Record<string, unknown>, email: string | undefined) =>
  fieldUnavailable(typeof set.username === 'string' ? set.username : String(email));

/** The profile's text fields (trimmed; an empty bio or nickname is removed): the `$set` and `$unset` they make. */
export function profileTextChanges(data: { name?: string; statusText?: string; bio?: string; nickname?: string }): {
  set: Record<string, unknown>;
  unset: string[];
} {
  const set: Record<string, unknown> = {};
  const unset: string[] = [];
  if (data.name !== undefined) set.name = data.name.trim();
  if (data.statusText !== undefined) set.statusText = data.statusText.trim();
  for (const field of ['bio', 'nickname'] as const) {
    const value = data[field]?.trim();
    if (value === undefined) continue;
    if (value) set[field] = value;
    else unset.push(field);
  }
  return { set, unset };
}
