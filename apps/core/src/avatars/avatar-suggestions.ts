import type { IUser } from '@rc/contracts';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';

/** Where a suggested picture may be found. */
export interface AvatarCandidate {
  service: string;
  url: string;
}

/**
 * Rocket.Chat's avatar providers that apply here (`getAvatarSuggestionForUser`): Gravatar's picture of each of the
 * user's addresses, verified or not (`404` when Gravatar has none, so that it is not suggested). The OAuth
 * providers' pictures are not among them: this server's OAuth logins keep no picture URL.
 */
export function avatarCandidates(user: Pick<IUser, 'emails'>): AvatarCandidate[] {
  return (user.emails ?? []).map(({ address }) => ({
    service: 'gravatar',
    url: `https://s.gravatar.com/avatar/${createHash('md5').update(address.trim().toLowerCase()).digest('hex')}?default=404&size=200`,
  }));
}

/** A fetched body as a data URI, or nothing when it would be longer than `maxLength` (the rest left unread). */
export async function readDataUri(body: Readable, contentType: string, maxLength: number): Promise<string | undefined> {
  const prefix = `data:${contentType};base64,`;
  const maxBytes = Math.floor(((maxLength - prefix.length) * 3) / 4);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  return prefix + Buffer.concat(chunks).toString('base64');
}
