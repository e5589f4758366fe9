import { randomBytes } from 'node:crypto';

export { hashLoginToken } from '@rc/contracts';

/** A new login token: 43 URL-safe characters (256 random bits), like Meteor's `Random.secret()`. */
export function newLoginToken(): string {
  return randomBytes(32).toString('base64url');
}
