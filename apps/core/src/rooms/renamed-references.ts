import { escapeRegExp } from '@rc/models';

/** A member of a direct message, as its name is built from them. */
export interface DirectMember {
  username?: string;
  name?: string;
}

/**
 * `@old` becomes `@new` in a message's text: whole usernames only (`@ann` is not the start of `@anna`), in any
 * case, as Rocket.Chat matches mentions.
 */
export function renameMentionsInText(text: string, oldUsername: string, newUsername: string): string {
  return text.replace(new RegExp(`@${escapeRegExp(oldUsername)}(?![\\w.-])`, 'gi'), `@${newUsername}`);
}

/**
 * The name a direct message goes by for one member: the other members (the member themselves in a direct
 * message with oneself), by display name, as direct-rooms names it at creation: `name` their usernames,
 * `fname` their display names (or usernames).
 */
export function directMessageNames(others: DirectMember[]): { name: string; fname: string } {
  const sorted = [...others].sort((a, b) => (a.name || a.username || '').localeCompare(b.name || b.username || ''));
  return { name: sorted.map((m) => m.username).join(', '), fname: sorted.map((m) => m.name || m.username).join(', ') };
}
