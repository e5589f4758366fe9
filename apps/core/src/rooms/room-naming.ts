import { DomainError, ErrorCode, type IRoom } from '@rc/contracts';
import limax from 'limax';

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

/** What naming a room reads: the two settings and the rooms (by name, display name and id). */
export interface RoomNamingContext {
  readonly specialChars: boolean;
  readonly pattern: string;
  readonly rooms: {
    findByName(name: string): Promise<Pick<IRoom, '_id' | 'archived'> | null>;
    findByDisplayName(fname: string): Promise<Pick<IRoom, '_id' | 'archived'> | null>;
    findById(id: string): Promise<Pick<IRoom, '_id'> | null>;
  };
}

/**
 * Rocket.Chat's `getValidRoomName` for a room being created or renamed (`rid`): the `name` to store and the
 * display name `fname`. With `UI_Allow_room_names_with_special_chars` on, the display name is kept as typed
 * (taken by another room: refused), and the name is its slug (`limax`, as Rocket.Chat), made unique with
 * `-1`, `-2`, … ; off, the name must itself match `UTF8_Channel_Names_Validation` and be free.
 */
export async function validRoomName(
  displayName: string,
  rid: string | undefined,
  context: RoomNamingContext,
): Promise<{ name: string; fname: string }> {
  let name = displayName;
  if (context.specialChars) {
    const sameDisplay = await context.rooms.findByDisplayName(displayName);
    if (sameDisplay && sameDisplay._id !== rid) throw nameTaken(displayName, sameDisplay.archived === true);
    name = limax(displayName);
  }
  assertValidRoomName(name, context.pattern);
  const taken = await context.rooms.findByName(name);
  if (taken && taken._id !== rid) {
    if (!context.specialChars) throw nameTaken(name, taken.archived === true);
    const base = name;
    for (let next = 1; ; next += 1) {
      name = `${base}-${next}`;
      const other = await context.rooms.findByName(name);
      if (!other || other._id === rid) break;
    }
  }
  // Another room's id as a name would make lookups by "id or name" ambiguous (getRoomIdByNameOrId).
  if (name !== rid && (await context.rooms.findById(name))) throw invalidRoomName(name);
  return { name, fname: displayName };
}
