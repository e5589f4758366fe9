import { randomBytes } from 'node:crypto';
import type { RestClient } from '../../support/rest-client.js';

/** A password that passes the policy the accounts suites enable. */
export const STRONG_PASSWORD = 'Sturdy-pass-42';

export interface TestUser {
  id: string;
  username: string;
  email: string;
  password: string;
  api: RestClient;
}

/** A fresh, unique username (test runs share nothing, but suites create many users). */
export const uniqueName = (prefix: string) => `${prefix}-${randomBytes(3).toString('hex')}`;

/** Creates a user as the administrator (users.create) and logs them in. */
export async function createUser(admin: RestClient, prefix: string, extra: Record<string, unknown> = {}): Promise<TestUser> {
  const username = uniqueName(prefix);
  const email = `${username}@e2e.test`;
  const { status, body } = await admin.post('/api/v1/users.create', {
    username,
    email,
    name: `User ${username}`,
    password: STRONG_PASSWORD,
    verified: true,
    ...extra,
  });
  if (status !== 200) throw new Error(`users.create ${username}: ${status} ${JSON.stringify(body)}`);
  const api = await admin.as(undefined).login(username, STRONG_PASSWORD);
  return { id: body.user._id, username, email, password: STRONG_PASSWORD, api };
}
