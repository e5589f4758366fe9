import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomBytes } from 'node:crypto';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { ADMIN, useStack } from '../support/stack.js';
import { ACCOUNTS, browseToCallback, startForgingTokenProxy, startIdp, type TestIdp } from './support/oidc-provider.js';
import { createUser } from './support/users.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Meteor's client state (`OAuth._stateParam`): base64 of `{loginStyle, credentialToken, isCordova}`. */
const meteorState = (credentialToken: string, loginStyle = 'popup', redirectUrl?: string) =>
  Buffer.from(JSON.stringify({ loginStyle, credentialToken, isCordova: false, ...(redirectUrl && { redirectUrl }) })).toString('base64');

const waitUntil = async <T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> => {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/**
 * Custom OAuth / OpenID Connect logins against a real provider (`oidc-provider` in this process): the
 * administrator adds and configures the service as Rocket.Chat's admin pages do, the login service list
 * shows it (REST and the live DDP publication), and the whole browser-less authorisation-code flow runs the
 * way Rocket.Chat's web client drives it, through the provider's login and consent forms, ending in REST
 * and DDP logins with the credential. Forged and replayed states, and an id token signed by a key the
 * provider never published, are refused and create nobody.
 */
describe('OAuth / OpenID Connect logins', () => {
  const t = useStack();
  let idp: TestIdp;
  let forger: { url: string; close(): Promise<void> };
  let gateway: string;
  const opened: DdpClient[] = [];

  const setSetting = async (id: string, value: unknown) => {
    const { status, body } = await t.admin.send(
      'POST',
      `/api/v1/settings/${id}`,
      { value },
      {
        'x-2fa-code': sha256(ADMIN.password),
        'x-2fa-method': 'password',
      },
    );
    if (status !== 200) throw new Error(`settings/${id}: ${status} ${JSON.stringify(body)}`);
  };
  const configurations = async () =>
    (await t.api.get<{ configurations: Array<Record<string, any>> }>('/api/v1/service.configurations')).body.configurations;
  const userCount = async () => (await t.admin.get<{ total: number }>('/api/v1/users.list', { count: 1 })).body.total;

  /** What Rocket.Chat's client does: the login URL from the published configuration, with its own state. */
  const loginUrl = async (service: string, credentialToken: string, loginStyle = 'popup', redirectUrl?: string) => {
    const configuration = (await configurations()).find((c) => c.service === service)!;
    const query = new URLSearchParams({
      client_id: configuration.clientId,
      redirect_uri: `${gateway}/_oauth/${service}`,
      response_type: 'code',
      state: meteorState(credentialToken, loginStyle, redirectUrl),
      scope: configuration.scope,
    });
    return `${configuration.authorizePath}?${query.toString()}`;
  };

  /** Reads the end-of-login page's hidden config (what Meteor's end_of_popup_response.js reads). */
  const endOfLoginConfig = (html: string) => {
    const json = /<div id="config" style="display:none;">([^<]*)<\/div>/
      .exec(html)![1]
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    return JSON.parse(json) as Record<string, any>;
  };

  const configureService = async (name: string, overrides: Record<string, unknown> = {}) => {
    const added = await t.admin.post('/api/v1/settings.addCustomOAuth', { name });
    expect(added.status).toBe(200);
    const values: Record<string, unknown> = {
      url: idp.issuer,
      token_path: '/token',
      identity_path: '/me',
      authorize_path: '/auth',
      scope: 'openid email profile',
      id: idp.clientId,
      secret: idp.clientSecret,
      identity_token_sent_via: 'header',
      button_label_text: `Sign in with ${name}`,
      ...overrides,
    };
    for (const [field, value] of Object.entries(values)) await setSetting(`Accounts_OAuth_Custom-${name}-${field}`, value);
    await setSetting(`Accounts_OAuth_Custom-${name}`, true);
    const service = name.toLowerCase();
    await waitUntil(
      configurations,
      (list) => list.some((c) => c.service === service && c.buttonLabelText === `Sign in with ${name}`),
      `${service} published`,
    );
  };

  beforeAll(async () => {
    gateway = t.stack.gatewayUrl();
    idp = await startIdp([`${gateway}/_oauth/keycloak`, `${gateway}/_oauth/rogue`, `${gateway}/_oauth/corp`]);
    forger = await startForgingTokenProxy(idp.issuer);
    await setSetting('Site_Url', gateway);
    await configureService('Keycloak');
    await configureService('Rogue', { token_path: forger.url });
  }, 60_000);
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((client) => client.close().catch(() => undefined)));
  });
  afterAll(async () => {
    await forger?.close();
    await idp?.close();
  });

  it('addCustomOAuth: an administrator only, with a name; the settings get Rocket.Chat ids and defaults', async () => {
    const user = await createUser(t.admin, 'oauth-plain');
    const refused = await user.api.post('/api/v1/settings.addCustomOAuth', { name: 'Nope' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ success: false, errorType: 'error-action-not-allowed' });
    const unnamed = await t.admin.post('/api/v1/settings.addCustomOAuth', { name: ' !! ' });
    expect(unnamed.body).toMatchObject({ success: false, errorType: 'error-name-param-not-provided' });

    const ddp = await DdpClient.connect(gateway);
    opened.push(ddp);
    await ddp.login(ADMIN.username, ADMIN.password);
    await ddp.call('addOAuthService', 'my-IdP');
    const scope = (await t.admin.get('/api/v1/settings/Accounts_OAuth_Custom-Myidp-scope')).body;
    expect(scope).toMatchObject({ _id: 'Accounts_OAuth_Custom-Myidp-scope', value: 'openid' });
    expect((await t.admin.get('/api/v1/settings/Accounts_OAuth_Custom-Myidp')).body.value).toBe(false);
    // Disabled: not a login service.
    expect((await configurations()).map((c) => c.service).sort()).toEqual(['keycloak', 'rogue']);
    expect((await t.admin.get('/api/v1/settings/Accounts_OAuth_Custom-Nope')).status).toBe(400);
  });

  it('service.configurations lists the enabled services without their secret, pointing the client at our start', async () => {
    const keycloak = (await configurations()).find((c) => c.service === 'keycloak')!;
    expect(keycloak).toMatchObject({
      service: 'keycloak',
      custom: true,
      clientId: idp.clientId,
      serverURL: idp.issuer,
      scope: 'openid email profile',
      loginStyle: 'popup',
      authorizePath: `${gateway}/_oauth/keycloak/authorize`,
    });
    expect(keycloak).not.toHaveProperty('secret');
    expect(JSON.stringify(await configurations())).not.toContain(idp.clientSecret);
  });

  it('the whole code flow: state and PKCE at the provider, the end-of-login page, then REST login with the credential', async () => {
    const before = await userCount();
    const credentialToken = randomBytes(16).toString('base64url');
    const start = await fetch(await loginUrl('keycloak', credentialToken), { redirect: 'manual' });
    expect(start.status).toBe(302);
    const toProvider = new URL(start.headers.get('location')!);
    expect(toProvider.origin + toProvider.pathname).toBe(`${idp.issuer}/auth`);
    expect(toProvider.searchParams.get('code_challenge_method')).toBe('S256');
    expect(toProvider.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(toProvider.searchParams.get('redirect_uri')).toBe(`${gateway}/_oauth/keycloak`);
    // The provider sees our own random state, not the client's (which carries its credential token).
    expect(toProvider.searchParams.get('state')).not.toContain(credentialToken);

    const callback = await browseToCallback(toProvider.toString(), 'ada', `${gateway}/_oauth/keycloak`);
    expect(new URL(callback).searchParams.get('code')).toBeTruthy();
    const page = await fetch(callback);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('/packages/oauth/end_of_popup_response.js');
    const config = endOfLoginConfig(html);
    expect(config).toMatchObject({
      setCredentialToken: true,
      credentialToken,
      storagePrefix: 'Meteor.oauth.credentialSecret-',
      isCordova: false,
    });
    const script = await fetch(`${gateway}/packages/oauth/end_of_popup_response.js`);
    expect(script.status).toBe(200);
    expect(await script.text()).toContain('_handleCredentialSecret');

    const wrongSecret = await t.api.post('/api/v1/login', { oauth: { credentialToken, credentialSecret: 'not-the-secret' } });
    expect(wrongSecret.status).toBe(401);
    const login = await t.api.post('/api/v1/login', { oauth: { credentialToken, credentialSecret: config.credentialSecret } });
    expect(login.status).toBe(200);
    expect(login.body.data.me).toMatchObject({
      username: 'ada.lovelace',
      name: 'Ada Lovelace',
      emails: [{ address: 'ada@idp.test', verified: true }],
    });
    expect(await userCount()).toBe(before + 1);
    const me = await t.api.as({ userId: login.body.data.userId, authToken: login.body.data.authToken }).get('/api/v1/me');
    expect(me.body.username).toBe('ada.lovelace');

    // The credential is spent once; the provider's redirect cannot be replayed either.
    const again = await t.api.post('/api/v1/login', { oauth: { credentialToken, credentialSecret: config.credentialSecret } });
    expect(again.status).toBe(401);
    const replay = await fetch(callback);
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain('error-oauth-invalid-state');
    expect(await userCount()).toBe(before + 1);
  });

  it('DDP login with the credential; a second login of the same person finds the same user (redirect style)', async () => {
    const first = await t.api.post('/api/v1/login', { user: 'ada.lovelace', password: 'whatever' });
    expect(first.status).toBe(401); // no password: only the provider logs this user in
    const before = await userCount();
    const credentialToken = randomBytes(16).toString('base64url');
    const back = `${gateway}/home`;
    const start = await fetch(await loginUrl('keycloak', credentialToken, 'redirect', back), { redirect: 'manual' });
    const callback = await browseToCallback(start.headers.get('location')!, 'ada', `${gateway}/_oauth/keycloak`);
    const html = await (await fetch(callback)).text();
    expect(html).toContain('/packages/oauth/end_of_redirect_response.js');
    const config = endOfLoginConfig(html);
    expect(config.redirectUrl).toBe(back);

    const ddp = await DdpClient.connect(gateway);
    opened.push(ddp);
    const result = await ddp.call<{ id: string; token: string; type: string }>('login', {
      oauth: { credentialToken, credentialSecret: config.credentialSecret },
    });
    expect(result.type).toBe('keycloak');
    const info = await t.admin.get('/api/v1/users.info', { username: 'ada.lovelace' });
    expect(info.body.user._id).toBe(result.id);
    expect(await userCount()).toBe(before);
    // The token works for the user's REST calls.
    expect((await t.api.as({ userId: result.id, authToken: result.token }).get('/api/v1/me')).body.username).toBe('ada.lovelace');
  });

  it('a forged state and a client state sending the browser elsewhere are refused; nothing is created', async () => {
    const before = await userCount();
    const forged = await fetch(`${gateway}/_oauth/keycloak?code=anything&state=${randomBytes(24).toString('base64url')}`);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('error-oauth-invalid-state');
    const noState = await fetch(`${gateway}/_oauth/keycloak?code=anything`);
    expect(noState.status).toBe(400);
    const elsewhere = await fetch(await loginUrl('keycloak', randomBytes(16).toString('base64url'), 'redirect', 'https://evil.example/'), {
      redirect: 'manual',
    });
    expect(elsewhere.status).toBe(400);
    const unknown = await fetch(`${gateway}/_oauth/nosuch/authorize?state=${meteorState('abcdefghijk')}`, { redirect: 'manual' });
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('service-not-configured');
    expect(await userCount()).toBe(before);
  });

  it("roles and channels from the provider's claims: merge_roles with roles_to_sync, map_channels with the group map", async () => {
    for (const name of ['corp-eng', 'corp-sales']) expect((await t.admin.post('/api/v1/channels.create', { name })).status).toBe(200);
    await configureService('Corp', {
      merge_roles: true,
      roles_claim: 'roles',
      roles_to_sync: 'livechat-agent,bot',
      map_channels: true,
      groups_claim: 'groups',
      channels_admin: 'admin',
      groups_channel_map: JSON.stringify({ engineering: 'corp-eng', sales: ['corp-sales'] }),
    });
    const loginAs = async () => {
      const credentialToken = randomBytes(16).toString('base64url');
      const start = await fetch(await loginUrl('corp', credentialToken), { redirect: 'manual' });
      const callback = await browseToCallback(start.headers.get('location')!, 'linus', `${gateway}/_oauth/corp`);
      const config = endOfLoginConfig(await (await fetch(callback)).text());
      const login = await t.api.post('/api/v1/login', { oauth: { credentialToken, credentialSecret: config.credentialSecret } });
      expect(login.status).toBe(200);
      return login.body.data.userId as string;
    };
    const state = async (userId: string) => {
      const info = (await t.admin.get('/api/v1/users.info', { userId, includeUserRooms: 'true' })).body.user;
      return {
        roles: [...(info.roles as string[])].sort(),
        rooms: (info.rooms as Array<{ name: string }>)
          .map((room) => room.name)
          .filter((name) => name.startsWith('corp-'))
          .sort(),
      };
    };

    // Only roles that exist and are listed in roles_to_sync are taken from the claim: never `admin`.
    ACCOUNTS.linus.roles = ['livechat-agent', 'admin', 'no-such-role'];
    ACCOUNTS.linus.groups = ['engineering', 'marketing'];
    const userId = await loginAs();
    expect(await state(userId)).toEqual({ roles: ['livechat-agent', 'user'], rooms: ['corp-eng'] });

    // The next login follows the provider: a synced role it no longer names goes, a group left means its channel too.
    ACCOUNTS.linus.roles = ['bot'];
    ACCOUNTS.linus.groups = ['sales'];
    expect(await loginAs()).toBe(userId);
    expect(await state(userId)).toEqual({ roles: ['bot', 'user'], rooms: ['corp-sales'] });

    // The other tests count on two services: this one goes again.
    await setSetting('Accounts_OAuth_Custom-Corp', false);
    await waitUntil(configurations, (list) => !list.some((c) => c.service === 'corp'), 'corp unpublished');
  });

  it('an id token signed by a key the provider never published is refused; nobody is created', async () => {
    const before = await userCount();
    const credentialToken = randomBytes(16).toString('base64url');
    const start = await fetch(await loginUrl('rogue', credentialToken), { redirect: 'manual' });
    const callback = await browseToCallback(start.headers.get('location')!, 'mallory', `${gateway}/_oauth/rogue`);
    const page = await fetch(callback);
    expect(page.status).toBe(400);
    const refusal = await page.text();
    expect(refusal).toContain('error-oauth-failed');
    expect(refusal).toContain('signature verification failed');
    expect(await userCount()).toBe(before);
    expect((await t.admin.get('/api/v1/users.info', { username: 'mallory' })).status).toBe(400);
    const login = await t.api.post('/api/v1/login', { oauth: { credentialToken, credentialSecret: 'anything' } });
    expect(login.status).toBe(401);
  });

  it('merge users: an e-mail already held is refused until merge_users links the existing user by it', async () => {
    const created = await t.admin.post('/api/v1/users.create', {
      username: 'grace.local',
      email: 'grace@idp.test',
      name: 'Grace (local)',
      password: 'Sturdy-pass-42',
      verified: true,
    });
    expect(created.status).toBe(200);
    const before = await userCount();
    const flow = async () => {
      const credentialToken = randomBytes(16).toString('base64url');
      const start = await fetch(await loginUrl('keycloak', credentialToken), { redirect: 'manual' });
      const page = await fetch(await browseToCallback(start.headers.get('location')!, 'grace', `${gateway}/_oauth/keycloak`));
      return { page, credentialToken };
    };
    const refused = await flow();
    expect(refused.page.status).toBe(400);
    expect(await refused.page.text()).toContain('Email already exists');
    expect(await userCount()).toBe(before);

    await setSetting('Accounts_OAuth_Custom-Keycloak-key_field', 'email');
    await setSetting('Accounts_OAuth_Custom-Keycloak-merge_users', true);
    await waitUntil(configurations, (list) => list.some((c) => c.service === 'keycloak' && c.mergeUsers === true), 'merge_users published');
    const merged = await flow();
    expect(merged.page.status).toBe(200);
    const { credentialSecret } = endOfLoginConfig(await merged.page.text());
    const login = await t.api.post('/api/v1/login', { oauth: { credentialToken: merged.credentialToken, credentialSecret } });
    expect(login.status).toBe(200);
    expect(login.body.data.userId).toBe(created.body.user._id);
    expect(login.body.data.me.username).toBe('grace.local');
    expect(await userCount()).toBe(before);
    // The local password still works for the linked user.
    expect((await t.api.post('/api/v1/login', { user: 'grace.local', password: 'Sturdy-pass-42' })).status).toBe(200);
  });

  it('meteor.loginServiceConfiguration publishes the services without secrets and follows changes live', async () => {
    const ddp = await DdpClient.connect(gateway);
    opened.push(ddp);
    await ddp.subscribe('meteor.loginServiceConfiguration');
    const added = ddp.frames.filter((f) => f.msg === 'added' && f.collection === 'meteor_accounts_loginServiceConfiguration');
    expect(added.map((f) => f.fields.service).sort()).toEqual(['keycloak', 'rogue']);
    for (const frame of added) expect(frame.fields).not.toHaveProperty('secret');
    const rogueId = added.find((f) => f.fields.service === 'rogue')!.id;

    const changed = ddp.waitFor((f) => f.msg === 'changed' && f.id === rogueId && f.fields.buttonColor === '#000000');
    await setSetting('Accounts_OAuth_Custom-Rogue-button_color', '#000000');
    await changed;
    const removed = ddp.waitFor((f) => f.msg === 'removed' && f.id === rogueId);
    await setSetting('Accounts_OAuth_Custom-Rogue', false);
    await removed;
    expect((await configurations()).map((c) => c.service)).toEqual(['keycloak']);
  });

  it('measures the server side of a login: the provider redirect (state, code exchange, keys, identity, user) and the login', async () => {
    const callbackMs: number[] = [];
    const loginMs: number[] = [];
    for (let round = 0; round < 10; round++) {
      const credentialToken = randomBytes(16).toString('base64url');
      const start = await fetch(await loginUrl('keycloak', credentialToken), { redirect: 'manual' });
      const callback = await browseToCallback(start.headers.get('location')!, 'ada', `${gateway}/_oauth/keycloak`);
      let at = performance.now();
      const page = await fetch(callback);
      callbackMs.push(performance.now() - at);
      const { credentialSecret } = endOfLoginConfig(await page.text());
      at = performance.now();
      const login = await t.api.post('/api/v1/login', { oauth: { credentialToken, credentialSecret } });
      loginMs.push(performance.now() - at);
      expect(login.status).toBe(200);
    }
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)].toFixed(1);
    console.log(`OAuth: /_oauth callback p50 ${median(callbackMs)} ms, login with the credential p50 ${median(loginMs)} ms (10 rounds)`);
  });

  it('login with a malformed oauth credential is refused in each protocol shape', async () => {
    const rest = await t.api.post('/api/v1/login', { oauth: { credentialToken: { $ne: null }, credentialSecret: 'x' } });
    expect(rest.status).toBe(400);
    const ddp = await DdpClient.connect(gateway);
    opened.push(ddp);
    const error = await ddp.call('login', { oauth: { credentialToken: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DdpError);
    expect((error as DdpError).error).toMatchObject({ error: 401, reason: 'User not found' });
  });
});
