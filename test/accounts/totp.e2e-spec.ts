import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { createHash } from 'node:crypto';
import { generateSync } from 'otplib';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import type { RestClient } from '../support/rest-client.js';
import { ADMIN, useStack } from '../support/stack.js';
import { Backdoor } from './support/backdoor.js';
import { createUser, STRONG_PASSWORD, type TestUser } from './support/users.js';

const STEP_SECONDS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
const TOTP_DETAILS = { method: 'totp', codeGenerated: false, availableMethods: ['totp'] };
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * The user's authenticator app. The server accepts each time step once, within MaxDelta (1) steps of now; the
 * app shows the current step's code first, then the next step's (still within MaxDelta even if the clock moves
 * on meanwhile), so a flow may use two codes without waiting for the clock.
 */
class Authenticator {
  private lastStep = -Infinity;
  constructor(readonly secret: string) {}

  next(): string {
    const now = Math.floor(Date.now() / 1000 / STEP_SECONDS);
    const step = Math.max(now, this.lastStep + 1);
    if (step > now + 1) throw new Error('the flow used more than two codes within one step');
    this.lastStep = step;
    return generateSync({ secret: this.secret, epoch: step * STEP_SECONDS });
  }
}

/**
 * TOTP two-factor authentication as Rocket.Chat's clients use it: set up over REST (`users.enableTotp`, …) or DDP
 * (`2fa:enable`, …); a login of a user with TOTP answers `totp-required` until the code comes (REST `code` or
 * `x-2fa-code`, DDP `{totp: {login, code}}`); sensitive actions ask for TOTP before the password; every code,
 * TOTP or backup, is accepted once, and wrong codes lock TOTP for the user.
 */
