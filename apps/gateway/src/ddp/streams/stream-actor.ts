import type { Actor } from '@rc/contracts';
import type { Publication } from '../session/publication.js';

/** The logged-in reader of a publication, as services expect the caller (`{userId, username}`). */
export function readerOf(publication: Publication): Actor | undefined {
  const user = publication.session.user;
  return user ? { userId: user.userId, username: user.username } : undefined;
}

/** A room id that can be a NATS routing key and a service argument (anything else cannot be a room). */
export const isRoomId = (value: string) => /^[^.*>\s/]{1,64}$/.test(value);
