import { afterAll, beforeAll } from '@jest/globals';
import { Stack, type StackOptions } from '@rc/local-stack';
import { RestClient } from './rest-client.js';

export const ADMIN = { username: 'admin', password: 'admin-e2e-pass', email: 'admin@e2e.test' };

/** Environment every test stack shares: a known admin, quick bcrypt, quiet logs, registrations not limited. */
export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  ADMIN_USERNAME: ADMIN.username,
  ADMIN_PASS: ADMIN.password,
  ADMIN_EMAIL: ADMIN.email,
  BCRYPT_ROUNDS: '4',
  SHUTDOWN_TIMEOUT_MS: '5000',
  // Suites register many users from one address (Rocket.Chat's default: one a minute).
  Rate_Limiter_Limit_RegisterUser: '1000',
};

export interface StackFixture {
  readonly stack: Stack;
  /** An anonymous REST client on gateway #0. */
  readonly api: RestClient;
  /** A REST client logged in as the administrator. */
  readonly admin: RestClient;
}

/**
 * Starts a whole stack (real NATS, the local database, every app as a process) before the suite's tests
 * and stops it after them. Returns a fixture whose fields are set once `beforeAll` has run.
 */
export function useStack(options: StackOptions = {}): StackFixture {
  const fixture = {} as { stack: Stack; api: RestClient; admin: RestClient };
  beforeAll(async () => {
    const env = { ...TEST_ENV, ...options.env };
    fixture.stack = await Stack.start({ ...options, env });
    fixture.api = new RestClient(fixture.stack.gatewayUrl());
    const adminName = options.appEnv?.accounts?.ADMIN_USERNAME ?? env.ADMIN_USERNAME;
    fixture.admin = await fixture.api.login(adminName, env.ADMIN_PASS);
  }, 120_000);
  afterAll(async () => {
    await fixture.stack?.stop();
  }, 60_000);
  return fixture;
}