describe('TOTP two-factor authentication', () => {
  // Logins here all come from one address: no per-address rate limit in the way of the settings test's polling.
  const t = useStack({ appEnv: { accounts: { LOGIN_RATE_LIMIT_PER_IP: '0' } } });
  let backdoor: Backdoor;
  const opened: DdpClient[] = [];
  beforeAll(async () => {
    backdoor = await Backdoor.open(t.stack.natsUrl, t.stack.mongoUrl);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await backdoor?.close();
  });

  const login = (user: TestUser, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    t.api.send<Record<string, any>>('POST', '/api/v1/login', { user: user.username, password: STRONG_PASSWORD, ...extra }, headers);
  const ddp = async () => {
    const client = await DdpClient.connect(t.stack.gatewayUrl());
    opened.push(client);
    return client;
  };
  const ddpFailure = async (call: Promise<unknown>) => {
    const error = await call.then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof DdpError)) throw new Error(`expected a Meteor error, got ${String(error)}`);
    return error.error;
  };
  const ddpPasswordLogin = (user: TestUser) => ({
    user: { username: user.username },
    password: { digest: sha256(STRONG_PASSWORD), algorithm: 'sha-256' },
  });
  const stored = async (user: TestUser) =>
    (await backdoor.findOne('users', { _id: user.id }))?.services as { totp?: Record<string, unknown> } | undefined;

  /** Sets TOTP up over REST; returns the app and the backup codes. */
  const withTotp = async (user: TestUser, api: RestClient = user.api) => {
    const enabled = await api.post('/api/v1/users.enableTotp');
    expect(enabled.status).toBe(200);
    const app = new Authenticator(enabled.body.secret as string);
    const validated = await api.post('/api/v1/users.validateTotp', { code: app.next() });
    expect(validated.status).toBe(200);
    return { app, backup: validated.body.codes as string[] };
  };

  it('REST: set up, then a login needs the code; codes are single-use; other clients are logged out', async () => {
    const user = await createUser(t.admin, 'totp-rest');
    const otherClient = await t.api.login(user.username, STRONG_PASSWORD);

    const enabled = await user.api.post('/api/v1/users.enableTotp');
    expect(enabled.status).toBe(200);
    expect(enabled.body).toEqual({
      success: true,
      secret: expect.stringMatching(/^[A-Z2-7]{32}$/),
      url: `otpauth://totp/Rocket.Chat:${user.username}?secret=${enabled.body.secret as string}&issuer=Rocket.Chat`,
    });
    // Pending until confirmed: no challenge yet, and a wrong code does not confirm it.
    expect((await stored(user))?.totp).toEqual({ enabled: false, tempSecret: enabled.body.secret });
    expect((await login(user)).status).toBe(200);
    const wrongSetup = await user.api.post('/api/v1/users.validateTotp', { code: '000000' });
    expect(wrongSetup.status).toBe(400);
    expect(wrongSetup.body).toMatchObject({ success: false, errorType: 'invalid-totp' });

    const app = new Authenticator(enabled.body.secret as string);
    const setupCode = app.next();
    const validated = await user.api.post('/api/v1/users.validateTotp', { code: setupCode });
    expect(validated.status).toBe(200);
    const backup = validated.body.codes as string[];
    expect(backup).toHaveLength(12);
    // Stored as Rocket.Chat stores it: the secret, backup codes hashed.
    const totp = (await stored(user))?.totp;
    expect(totp).toMatchObject({ enabled: true, secret: enabled.body.secret, hashedBackup: backup.map(sha256) });
    expect(totp).not.toHaveProperty('tempSecret');
    // The caller's session stays; every other client logs in again.
    expect((await user.api.get('/api/v1/me')).body.services).toEqual({ password: { exists: true }, totp: { enabled: true } });
    expect((await otherClient.get('/api/v1/me')).status).toBe(401);
    expect((await user.api.post('/api/v1/users.enableTotp')).body.errorType).toBe('error-2fa-already-enabled');

    const required = await login(user);
    expect(required.status).toBe(401);
    expect(required.body).toEqual({
      success: false,
      status: 'error',
      error: 'totp-required',
      message: 'TOTP Required',
      details: TOTP_DETAILS,
    });
    expect((await login(user, { code: '000000' })).body).toMatchObject({ error: 'totp-invalid', details: TOTP_DETAILS });
    // The code that confirmed the set-up was used: it cannot log in.
    expect((await login(user, { code: setupCode })).body.error).toBe('totp-invalid');

    const code = app.next();
    const ok = await login(user, { code });
    expect(ok.status).toBe(200);
    expect(ok.body.data.me.services.totp).toEqual({ enabled: true });
    // Replayed within its window: refused.
    expect((await login(user, { code })).body.error).toBe('totp-invalid');

    // A backup code, in the x-2fa-code header this time: once.
    expect((await login(user, {}, { 'x-2fa-code': backup[0] })).status).toBe(200);
    expect((await login(user, {}, { 'x-2fa-code': backup[0] })).body.error).toBe('totp-invalid');
    expect((await user.api.get('/api/v1/users.totpCodesRemaining')).body).toEqual({ success: true, remaining: 11 });
    // A wrong password is still a wrong password, whatever the code.
    expect((await t.api.post('/api/v1/login', { user: user.username, password: 'Wrong-pass-1', code: backup[1] })).body.error).toBe(
      'Unauthorized',
    );
  });

  it('DDP: 2fa:enable / 2fa:validateTempToken, login with {totp: {login, code}}, regenerate and disable', async () => {
    const user = await createUser(t.admin, 'totp-ddp');
    const socket = await ddp();
    await socket.loginWithToken(user.api.credentials!.authToken);
    const { secret, url } = await socket.call<{ secret: string; url: string }>('2fa:enable');
    expect(url).toContain(`secret=${secret}`);
    expect((await ddpFailure(socket.call('2fa:validateTempToken', '000000'))).error).toBe('invalid-totp');
    const app = new Authenticator(secret);
    const { codes } = await socket.call<{ codes: string[] }>('2fa:validateTempToken', app.next());
    expect(codes).toHaveLength(12);
    expect(await socket.call('2fa:checkCodesRemaining')).toEqual({ remaining: 12 });

    const fresh = await ddp();
    expect(await ddpFailure(fresh.call('login', ddpPasswordLogin(user)))).toMatchObject({
      error: 'totp-required',
      reason: 'TOTP Required',
      details: TOTP_DETAILS,
    });
    expect((await ddpFailure(fresh.call('login', { totp: { login: ddpPasswordLogin(user), code: '123' } }))).error).toBe('totp-invalid');
    const loggedIn = await fresh.call<{ id: string; token: string }>('login', {
      totp: { login: ddpPasswordLogin(user), code: app.next() },
    });
    expect(loggedIn.id).toBe(user.id);

    // New backup codes (confirmed with an old one): the old ones are gone.
    const regenerated = await socket.call<{ codes: string[] }>('2fa:regenerateCodes', codes[0]);
    expect(regenerated.codes).toHaveLength(12);
    expect((await ddpFailure(fresh.call('login', { totp: { login: ddpPasswordLogin(user), code: codes[1] } }))).error).toBe('totp-invalid');
    expect((await ddpFailure(socket.call('2fa:regenerateCodes', codes[2]))).error).toBe('invalid-totp');

    expect(await socket.call('2fa:disable', 'wrong-co')).toBe(false);
    expect(await socket.call('2fa:disable', regenerated.codes[0])).toBe(true);
    expect((await stored(user))?.totp).toEqual({ enabled: false });
    expect((await ddpFailure(socket.call('2fa:checkCodesRemaining'))).error).toBe('invalid-totp');
    const plain = await fresh.call<{ id: string }>('login', ddpPasswordLogin(user));
    expect(plain.id).toBe(user.id);
  });

  it('a sensitive action asks for TOTP before the password (X-2fa-code), and a used code does not pass it', async () => {
    const user = await createUser(t.admin, 'totp-action');
    const { app, backup } = await withTotp(user);
    // Long registered: the registration's remember window no longer covers it.
    await backdoor.update('users', { _id: user.id }, { $set: { createdAt: new Date(Date.now() - 2 * DAY_MS) } });
    const api = t.api.as({ userId: user.id, authToken: (await login(user, { code: backup[0] })).body.data.authToken as string });
    const generate = (tokenName: string, headers: Record<string, string> = {}) =>
      api.send<Record<string, any>>('POST', '/api/v1/users.generatePersonalAccessToken', { tokenName }, headers);

    const required = await generate('ci');
    expect(required.status).toBe(400);
    expect(required.body).toEqual({
      success: false,
      error: 'TOTP Required [totp-required]',
      errorType: 'totp-required',
      details: TOTP_DETAILS,
    });
    // The password is no second factor for a user who has one.
    expect((await generate('ci', { 'x-2fa-code': sha256(STRONG_PASSWORD), 'x-2fa-method': 'password' })).body.errorType).toBe(
      'totp-invalid',
    );
    expect((await generate('ci', { 'x-2fa-code': backup[0], 'x-2fa-method': 'totp' })).body.errorType).toBe('totp-invalid');
    const code = app.next();
    expect((await generate('ci', { 'x-2fa-code': code, 'x-2fa-method': 'totp' })).status).toBe(200);
    // Remembered for this client now; a fresh session is asked again, and the used code does not pass.
    expect((await generate('ci-2')).status).toBe(200);
    const other = t.api.as({ userId: user.id, authToken: (await login(user, { code: backup[1] })).body.data.authToken as string });
    const replay = await other.send<Record<string, any>>(
      'POST',
      '/api/v1/users.generatePersonalAccessToken',
      { tokenName: 'ci-3' },
      { 'x-2fa-code': code, 'x-2fa-method': 'totp' },
    );
    expect(replay.body.errorType).toBe('totp-invalid');
    const names = (await api.get<{ tokens: Array<{ name: string }> }>('/api/v1/users.getPersonalAccessTokens')).body.tokens.map(
      (p) => p.name,
    );
    expect(names).toEqual(['ci', 'ci-2']);

    // Turning TOTP off takes a current code; a wrong one changes nothing.
    expect((await api.post('/api/v1/users.disableTotp', { code: '000000' })).body).toEqual({ success: true, disabled: false });
    expect((await api.post('/api/v1/users.disableTotp', { code: backup[2] })).body).toEqual({ success: true, disabled: true });
    expect((await login(user)).status).toBe(200);
  });

  it('wrong codes lock TOTP for the user: even the right code is refused (totp-max-attempts)', async () => {
    const user = await createUser(t.admin, 'totp-guess');
    const { app, backup } = await withTotp(user);
    // TOTP_FAILURES_PER_USER: 5 by default; the fifth wrong code starts the lock-out.
    for (let i = 0; i < 4; i++) expect((await login(user, { code: String(100000 + i) })).body.error).toBe('totp-invalid');
    expect((await login(user, { code: '100004' })).body).toMatchObject({ error: 'totp-max-attempts', details: TOTP_DETAILS });
    expect((await login(user, { code: app.next() })).body.error).toBe('totp-max-attempts');
    expect((await login(user, { code: backup[0] })).body.error).toBe('totp-max-attempts');
    const disabling = await user.api.post('/api/v1/users.disableTotp', { code: backup[0] });
    expect(disabling.status).toBe(400);
    expect(disabling.body.errorType).toBe('totp-max-attempts');
    expect((await stored(user))?.totp).toMatchObject({ enabled: true, hashedBackup: backup.map(sha256) });
  });

  it("the user's own clients hear of TOTP turned on and off (notify-user <uid>/userData)", async () => {
    const user = await createUser(t.admin, 'totp-notify');
    const socket = await ddp();
    // The same login token as the REST client that turns TOTP on: that one stays logged in.
    await socket.loginWithToken(user.api.credentials!.authToken);
    await socket.stream('notify-user', `${user.id}/userData`);
    const on = socket.nextPush('notify-user', `${user.id}/userData`, (p) => JSON.stringify(p.args).includes('services.totp.enabled'));
    const { backup } = await withTotp(user);
    expect((await on).args).toEqual([{ type: 'updated', id: user.id, diff: { 'services.totp.enabled': true }, unset: {} }]);
    const off = socket.nextPush('notify-user', `${user.id}/userData`, (p) => JSON.stringify(p.args).includes('services.totp.enabled'));
    expect((await user.api.post('/api/v1/users.disableTotp', { code: backup[0] })).body.disabled).toBe(true);
    expect((await off).args).toEqual([{ type: 'updated', id: user.id, diff: { 'services.totp.enabled': false }, unset: {} }]);
  });

  it("users.resetTOTP: one's own, or another user's with edit-other-user-totp; every session of that user ends", async () => {
    // Asked every time (no remembered client): TOTP for who has it, else the password.
    const byPassword = (password: string) => ({ 'x-2fa-code': sha256(password), 'x-2fa-method': 'password' });
    const reset = (api: RestClient, body: Record<string, unknown>, headers: Record<string, string>) =>
      api.send<Record<string, any>>('POST', '/api/v1/users.resetTOTP', body, headers);
    const asAdmin = (body: Record<string, unknown>) => reset(t.admin, body, byPassword(ADMIN.password));

    // Own: TOTP gone, every session ends (the caller's too, as Rocket.Chat's unsetLoginTokens).
    const self = await createUser(t.admin, 'totp-reset-self');
    const { app } = await withTotp(self);
    expect((await reset(self.api, {}, {})).body).toMatchObject({ success: false, errorType: 'totp-required', details: TOTP_DETAILS });
    expect((await reset(self.api, {}, { 'x-2fa-code': app.next(), 'x-2fa-method': 'totp' })).body).toEqual({ success: true });
    expect((await stored(self))?.totp).toBeUndefined();
    expect((await self.api.get('/api/v1/me')).status).toBe(401);
    expect((await login(self)).status).toBe(200);

    // Another user's: only with the permission (admins have it).
    const target = await createUser(t.admin, 'totp-reset-target', { verified: false });
    await withTotp(target);
    const bystander = await createUser(t.admin, 'totp-reset-bystander');
    const refused = await reset(bystander.api, { userId: target.id }, byPassword(STRONG_PASSWORD));
    expect(refused.body).toMatchObject({ success: false, errorType: 'error-not-allowed' });
    expect((await asAdmin({ username: 'nobody-at-all' })).body).toMatchObject({ success: false, errorType: 'error-invalid-user-id' });
    expect((await stored(target))?.totp).toMatchObject({ enabled: true });
    expect((await target.api.get('/api/v1/me')).status).toBe(200);

    // The target is mailed at every verified address before the reset: this stack has no mail server, so a
    // target with a verified address is not reset at all.
    const verified = await createUser(t.admin, 'totp-reset-mailed');
    await withTotp(verified);
    expect((await asAdmin({ user: verified.username })).body).toMatchObject({ success: false, errorType: 'error-email-send-failed' });
    expect((await stored(verified))?.totp).toMatchObject({ enabled: true });

    expect((await asAdmin({ user: target.username })).body).toEqual({ success: true });
    expect((await stored(target))?.totp).toBeUndefined();
    expect((await target.api.get('/api/v1/me')).status).toBe(401);
    expect((await login(target)).status).toBe(200);
  });

  it('Accounts_TwoFactorAuthentication_By_TOTP_Enabled off: TOTP is asked nowhere, live', async () => {
    const user = await createUser(t.admin, 'totp-setting');
    await withTotp(user);
    const setSetting = async (value: boolean) =>
      expect((await t.admin.post('/api/v1/settings/Accounts_TwoFactorAuthentication_By_TOTP_Enabled', { value })).status).toBe(200);
    try {
      await setSetting(false);
      await waitFor(async () => (await login(user)).status === 200, { describe: () => 'a login without a code once TOTP is off' });
    } finally {
      await setSetting(true);
    }
    await waitFor(async () => (await login(user)).body.error === 'totp-required', { describe: () => 'TOTP asked again' });
  });
});
