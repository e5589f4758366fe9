import { DomainError, ErrorCode } from '@rc/contracts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * Names Rocket.Chat's default pattern lets through but that read as something else, refused beyond its rule:
 * only dots (`.`, `..`: path segments in `/channel/<name>` links) and the keys every JavaScript object has
 * (`__proto__`, `constructor`, `prototype`: a lookup by name on a plain object finds them).
 */
const AMBIGUOUS_NAMES = new Set(['__proto__', 'constructor', 'prototype']);
const ONLY_DOTS = /^\.+$/;

/** Rocket.Chat's `validateName`: the default of `Accounts_SystemBlockedUsernameList` (not a setting here). */
const BLOCKED_NAMES = new Set(['administrator', 'system', 'user']);

export const invalidRoomName = (name: string) =>
  new DomainError(ErrorCode.InvalidRoomName, `${escapeHtml(name)} is not a valid room name.`, { channel_name: escapeHtml(name) });

/**
 * Rocket.Chat's `getValidRoomName` check: the whole name must match `UTF8_Channel_Names_Validation`
 * (`[0-9a-zA-Z-_.]+` by default; a broken pattern falls back to that default) and must not be a blocked name
 * (compared case-insensitively); then the ambiguous names above. A name equal to another room's id is refused
 * by the caller (it needs the database).
 */
export function assertValidRoomName(name: string, pattern: string): void {
  let validation: RegExp;
  try {
    validation = new RegExp(`^${pattern}$`);
  } catch {
    validation = /^[0-9a-zA-Z-_.]+$/;
  }
  if (!validation.test(name) || BLOCKED_NAMES.has(name.toLowerCase()) || ONLY_DOTS.test(name) || AMBIGUOUS_NAMES.has(name)) {
    throw invalidRoomName(name);
  }
}

/** The errors of a name already taken, as Rocket.Chat words them. */
export function nameTaken(name: string, byArchivedRoom: boolean): DomainError {
  return byArchivedRoom
    ? new DomainError(ErrorCode.ArchivedDuplicateName, `There's an archived channel with name ${escapeHtml(name)}`, {
        channel_name: escapeHtml(name),
      })
    : new DomainError(ErrorCode.DuplicateChannelName, `A channel with name '${escapeHtml(name)}' exists`, {
        channel_name: escapeHtml(name),
      });
}
