import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import type { RestClient } from '../support/rest-client.js';
import { ADMIN, useStack } from '../support/stack.js';
import { Backdoor } from './support/backdoor.js';
import { createUser, STRONG_PASSWORD, type TestUser } from './support/users.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const DAY_MS = 24 * 60 * 60 * 1000;

/** What Rocket.Chat answers when the password stands in for a second factor the user does not have. */
const PASSWORD_DETAILS = { method: 'password', codeGenerated: false, availableMethods: [] };

/**
 * Re-authentication for sensitive actions (Rocket.Chat's `twoFactorRequired` with the password fallback):
 * personal access tokens, a new e-mail or password, users.update and settings ask for the password again —
 * REST in the `x-2fa-code` / `x-2fa-method` headers (or users.updateOwnBasicInfo's `currentPassword`), DDP as
 * the method's extra last argument `{twoFactorCode, twoFactorMethod}` — and a passed check is remembered for
 * the client on its login token (default 30 minutes, as is a user's registration).
 */
describe('re-authentication for sensitive actions', () => {
  const t = useStack({ env: { Accounts_AllowDeleteOwnAccount: 'true' } });
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

  /** A user registered long ago: Rocket.Chat does not ask within `RememberFor` of the registration. */
  const agedUser = async (prefix: string): Promise<TestUser> => {
    const user = await createUser(t.admin, prefix);
    await backdoor.update('users', { _id: user.id }, { $set: { createdAt: new Date(Date.now() - 2 * DAY_MS) } });
    return user;
  };
  const withCode = (api: RestClient, path: string, body: unknown, code: string, method = 'password') =>
    api.send<Record<string, any>>('POST', path, body, { 'x-2fa-code': code, 'x-2fa-method': method });
  const patNames = async (user: TestUser) =>
    (await user.api.get<{ tokens: Array<{ name: string }> }>('/api/v1/users.getPersonalAccessTokens')).body.tokens.map((pat) => pat.name);
  const ddpFor = async (user: TestUser, timeoutMs?: number) => {
    const client = await DdpClient.connect(t.stack.gatewayUrl(), { timeoutMs });
    opened.push(client);
    await client.loginWithToken(user.api.credentials!.authToken);
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

  it('REST: no code is totp-required with the method to use, a wrong one totp-invalid; neither creates a token', async () => {
    const user = await agedUser('pat-rest');
    const none = await user.api.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' });
    expect(none.status).toBe(400);
    expect(none.body).toEqual({
      success: false,
      error: 'TOTP Required [totp-required]',
      errorType: 'totp-required',
      details: PASSWORD_DETAILS,
    });

    const wrong = await withCode(user.api, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' }, sha256('not-it'));
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ success: false, errorType: 'totp-invalid', details: PASSWORD_DETAILS });
    expect(await patNames(user)).toEqual([]);

    const right = await withCode(user.api, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' }, sha256(STRONG_PASSWORD));
    expect(right.status).toBe(200);
    expect(right.body.token).toEqual(expect.any(String));
    expect(await patNames(user)).toEqual(['ci']);
  });

  it('takes the password in plain text too, and asks again for removing and regenerating', async () => {
    const user = await agedUser('pat-plain');
    expect((await withCode(user.api, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'a' }, STRONG_PASSWORD)).status).toBe(200);
    // A fresh login has no remembered check: the same requests ask again.
    const fresh = await t.api.login(user.username, STRONG_PASSWORD);
    for (const path of ['/api/v1/users.regeneratePersonalAccessToken', '/api/v1/users.removePersonalAccessToken']) {
      expect((await fresh.post(path, { tokenName: 'a' })).body.errorType).toBe('totp-required');
    }
    expect((await withCode(fresh, '/api/v1/users.removePersonalAccessToken', { tokenName: 'a' }, 'Wrong-pass-1')).body.errorType).toBe(
      'totp-invalid',
    );
    expect(await patNames(user)).toEqual(['a']);
    expect((await withCode(fresh, '/api/v1/users.removePersonalAccessToken', { tokenName: 'a' }, STRONG_PASSWORD)).status).toBe(200);
    expect(await patNames(user)).toEqual([]);
  });

  it('counts wrong passwords with the failed logins: once the user is locked out, even the right one is refused', async () => {
    const user = await agedUser('guess');
    const attempt = (code: string) => withCode(user.api, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'g' }, code);
    // LOGIN_FAILURES_PER_USER: 10 by default; the tenth wrong password starts the lock-out.
    for (let i = 0; i < 9; i++) expect((await attempt(`Wrong-${i}`)).body.errorType).toBe('totp-invalid');
    expect((await attempt('Wrong-9')).body.errorType).toBe('totp-max-attempts');
    expect((await attempt(STRONG_PASSWORD)).body).toMatchObject({ errorType: 'totp-max-attempts', details: PASSWORD_DETAILS });
    expect((await t.api.post('/api/v1/login', { user: user.username, password: STRONG_PASSWORD })).body.error).toBe(
      'error-login-blocked-for-user',
    );
    expect(await patNames(user)).toEqual([]);
  });

  it('remembers a passed check for the same client and login token until the window ends', async () => {
    const user = await agedUser('remember');
    expect(
      (await withCode(user.api, '/api/v1/users.generatePersonalAccessToken', { tokenName: 'one' }, sha256(STRONG_PASSWORD))).status,
    ).toBe(200);
    // Same token, same client: not asked again.
    expect((await user.api.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'two' })).status).toBe(200);
    // Another client (user agent) with the same token: asked.
    const otherAgent = await user.api.send<Record<string, any>>(
      'POST',
      '/api/v1/users.generatePersonalAccessToken',
      { tokenName: 'three' },
      { 'user-agent': 'other/1.0' },
    );
    expect(otherAgent.body.errorType).toBe('totp-required');

    // The window is stored on the login token; once past, the client is asked again.
    const hashedToken = createHash('sha256').update(user.api.credentials!.authToken).digest('base64');
    const stored = await backdoor.findOne('users', { _id: user.id });
    const entry = (stored?.services as { resume: { loginTokens: Array<Record<string, unknown>> } }).resume.loginTokens.find(
      (token) => token.hashedToken === hashedToken,
    );
    expect(entry).toMatchObject({ twoFactorAuthorizedHash: expect.any(String), twoFactorAuthorizedUntil: expect.any(Date) });
    const until = entry!.twoFactorAuthorizedUntil as Date;
    expect(until.getTime() - Date.now()).toBeGreaterThan(25 * 60 * 1000); // RememberFor: 1800 s by default
    await backdoor.update(
      'users',
      { _id: user.id, 'services.resume.loginTokens.hashedToken': hashedToken },
      { $set: { 'services.resume.loginTokens.$.twoFactorAuthorizedUntil': new Date(Date.now() - 1000) } },
    );
    expect((await user.api.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'four' })).body.errorType).toBe('totp-required');
    expect(await patNames(user)).toEqual(['one', 'two']);
  });

  it('does not ask a user registered within the window, nor a personal access token made to bypass it', async () => {
    const recent = await createUser(t.admin, 'recent');
    expect((await recent.api.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'x' })).status).toBe(200);

    const user = await agedUser('bypass');
    const make = (tokenName: string, bypassTwoFactor: boolean) =>
      withCode(user.api, '/api/v1/users.generatePersonalAccessToken', { tokenName, bypassTwoFactor }, sha256(STRONG_PASSWORD));
    const bypassing = user.api.as({ userId: user.id, authToken: (await make('bot', true)).body.token as string });
    const ordinary = user.api.as({ userId: user.id, authToken: (await make('plain', false)).body.token as string });
    expect((await bypassing.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'from-bot' })).status).toBe(200);
    expect((await ordinary.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'from-plain' })).body.errorType).toBe(
      'totp-required',
    );
  });

  it('users.updateOwnBasicInfo asks for the password on a new e-mail or password only, every time', async () => {
    const user = await agedUser('profile');
    expect((await user.api.post('/api/v1/users.updateOwnBasicInfo', { data: { nickname: 'nick' } })).status).toBe(200);

    const none = await user.api.post('/api/v1/users.updateOwnBasicInfo', { data: { newPassword: 'Other-pass-77' } });
    expect(none.body).toMatchObject({ errorType: 'totp-required', details: PASSWORD_DETAILS });
    const wrong = await user.api.post('/api/v1/users.updateOwnBasicInfo', {
      data: { newPassword: 'Other-pass-77', currentPassword: sha256('nope') },
    });
    expect(wrong.body.errorType).toBe('totp-invalid');
    expect((await t.api.post('/api/v1/login', { user: user.username, password: STRONG_PASSWORD })).status).toBe(200);

    const email = `${user.username}-new@e2e.test`;
    const changed = await user.api.post('/api/v1/users.updateOwnBasicInfo', { data: { email, currentPassword: sha256(STRONG_PASSWORD) } });
    expect(changed.status).toBe(200);
    expect(changed.body.user.emails[0].address).toBe(email);
    // Rocket.Chat's requireSecondFactor: no remembering; the headers are the other way to send the password.
    expect((await user.api.post('/api/v1/users.updateOwnBasicInfo', { data: { email: `a-${email}` } })).body.errorType).toBe(
      'totp-required',
    );
    const viaHeaders = await withCode(
      user.api,
      '/api/v1/users.updateOwnBasicInfo',
      { data: { newPassword: 'Other-pass-77' } },
      STRONG_PASSWORD,
    );
    expect(viaHeaders.status).toBe(200);
    expect((await t.api.post('/api/v1/login', { user: user.username, password: 'Other-pass-77' })).status).toBe(200);
  });

  it('users.update and settings ask the administrator too', async () => {
    const admin = await t.api.login(ADMIN.username, ADMIN.password);
    const adminId = admin.credentials!.userId;
    await backdoor.update('users', { _id: adminId }, { $set: { createdAt: new Date(Date.now() - 2 * DAY_MS) } });
    const user = await createUser(t.admin, 'target');

    const update = { userId: user.id, data: { name: 'Renamed' } };
    expect((await admin.post('/api/v1/users.update', update)).body.errorType).toBe('totp-required');
    expect((await withCode(admin, '/api/v1/users.update', update, sha256('wrong'))).body.errorType).toBe('totp-invalid');
    expect((await user.api.get('/api/v1/me')).body.name).toBe(`User ${user.username}`);
    expect((await withCode(admin, '/api/v1/users.update', update, sha256(ADMIN.password))).status).toBe(200);
    expect((await user.api.get('/api/v1/me')).body.name).toBe('Renamed');

    const fresh = await t.api.login(ADMIN.username, ADMIN.password);
    expect((await fresh.post('/api/v1/settings/Message_MaxAllowedSize', { value: 4000 })).body.errorType).toBe('totp-required');
    expect((await withCode(fresh, '/api/v1/settings/Message_MaxAllowedSize', { value: 4000 }, ADMIN.password)).status).toBe(200);
  });

  it('DDP: the code is the extra last argument {twoFactorCode, twoFactorMethod}, remembered for the socket', async () => {
    const user = await agedUser('pat-ddp');
    const socket = await ddpFor(user);

    const required = await ddpFailure(socket.call('personalAccessTokens:generateToken', { tokenName: 'd' }));
    expect(required).toMatchObject({ error: 'totp-required', reason: 'TOTP Required', details: PASSWORD_DETAILS });
    const invalid = await ddpFailure(
      socket.call('personalAccessTokens:generateToken', { tokenName: 'd' }, { twoFactorCode: sha256('x'), twoFactorMethod: 'password' }),
    );
    expect(invalid).toMatchObject({ error: 'totp-invalid', details: PASSWORD_DETAILS });
    expect(await patNames(user)).toEqual([]);

    const token = await socket.call(
      'personalAccessTokens:generateToken',
      { tokenName: 'd' },
      { twoFactorCode: sha256(STRONG_PASSWORD), twoFactorMethod: 'password' },
    );
    expect(token).toEqual(expect.any(String));
    await socket.call('personalAccessTokens:removeToken', { tokenName: 'd' });
    expect(await patNames(user)).toEqual([]);

    // saveUserProfile (a new password) asks every time, as over REST.
    const profile = await ddpFailure(socket.call('saveUserProfile', { newPassword: 'Ddp-pass-88' }, {}));
    expect(profile.error).toBe('totp-required');
    expect(
      await socket.call(
        'saveUserProfile',
        { newPassword: 'Ddp-pass-88' },
        {},
        { twoFactorCode: sha256(STRONG_PASSWORD), twoFactorMethod: 'password' },
      ),
    ).toBe(true);
    expect((await t.api.post('/api/v1/login', { user: user.username, password: 'Ddp-pass-88' })).status).toBe(200);
  });

  it("deleting one's own account needs the password (REST users.deleteOwnAccount, DDP deleteUserOwnAccount)", async () => {
    const rest = await agedUser('delete-rest');
    const wrong = await rest.api.post('/api/v1/users.deleteOwnAccount', { password: sha256('nope') });
    expect(wrong.body).toMatchObject({ success: false, errorType: 'error-invalid-password' });
    expect((await rest.api.get('/api/v1/me')).status).toBe(200);
    expect((await rest.api.post('/api/v1/users.deleteOwnAccount', { password: sha256(STRONG_PASSWORD) })).body).toEqual({ success: true });
    expect(await backdoor.count('users', { _id: rest.id })).toBe(0);
    expect((await rest.api.get('/api/v1/me')).status).toBe(401);

    const ddp = await agedUser('delete-ddp');
    // A short wait for answers: the last call's may never come (below).
    const socket = await ddpFor(ddp, 3_000);
    expect((await ddpFailure(socket.call('deleteUserOwnAccount', sha256('nope')))).error).toBe('error-invalid-password');
    // The session ends with the account: the socket closes, possibly before the method's result reaches it.
    const deleted = socket.call('deleteUserOwnAccount', sha256(STRONG_PASSWORD)).catch(() => 'no result');
    expect([true, 'closed']).toContain(await Promise.race([deleted, socket.closed.then(() => 'closed')]));
    expect(await backdoor.count('users', { _id: ddp.id })).toBe(0);
  });

  it('REST method.call takes the code from the x-2fa headers, as Rocket.Chat', async () => {
    const user = await agedUser('pat-call');
    const call = (headers: Record<string, string> = {}) =>
      user.api.send<Record<string, any>>(
        'POST',
        '/api/v1/method.call/personalAccessTokens:generateToken',
        { message: JSON.stringify({ msg: 'method', id: '1', method: 'personalAccessTokens:generateToken', params: [{ tokenName: 'm' }] }) },
        headers,
      );
    const refused = await call();
    expect(JSON.parse(refused.body.message as string).error).toMatchObject({ error: 'totp-required' });
    const done = await call({ 'x-2fa-code': sha256(STRONG_PASSWORD), 'x-2fa-method': 'password' });
    expect(done.status).toBe(200);
    expect(JSON.parse(done.body.message as string).result).toEqual(expect.any(String));
  });
});
