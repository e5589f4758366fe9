import { createHash, randomBytes } from 'node:crypto';

/** A new login token: 43 URL-safe characters (256 random bits), like Meteor's `Random.secret()`. */
export function newLoginToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What is stored: SHA-256 of the token, base64 (Meteor's `Accounts._hashLoginToken`). */
export function hashLoginToken(token: string): string {
  return createHash('sha256').update(token).digest('base64');
}
