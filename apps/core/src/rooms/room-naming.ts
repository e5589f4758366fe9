import { DomainError, ErrorCode } from '@rc/contracts';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' };
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

/**
 * Rocket.Chat's `getValidRoomName` check: the whole name must match `UTF8_Channel_Names_Validation`
 * (`[0-9a-zA-Z-_.]+` by default); a broken pattern falls back to that default.
 */
export function assertValidRoomName(name: string, pattern: string): void {
  let validation: RegExp;
  try {
    validation = new RegExp(`^${pattern}$`);
  } catch {
    validation = /^[0-9a-zA-Z-_.]+$/;
  }
  if (!validation.test(name)) {
    throw new DomainError(ErrorCode.InvalidRoomName, `${escapeHtml(name)} is not a valid room name.`, {
      channel_name: escapeHtml(name),
    });
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
