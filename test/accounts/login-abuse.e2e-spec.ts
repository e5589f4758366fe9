import { describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { useStack } from '../support/stack.js';
import { createUser, STRONG_PASSWORD, uniqueName } from './support/users.js';

const BLOCK_SECONDS = 3;
const BLOCKED_FOR_USER = {
  success: false,
  status: 'error',
  error: 'error-login-blocked-for-user',
  message: 'Login has been temporarily blocked For User',
};
const BLOCKED_FOR_IP = {
  success: false,
  status: 'error',
  error: 'error-login-blocked-for-ip',
  message: 'Login has been temporarily blocked For IP',
};

/**
 * Login lock-out and rate limits, with small thresholds. Every request comes from 127.0.0.1, so the suite's
 * tests share one address: the user lock-out runs first, below the address threshold.
 */
describe('accounts: abuse protection', () => {
  const t = useStack({
    instances: { accounts: 2 },
    env: {
      LOGIN_FAILURES_PER_USER: '4',
      LOGIN_FAILURES_PER_IP: '20',
      LOGIN_FAILURE_WINDOW_SECONDS: '120',
      LOGIN_BLOCK_USER_SECONDS: String(BLOCK_SECONDS),
      LOGIN_BLOCK_IP_SECONDS: String(BLOCK_SECONDS),
      LOGIN_RATE_LIMIT_PER_IP: '1000',
      OVERWRITE_SETTING_Rate_Limiter_Limit_RegisterUser: '2',
      OVERWRITE_SETTING_API_Enable_Rate_Limiter_Limit_Time_Default: '120000',
    },
  });
  const login = (user: string, password: string) => t.api.post('/api/v1/login', { user, password });

  it('locks a user out after repeated failures, counted by every accounts instance, then lets them in again', async () => {
    const carol = await createUser(t.admin, 'carol');
    const dave = await createUser(t.admin, 'dave');
    expect((await login(carol.username, 'Wrong-pass-1')).body.error).toBe('Unauthorized');
    expect((await login(carol.username, 'Wrong-pass-2')).body.error).toBe('Unauthorized');

    // Fresh processes remember nothing: the count lives in MongoDB, shared by every instance.
    for (const instance of t.stack.instances('accounts')) await t.stack.restart(instance);
    expect((await login(carol.username, 'Wrong-pass-3')).body.error).toBe('Unauthorized');
    expect((await login(carol.username, 'Wrong-pass-4')).body.error).toBe('Unauthorized');

    const blockedAt = Date.now();
    const right = await login(carol.username, STRONG_PASSWORD);
    expect(right.status).toBe(401);
    expect(right.body).toEqual(BLOCKED_FOR_USER);
    expect((await carol.api.get('/api/v1/me')).status).toBe(200);
    expect((await login(dave.username, STRONG_PASSWORD)).status).toBe(200);

    await waitFor(async () => (await login(carol.username, STRONG_PASSWORD)).status === 200, {
      timeoutMs: 20_000,
      intervalMs: 500,
      describe: () => 'carol to be let in again',
    });
    expect(Date.now() - blockedAt).toBeGreaterThanOrEqual(BLOCK_SECONDS * 1000 - 500);
  });

  it('locks out a name that does not exist exactly like one that does', async () => {
    const ghost = uniqueName('ghost');
    const erin = await createUser(t.admin, 'erin');
    const ghostAnswers = [];
    const erinAnswers = [];
    for (let i = 0; i < 5; i++) {
      ghostAnswers.push((await login(ghost, `Wrong-pass-${i}`)).body);
      erinAnswers.push((await login(erin.username, `Wrong-pass-${i}`)).body);
    }
    expect(ghostAnswers).toEqual(erinAnswers);
    expect(ghostAnswers[4]).toEqual(BLOCKED_FOR_USER);
  });

  it('locks an address out after failures spread over many names', async () => {
    const frank = await createUser(t.admin, 'frank');
    let failures = 0;
    let last: Record<string, unknown> = {};
    while (last.error !== BLOCKED_FOR_IP.error && failures < 30) {
      last = (await login(uniqueName('spray'), 'Wrong-pass-0')).body;
      failures++;
    }
    expect(last).toEqual(BLOCKED_FOR_IP);
    expect((await login(frank.username, STRONG_PASSWORD)).body).toEqual(BLOCKED_FOR_IP);
    expect((await login(uniqueName('nobody'), 'Wrong-pass-0')).body).toEqual(BLOCKED_FOR_IP);
    // Sessions already open keep working: the block is on logging in.
    expect((await t.admin.get('/api/v1/me')).status).toBe(200);

    await waitFor(async () => (await login(frank.username, STRONG_PASSWORD)).status === 200, {
      timeoutMs: 20_000,
      intervalMs: 500,
      describe: () => 'the address to be let in again',
    });
  });

  it('rate limits registration per address', async () => {
    const names = [uniqueName('reg'), uniqueName('reg'), uniqueName('reg')];
    const answers = [];
    for (const username of names) {
      answers.push(
        await t.api.post('/api/v1/users.register', { username, email: `${username}@e2e.test`, pass: STRONG_PASSWORD, name: username }),
      );
    }
    expect(answers.map((a) => a.status)).toEqual([200, 200, 429]);
    expect(answers[2].body).toMatchObject({
      success: false,
      error: expect.stringMatching(/too many requests.*\[error-too-many-requests\]/),
    });
    const third = await t.admin.get('/api/v1/users.list', { query: JSON.stringify({ username: names[2] }) });
    expect(third.body.total).toBe(0);
  });
});
