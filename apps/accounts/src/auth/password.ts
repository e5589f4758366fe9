import { createHash } from 'node:crypto';
import bcrypt from 'bcrypt';

/**
 * Rocket.Chat's password scheme (Meteor accounts-password): bcrypt over the SHA-256 hex digest of the
 * password, so a client may send the digest instead of the password and a Rocket.Chat database's hashes work.
 */
export function passwordDigest(plain: string): string {
  return createHash('sha256').update(plain, 'utf8').digest('hex');
}

export function hashPasswordDigest(digest: string, rounds: number): Promise<string> {
  return bcrypt.hash(digest.toLowerCase(), rounds);
}

export function verifyPasswordDigest(digest: string, hash: string): Promise<boolean> {
  return bcrypt.compare(digest.toLowerCase(), hash);
}
