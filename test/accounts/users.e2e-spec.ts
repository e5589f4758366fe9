import { describe, expect, it, beforeAll, afterAll } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DdpClient } from '../support/ddp-client.js';
import { RestClient } from '../support/rest-client.js';
import { ADMIN, useStack } from '../support/stack.js';
import { Backdoor } from './support/backdoor.js';
import { createUser, STRONG_PASSWORD, uniqueName, type TestUser } from './support/users.js';
import { requestsHandled } from '../support/health.js';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Users, sessions and personal access tokens, against two accounts instances behind one gateway. */
describe('accounts: users, sessions and tokens', () => {
  const t = useStack({
    instances: { accounts: 2 },
    env: {
      Accounts_Password_Policy_Enabled: 'true',
      Accounts_Password_Policy_MinLength: '8',
      LOGIN_RATE_LIMIT_PER_IP: '1000',
    },
  });
  let backdoor: Backdoor;
  beforeAll(async () => {
    backdoor = await Backdoor.open(t.stack.natsUrl, t.stack.mongoUrl);
  });
  afterAll(async () => {
    await backdoor?.close();
  });

  const register = (body: Record<string, unknown>, client: RestClient = t.api) => client.post('/api/v1/users.register', body);

  describe('sessions', () => {
    it('registers, logs in, reads /me, logs out, and then refuses the old token', async () => {
      const username = uniqueName('reg');
      const email = `${username}@e2e.test`;
      const registered = await register({ username, email, pass: STRONG_PASSWORD, name: 'Reg Istered' });
      expect(registered.status).toBe(200);
      expect(registered.body).toMatchObject({ success: true, user: { username, name: 'Reg Istered', active: true, type: 'user' } });
      // Rocket.Chat's answer to an anonymous caller: no address, roles, dates or services (limitedUserFieldsToExclude).
      for (const hidden of ['emails', 'roles', 'createdAt', '_updatedAt', 'services', 'settings']) {
        expect(registered.body.user).not.toHaveProperty(hidden);
      }

      const login = await t.api.post('/api/v1/login', { user: username, password: STRONG_PASSWORD });
      expect(login.status).toBe(200);
      expect(login.body).toMatchObject({ status: 'success', data: { userId: registered.body.user._id, me: { username } } });
      expect(JSON.stringify(login.body)).not.toMatch(/bcrypt|hashedToken|loginTokens/);
      const session = t.api.as({ userId: login.body.data.userId, authToken: login.body.data.authToken });

      const me = await session.get('/api/v1/me');
      expect(me.status).toBe(200);
      expect(me.body).toMatchObject({
        success: true,
        _id: registered.body.user._id,
        username,
        emails: [{ address: email, verified: false }],
      });
      // Rocket.Chat's `email` is the first verified address: none yet.
      expect(me.body.email).toBeUndefined();

      expect((await session.post('/api/v1/logout')).body).toMatchObject({
        status: 'success',
        data: { message: "You've been logged out!" },
      });
      const after = await session.get('/api/v1/me');
      expect(after.status).toBe(401);
      expect(after.body).toEqual({
        success: false,
        status: 'error',
        message: 'You must be logged in to do this.',
        error: 'You must be logged in to do this.',
      });

      // By e-mail, with the password's SHA-256 digest as Meteor clients send it.
      const byDigest = await t.api.post('/api/v1/login', {
        user: email,
        password: { digest: sha256(STRONG_PASSWORD), algorithm: 'sha-256' },
      });
      expect(byDigest.status).toBe(200);
      expect(byDigest.body.data.userId).toBe(registered.body.user._id);
    });

    it('resumes a session with its token, and refuses unknown or logged-out tokens', async () => {
      const user = await createUser(t.admin, 'resume');
      const token = user.api.credentials!.authToken;
      const resumed = await t.api.post('/api/v1/login', { resume: token });
      expect(resumed.status).toBe(200);
      expect(resumed.body.data).toMatchObject({ userId: user.id, authToken: token, me: { username: user.username } });

      expect((await t.api.post('/api/v1/login', { resume: 'no-such-token' })).body).toMatchObject({
        status: 'error',
        error: 'Unauthorized',
      });
      await user.api.post('/api/v1/logout');
      const afterLogout = await t.api.post('/api/v1/login', { resume: token });
      expect(afterLogout.status).toBe(401);
    });

    it('answers a wrong username and a wrong password alike', async () => {
      const user = await createUser(t.admin, 'same');
      const wrongPassword = await t.api.post('/api/v1/login', { user: user.username, password: 'Not-the-password-1' });
      const wrongUser = await t.api.post('/api/v1/login', { user: uniqueName('nobody'), password: 'Not-the-password-1' });
      expect(wrongPassword.status).toBe(401);
      expect(wrongUser.status).toBe(401);
      expect(wrongUser.body).toEqual(wrongPassword.body);
      expect(wrongUser.body).toEqual({ success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' });
    });

    it('refuses weak passwords, taken or malformed names and e-mails, and ignores credentials sent along', async () => {
      const taken = await createUser(t.admin, 'Taken');
      const fresh = () => ({ username: uniqueName('fresh'), email: `${uniqueName('fresh')}@e2e.test`, pass: STRONG_PASSWORD, name: 'F' });
      // Rocket.Chat's route answers its own checks as plain texts (no errorType); its user insert a taken address
      // with Meteor's numeric 403.
      const cases: Array<[Record<string, unknown>, string | number | undefined, RegExp]> = [
        [{ ...fresh(), pass: 'short' }, 'error-password-policy-not-met', /password policy/],
        [{ ...fresh(), username: taken.username.toUpperCase() }, undefined, /^Username is already in use$/],
        [{ ...fresh(), username: 'administrator' }, undefined, /^Username is already in use$/],
        [{ ...fresh(), username: 'has space' }, undefined, /^The username provided is not valid$/],
        [{ ...fresh(), email: 'not-an-email' }, 'error-invalid-email', /Invalid email/],
        [{ ...fresh(), email: taken.email.toUpperCase() }, 403, /^Email already exists\. \[403\]$/],
      ];
      for (const [body, errorType, message] of cases) {
        const response = await register(body);
        expect({ body, status: response.status, errorType: response.body.errorType }).toEqual({ body, status: 400, errorType });
        expect(response.body.error).toMatch(message);
      }
      const weak = await register({ ...fresh(), pass: 'short' });
      expect(weak.body.details.reasons.map((r: { error: string }) => r.error)).toContain('error-password-policy-not-met-minLength');

      // Rocket.Chat 7 authenticates only routes that require it: credentials sent to users.register are ignored.
      const loggedIn = await register(fresh(), taken.api);
      expect(loggedIn.status).toBe(200);
      const spaced = await t.admin.get('/api/v1/users.list', { query: JSON.stringify({ username: 'has space' }) });
      expect(spaced.body.total).toBe(0);
    });
  });

  describe('administration', () => {
    let alice: TestUser;
    let bob: TestUser;
    beforeAll(async () => {
      alice = await createUser(t.admin, 'alice');
      bob = await createUser(t.admin, 'bob');
    });

    it('lets an administrator create users, with roles, and refuses others', async () => {
      const username = uniqueName('made');
      const created = await t.admin.post('/api/v1/users.create', {
        username,
        email: `${username}@e2e.test`,
        name: 'Made By Admin',
        password: STRONG_PASSWORD,
        roles: ['user', 'bot'],
        verified: true,
      });
      expect(created.status).toBe(200);
      expect(created.body.user).toMatchObject({
        username,
        roles: ['user', 'bot'],
        emails: [{ address: `${username}@e2e.test`, verified: true }],
      });
      expect(created.body.user.services).toBeUndefined();
      expect((await t.api.post('/api/v1/login', { user: username, password: STRONG_PASSWORD })).status).toBe(200);

      const refused = await alice.api.post('/api/v1/users.create', {
        username: uniqueName('nope'),
        email: `${uniqueName('nope')}@e2e.test`,
        name: 'Nope',
        password: STRONG_PASSWORD,
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        success: false,
        errorType: 'error-action-not-allowed',
        error: 'Adding user is not allowed [error-action-not-allowed]',
      });

      const badRole = await t.admin.post('/api/v1/users.create', {
        username: uniqueName('badrole'),
        email: `${uniqueName('badrole')}@e2e.test`,
        name: 'Bad Role',
        password: STRONG_PASSWORD,
        roles: ['no-such-role'],
      });
      expect(badRole.body).toMatchObject({ errorType: 'error-action-not-allowed', error: expect.stringMatching(/invalid role id/) });
      const duplicate = await t.admin.post('/api/v1/users.create', {
        username: uniqueName('dup'),
        email: bob.email,
        name: 'Dup',
        password: STRONG_PASSWORD,
      });
      expect(duplicate.body.errorType).toBe('error-field-unavailable');
    });

    it('shows e-mails and roles only to the user themselves and to administrators', async () => {
      const other = await alice.api.get('/api/v1/users.info', { username: bob.username });
      expect(other.status).toBe(200);
      expect(other.body.user).toMatchObject({ _id: bob.id, username: bob.username, canViewAllInfo: false });
      expect(other.body.user.emails).toBeUndefined();
      expect(other.body.user.roles).toBeUndefined();
      expect(other.body.user.services).toBeUndefined();

      const self = await alice.api.get('/api/v1/users.info', { userId: alice.id, includeUserRooms: 'true' });
      expect(self.body.user).toMatchObject({
        emails: [{ address: alice.email }],
        roles: ['user'],
        canViewAllInfo: true,
        services: { password: true },
      });
      expect(JSON.stringify(self.body)).not.toMatch(/bcrypt|hashedToken|loginTokens/);
      // The user's rooms in brief (the default rooms core joined them to, if any).
      expect(Array.isArray(self.body.user.rooms)).toBe(true);
      for (const room of self.body.user.rooms) {
        expect(['_id', 'rid', 'name', 't', 'roles', 'unread']).toEqual(expect.arrayContaining(Object.keys(room)));
      }
      const othersRooms = await alice.api.get('/api/v1/users.info', { userId: bob.id, includeUserRooms: 'true' });
      expect(othersRooms.body.user.rooms).toBeUndefined();

      const byAdmin = await t.admin.get('/api/v1/users.info', { userId: bob.id });
      expect(byAdmin.body.user).toMatchObject({ emails: [{ address: bob.email }], canViewAllInfo: true });
      expect(byAdmin.body.user.services).toBeUndefined();

      const missing = await alice.api.get('/api/v1/users.info', { username: uniqueName('ghost') });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toMatch(/User not found/);
    });

    it('lists users page by page, sorted, filtered only on fields the caller may see', async () => {
      const first = await t.admin.get('/api/v1/users.list', { count: 2, offset: 0, sort: JSON.stringify({ username: -1 }) });
      expect(first.body).toMatchObject({ success: true, count: 2, offset: 0 });
      expect(first.body.total).toBeGreaterThanOrEqual(4);
      const names = first.body.users.map((u: { username: string }) => u.username);
      expect(names).toEqual([...names].sort().reverse());
      const second = await t.admin.get('/api/v1/users.list', { count: 2, offset: 2, sort: JSON.stringify({ username: -1 }) });
      expect(second.body.users.map((u: { username: string }) => u.username)).not.toContain(names[0]);
      expect(first.body.users[0].emails).toBeDefined();

      const byEmail = await t.admin.get('/api/v1/users.list', { query: JSON.stringify({ 'emails.address': bob.email.toUpperCase() }) });
      expect(byEmail.body).toMatchObject({ total: 1, users: [{ _id: bob.id }] });

      const plain = await alice.api.get('/api/v1/users.list', {
        count: 100,
        fields: JSON.stringify({ emails: 1, services: 1, nickname: 1 }),
      });
      expect(plain.status).toBe(200);
      for (const user of plain.body.users) {
        expect(Object.keys(user).sort()).toEqual(expect.arrayContaining(['_id', 'username']));
        expect(user.emails).toBeUndefined();
        expect(user.services).toBeUndefined();
        expect(user.roles).toBeUndefined();
      }
      // Rocket.Chat's parseJsonQuery drops what the caller may not query (the filter is ignored); a column not
      // answered is isValidQuery's `Invalid attribute`, until `fields` asks for it.
      const hiddenQuery = await alice.api.get('/api/v1/users.list', { count: 1, query: JSON.stringify({ 'emails.address': bob.email }) });
      expect(hiddenQuery.body.total).toBe((await alice.api.get('/api/v1/users.list', { count: 1 })).body.total);
      const notAnswered = await alice.api.get('/api/v1/users.list', { query: JSON.stringify({ nickname: 'ali' }) });
      expect({ status: notAnswered.status, body: notAnswered.body }).toEqual({
        status: 400,
        body: { success: false, error: 'Invalid attribute: nickname [error-invalid-query]', errorType: 'error-invalid-query' },
      });
      const asked = await alice.api.get('/api/v1/users.list', {
        query: JSON.stringify({ nickname: 'nobody-has-this' }),
        fields: '{"nickname":1}',
      });
      expect(asked.body).toMatchObject({ success: true, total: 0 });
      const hiddenSort = await alice.api.get('/api/v1/users.list', { sort: JSON.stringify({ lastLogin: -1 }) });
      expect(hiddenSort.body.errorType).toBe('error-invalid-sort');
      const notJson = await alice.api.get('/api/v1/users.list', { query: '{username:' });
      expect(notJson.body.errorType).toBe('error-invalid-query');
    });

    it('lets users edit themselves, others only with edit-other-user-info, and roles only with assign-roles', async () => {
      const own = await alice.api.post('/api/v1/users.update', { userId: alice.id, data: { name: 'Alice Renamed', nickname: 'ali' } });
      expect(own.status).toBe(200);
      expect(own.body.user).toMatchObject({ _id: alice.id, name: 'Alice Renamed', nickname: 'ali' });
      expect(own.body.user.services).toBeUndefined();

      const selfAdmin = await alice.api.post('/api/v1/users.update', { userId: alice.id, data: { roles: ['user', 'admin'] } });
      expect(selfAdmin.body).toMatchObject({
        errorType: 'error-action-not-allowed',
        error: expect.stringMatching(/Assigning admin is not allowed/),
      });
      const selfRoles = await alice.api.post('/api/v1/users.update', { userId: alice.id, data: { roles: ['user', 'bot'] } });
      expect(selfRoles.body.error).toMatch(/Assign roles is not allowed/);
      const other = await alice.api.post('/api/v1/users.update', { userId: bob.id, data: { name: 'Hijacked' } });
      expect(other.body.error).toMatch(/Editing user is not allowed/);
      expect((await t.admin.get('/api/v1/users.info', { userId: bob.id })).body.user.name).not.toBe('Hijacked');

      const roles = await t.admin.post('/api/v1/users.update', { userId: bob.id, data: { roles: ['user', 'bot'] } });
      expect(roles.body.user.roles).toEqual(['user', 'bot']);
      expect((await bob.api.get('/api/v1/me')).body.roles).toEqual(['user', 'bot']);

      const lastAdmin = await t.admin.post('/api/v1/users.update', { userId: t.admin.credentials!.userId, data: { roles: ['user'] } });
      expect(lastAdmin.body.error).toMatch(/without admins/);
    });

    it('ends every session of a deactivated user, and of one whose password an administrator sets', async () => {
      const carol = await createUser(t.admin, 'carol');
      const off = await t.admin.post('/api/v1/users.update', { userId: carol.id, data: { active: false } });
      expect(off.body.user.active).toBe(false);
      expect((await carol.api.get('/api/v1/me')).status).toBe(401);
      const inactive = await t.api.post('/api/v1/login', { user: carol.username, password: STRONG_PASSWORD });
      expect(inactive.status).toBe(401);
      expect(inactive.body).toMatchObject({ error: 'error-user-is-not-activated' });
      expect((await alice.api.post('/api/v1/users.update', { userId: carol.id, data: { active: true } })).body.error).toMatch(
        /Editing user is not allowed/,
      );

      await t.admin.post('/api/v1/users.update', { userId: carol.id, data: { active: true } });
      const session = await t.api.login(carol.username, STRONG_PASSWORD);
      const pat = (await session.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'bot' })).body.token;
      const reset = await t.admin.post('/api/v1/users.update', { userId: carol.id, data: { password: 'Brand-new-pass-7' } });
      expect(reset.status).toBe(200);
      expect((await session.get('/api/v1/me')).status).toBe(401);
      // Sessions end with the old password; an integration's personal access token does not.
      expect((await t.api.as({ userId: carol.id, authToken: pat }).get('/api/v1/me')).status).toBe(200);
      expect((await t.api.post('/api/v1/login', { user: carol.username, password: STRONG_PASSWORD })).status).toBe(401);
      expect((await t.api.post('/api/v1/login', { user: carol.username, password: 'Brand-new-pass-7' })).status).toBe(200);
    });

    it('asks for the current password on a new password in users.updateOwnBasicInfo, which ends the other sessions', async () => {
      const dave = await createUser(t.admin, 'dave');
      const other = await t.api.login(dave.username, STRONG_PASSWORD);
      // Rocket.Chat asks only for a new e-mail or password (test/accounts/reauthentication.e2e-spec.ts has the rest).
      expect((await dave.api.post('/api/v1/users.updateOwnBasicInfo', { data: { bio: 'hi' } })).status).toBe(200);
      const missing = await dave.api.post('/api/v1/users.updateOwnBasicInfo', { data: { nickname: 'dv', newPassword: 'Second-pass-99' } });
      expect(missing.body).toMatchObject({ success: false, errorType: 'totp-required', details: { method: 'password' } });
      const wrong = await dave.api.post('/api/v1/users.updateOwnBasicInfo', {
        data: { nickname: 'dv', newPassword: 'Second-pass-99', currentPassword: sha256('wrong') },
      });
      expect(wrong.body.errorType).toBe('totp-invalid');
      const weak = await dave.api.post('/api/v1/users.updateOwnBasicInfo', {
        data: { newPassword: 'weak', currentPassword: sha256(STRONG_PASSWORD) },
      });
      expect(weak.body.errorType).toBe('error-password-policy-not-met');

      const changed = await dave.api.post('/api/v1/users.updateOwnBasicInfo', {
        data: { nickname: 'dv', newPassword: 'Second-pass-99', currentPassword: sha256(STRONG_PASSWORD) },
      });
      expect(changed.status).toBe(200);
      expect(changed.body.user).toMatchObject({ _id: dave.id, nickname: 'dv' });
      expect((await dave.api.get('/api/v1/me')).status).toBe(200);
      expect((await other.get('/api/v1/me')).status).toBe(401);
      expect((await t.api.post('/api/v1/login', { user: dave.username, password: 'Second-pass-99' })).status).toBe(200);
    });

    it('deletes users only with delete-user; the deleted user is gone with their sessions', async () => {
      const erin = await createUser(t.admin, 'erin');
      // users.create joined erin to the default rooms (core's rooms.joinDefaultRooms).
      const memberships = () => backdoor.count('rocketchat_subscription', { 'u._id': erin.id });
      expect(await memberships()).toBeGreaterThan(0);
      const refused = await alice.api.post('/api/v1/users.delete', { userId: erin.id });
      expect(refused.status).toBe(403);
      // Rocket.Chat's users.delete checks inside: `API.v1.unauthorized()`.
      expect(refused.body).toEqual({ success: false, error: 'unauthorized' });
      expect((await erin.api.get('/api/v1/me')).status).toBe(200);

      const deleted = await t.admin.post('/api/v1/users.delete', { username: erin.username });
      expect(deleted.body).toEqual({ success: true });
      // ... and left them all on deletion (core's rooms.removeUserEverywhere).
      expect(await memberships()).toBe(0);
      expect((await erin.api.get('/api/v1/me')).status).toBe(401);
      expect((await t.admin.get('/api/v1/users.info', { userId: erin.id })).body.error).toMatch(/User not found/);
      expect((await t.api.post('/api/v1/login', { user: erin.username, password: STRONG_PASSWORD })).body.error).toBe('Unauthorized');

      const unknown = await t.admin.post('/api/v1/users.delete', { userId: 'no-such-user' });
      expect(unknown.body.errorType).toBe('error-invalid-user');
      const self = await t.admin.post('/api/v1/users.delete', { userId: t.admin.credentials!.userId });
      expect(self.body.error).toMatch(/without admins/);
    });
  });

  describe('personal access tokens', () => {
    it('generates a token shown once and stored hashed, that authenticates REST, and can be regenerated and removed', async () => {
      const user = await createUser(t.admin, 'pat');
      const generated = await user.api.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' });
      expect(generated.status).toBe(200);
      const token: string = generated.body.token;
      expect(token).toMatch(/^[A-Za-z0-9_-]{40,}$/);

      const stored = await backdoor.findOne('users', { _id: user.id });
      const record = (stored!.services as { resume: { loginTokens: Array<Record<string, unknown>> } }).resume.loginTokens.find(
        (l) => l.name === 'ci',
      )!;
      expect(record).toMatchObject({ type: 'personalAccessToken', lastTokenPart: token.slice(-6), bypassTwoFactor: false });
      expect(record.hashedToken).toBe(createHash('sha256').update(token).digest('base64'));
      expect(JSON.stringify(stored)).not.toContain(token);

      const listed = await user.api.get('/api/v1/users.getPersonalAccessTokens');
      expect(listed.body.tokens).toEqual([
        { name: 'ci', createdAt: expect.any(String), lastTokenPart: token.slice(-6), bypassTwoFactor: false },
      ]);
      expect(JSON.stringify(listed.body)).not.toContain(token);

      const viaToken = t.api.as({ userId: user.id, authToken: token });
      expect((await viaToken.get('/api/v1/me')).body).toMatchObject({ _id: user.id, username: user.username });
      // Rocket.Chat's logout removes whichever token it is called with: a personal access token is revoked too.
      const probe = (await user.api.post<{ token: string }>('/api/v1/users.generatePersonalAccessToken', { tokenName: 'probe' })).body
        .token;
      const viaProbe = t.api.as({ userId: user.id, authToken: probe });
      expect((await viaProbe.post('/api/v1/logout')).status).toBe(200);
      expect((await viaProbe.get('/api/v1/me')).status).toBe(401);
      expect((await viaToken.get('/api/v1/me')).status).toBe(200);

      const again = await user.api.post('/api/v1/users.generatePersonalAccessToken', { tokenName: 'ci' });
      expect(again.body).toMatchObject({ success: false, errorType: 'error-token-already-exists' });

      const regenerated = await user.api.post('/api/v1/users.regeneratePersonalAccessToken', { tokenName: 'ci' });
      expect(regenerated.body.token).not.toBe(token);
      expect((await viaToken.get('/api/v1/me')).status).toBe(401);
      const viaNew = t.api.as({ userId: user.id, authToken: regenerated.body.token });
      expect((await viaNew.get('/api/v1/me')).status).toBe(200);

      expect((await user.api.post('/api/v1/users.removePersonalAccessToken', { tokenName: 'ci' })).body).toEqual({ success: true });
      expect((await viaNew.get('/api/v1/me')).status).toBe(401);
      const gone = await user.api.post('/api/v1/users.removePersonalAccessToken', { tokenName: 'ci' });
      expect(gone.body.errorType).toBe('error-token-does-not-exists');
      const regenerateGone = await user.api.post('/api/v1/users.regeneratePersonalAccessToken', { tokenName: 'ci' });
      expect(regenerateGone.body.errorType).toBe('error-token-does-not-exists');
    });
  });

  describe('a renamed or deleted user, everywhere Rocket.Chat keeps them', () => {
    let rena: TestUser;
    let pal: TestUser;
    let pal2: TestUser;
    /** pal's DDP connection, listening to what every logged-in client hears about users. */
    let palDdp: DdpClient;
    let channelId: string;
    let directId: string;
    let groupDirectId: string;
    const renamed = uniqueName('renamed');

    const ok = <T extends { status: number; body: Record<string, any> }>(response: T) => {
      if (response.status !== 200) throw new Error(`expected success, got ${response.status} ${JSON.stringify(response.body)}`);
      return response.body;
    };
    const history = async () =>
      ok(await pal.api.get('/api/v1/channels.history', { roomId: channelId, count: 50 })).messages as Array<Record<string, any>>;
    const palSubscription = async (rid: string) =>
      (ok(await pal.api.get('/api/v1/subscriptions.get')).update as Array<Record<string, any>>).find((s) => s.rid === rid)!;

    beforeAll(async () => {
      rena = await createUser(t.admin, 'rena');
      pal = await createUser(t.admin, 'pal');
      pal2 = await createUser(t.admin, 'pal2');
      channelId = ok(await rena.api.post('/api/v1/channels.create', { name: uniqueName('renames'), members: [pal.username] })).channel._id;
      const own = ok(await rena.api.post('/api/v1/chat.sendMessage', { message: { rid: channelId, msg: 'first draft' } })).message;
      ok(await rena.api.post('/api/v1/chat.update', { roomId: channelId, msgId: own._id, text: 'written by rena' }));
      ok(
        await pal.api.post('/api/v1/chat.sendMessage', {
          message: { rid: channelId, msg: `hey @${rena.username}, and again @${rena.username.toUpperCase()}` },
        }),
      );
      directId = ok(await pal.api.post('/api/v1/im.create', { username: rena.username })).room._id;
      groupDirectId = ok(await pal.api.post('/api/v1/im.create', { usernames: `${rena.username},${pal2.username}` })).room._id;
      palDdp = await DdpClient.connect(t.stack.gatewayUrl());
      await palDdp.login(pal.username, pal.password);
      await palDdp.stream('notify-logged', 'Users:NameChanged');
      await palDdp.stream('notify-logged', 'Users:Deleted');
    });
    afterAll(async () => {
      await palDdp?.close();
    });

    it('a new username reaches messages, mentions, rooms and subscriptions, and every logged-in client', async () => {
      const announced = palDdp.nextPush('notify-logged', 'Users:NameChanged', (p) => p.args[0]._id === rena.id);
      ok(await t.admin.post('/api/v1/users.update', { userId: rena.id, data: { username: renamed, name: 'Rena Renamed' } }));
      expect((await announced).args).toEqual([{ _id: rena.id, username: renamed, name: 'Rena Renamed' }]);

      const messages = await history();
      const written = messages.find((m) => m.msg === 'written by rena')!;
      expect(written).toMatchObject({ u: { _id: rena.id, username: renamed }, editedBy: { _id: rena.id, username: renamed } });
      const mention = messages.find((m) => m.u._id === pal.id && !m.t)!;
      expect(mention.msg).toBe(`hey @${renamed}, and again @${renamed}`);
      expect(mention.mentions).toEqual([expect.objectContaining({ _id: rena.id, username: renamed })]);
      expect(JSON.stringify(mention.md)).toContain(renamed);

      expect(ok(await pal.api.get('/api/v1/channels.info', { roomId: channelId })).channel.u).toMatchObject({
        _id: rena.id,
        username: renamed,
      });
      const ims = ok(await pal.api.get('/api/v1/im.list')).ims as Array<Record<string, any>>;
      expect(ims.find((r) => r._id === directId)!.usernames.sort()).toEqual([pal.username, renamed].sort());
      expect(ims.find((r) => r._id === groupDirectId)!.usernames).toContain(renamed);

      // The others see the direct messages under the new name; rena's own subscriptions carry it.
      expect(await palSubscription(directId)).toMatchObject({ name: renamed, fname: 'Rena Renamed' });
      const group = await palSubscription(groupDirectId);
      expect(group.name.split(', ').sort()).toEqual([pal2.username, renamed].sort());
      expect(group.fname).toContain('Rena Renamed');
      const renasOwn = ok(await rena.api.get('/api/v1/subscriptions.get')).update as Array<Record<string, any>>;
      expect(renasOwn.length).toBeGreaterThanOrEqual(3);
      expect(renasOwn.every((s) => s.u.username === renamed)).toBe(true);
      expect(renasOwn.find((s) => s.rid === directId)).toMatchObject({ name: pal.username });

      // Her next message carries the new name at once (core holds senders in memory: the rename drops them).
      const after = ok(await rena.api.post('/api/v1/chat.sendMessage', { message: { rid: channelId, msg: 'after the rename' } })).message;
      expect(after.u).toEqual({ _id: rena.id, username: renamed, name: 'Rena Renamed' });

      // The old name is free again, and belongs to nobody's copies.
      expect(await backdoor.count('rocketchat_message', { 'u.username': rena.username })).toBe(0);
      expect(await backdoor.count('rocketchat_subscription', { 'u.username': rena.username })).toBe(0);
      expect(await backdoor.count('rocketchat_room', { usernames: rena.username })).toBe(0);
    });

    it('a new display name renames the direct messages the others see', async () => {
      const announced = palDdp.nextPush('notify-logged', 'Users:NameChanged', (p) => p.args[0].name === 'Rena Again');
      ok(await rena.api.post('/api/v1/users.updateOwnBasicInfo', { data: { name: 'Rena Again', currentPassword: sha256(rena.password) } }));
      expect((await announced).args).toEqual([{ _id: rena.id, username: renamed, name: 'Rena Again' }]);
      expect(await palSubscription(directId)).toMatchObject({ name: renamed, fname: 'Rena Again' });
      const sent = ok(await rena.api.post('/api/v1/chat.sendMessage', { message: { rid: channelId, msg: 'under the new name' } })).message;
      expect(sent.u).toEqual({ _id: rena.id, username: renamed, name: 'Rena Again' });
      expect((await palSubscription(groupDirectId)).fname).toContain('Rena Again');
    });

    it("a deleted user's messages go, and logged-in clients are told to drop theirs (Users:Deleted)", async () => {
      const announced = palDdp.nextPush('notify-logged', 'Users:Deleted', (p) => p.args[0].userId === rena.id);
      // rena alone owns a channel: Rocket.Chat deletes her only with confirmRelinquish (the channel is handed over).
      expect(ok(await t.admin.post('/api/v1/users.delete', { userId: rena.id, confirmRelinquish: true }))).toEqual({ success: true });
      expect((await announced).args).toEqual([{ userId: rena.id, messageErasureType: 'Delete' }]);

      // Message_ErasureType "Delete" (Rocket.Chat's default): rena's messages are gone, pal's stay.
      const messages = await history();
      expect(messages.filter((m) => m.u._id === rena.id)).toEqual([]);
      expect(messages.some((m) => m.u._id === pal.id && m.mentions?.length)).toBe(true);
      expect(await backdoor.count('rocketchat_message', { 'u._id': rena.id })).toBe(0);
    });
  });

  it('refuses operator objects where strings belong, on every endpoint, and changes nothing', async () => {
    const victim = await createUser(t.admin, 'victim');
    const before = (await t.admin.get('/api/v1/users.list', { count: 100 })).body.total;
    const op = { $ne: null };
    const rx = { $regex: '.*' };
    const anonymous: Array<[string, Record<string, unknown>]> = [
      ['/api/v1/login', { user: op, password: 'x' }],
      ['/api/v1/login', { user: { username: op }, password: 'x' }],
      ['/api/v1/login', { username: rx, password: 'x' }],
      ['/api/v1/login', { user: victim.username, password: op }],
      ['/api/v1/login', { resume: op }],
      ['/api/v1/users.register', { username: op, email: 'x@e2e.test', pass: STRONG_PASSWORD }],
      ['/api/v1/users.register', { username: uniqueName('inj'), email: rx, pass: STRONG_PASSWORD }],
      ['/api/v1/users.register', { username: uniqueName('inj'), email: `${uniqueName('inj')}@e2e.test`, pass: op }],
    ];
    const asAdmin: Array<[string, Record<string, unknown>]> = [
      ['/api/v1/users.create', { username: op, email: 'y@e2e.test', name: 'x', password: STRONG_PASSWORD }],
      [
        '/api/v1/users.create',
        { username: uniqueName('inj'), email: `${uniqueName('inj')}@e2e.test`, name: 'x', password: STRONG_PASSWORD, roles: [op] },
      ],
      ['/api/v1/users.update', { userId: op, data: { name: 'Injected' } }],
      ['/api/v1/users.update', { userId: victim.id, data: { username: rx } }],
      ['/api/v1/users.update', { userId: victim.id, data: { name: op } }],
      ['/api/v1/users.updateOwnBasicInfo', { data: { email: op } }],
      ['/api/v1/users.updateOwnBasicInfo', { data: { nickname: 'x', currentPassword: op } }],
      ['/api/v1/users.delete', { userId: op }],
      ['/api/v1/users.delete', { username: rx }],
      ['/api/v1/users.generatePersonalAccessToken', { tokenName: op }],
      ['/api/v1/users.regeneratePersonalAccessToken', { tokenName: rx }],
      ['/api/v1/users.removePersonalAccessToken', { tokenName: rx }],
    ];
    const gets: Array<Record<string, string>> = [{ 'userId[$ne]': 'x' }, { 'username[$regex]': '.*' }];
    const lists: Array<Record<string, string>> = [
      { query: JSON.stringify({ username: rx }) },
      { query: JSON.stringify({ $or: [{ username: rx }] }) },
      { sort: JSON.stringify({ username: op }) },
      { fields: JSON.stringify({ services: op }) },
    ];

    const outcomes: string[] = [];
    const record = (what: string, r: { status: number; body: Record<string, unknown> }) =>
      outcomes.push(`${what} → ${r.status} ${String(r.body.success)}`);
    for (const [path, body] of anonymous) record(`${path} ${JSON.stringify(body)}`, await t.api.post(path, body));
    for (const [path, body] of asAdmin) record(`${path} ${JSON.stringify(body)}`, await t.admin.post(path, body));
    for (const query of gets) record(`users.info ${JSON.stringify(query)}`, await t.admin.get('/api/v1/users.info', query));
    record('users.info repeated', await t.admin.send('GET', `/api/v1/users.info?userId=${victim.id}&userId=x`));
    for (const query of lists) record(`users.list ${JSON.stringify(query)}`, await t.admin.get('/api/v1/users.list', query));
    expect(outcomes.filter((o) => !o.endsWith('→ 400 false'))).toEqual([]);

    expect((await t.admin.get('/api/v1/users.list', { count: 100 })).body.total).toBe(before);
    // Rocket.Chat's `clean` drops the operators it does not keep: these queries are empty, everyone is listed.
    for (const query of [{ $where: 'true' }, { $nor: [{ username: victim.username }] }]) {
      expect((await t.admin.get('/api/v1/users.list', { query: JSON.stringify(query), count: 100 })).body.total).toBe(before);
    }
    // Rocket.Chat's `$or` / `$and` of plain values is a query, not an injection.
    const either = await t.admin.get('/api/v1/users.list', {
      query: JSON.stringify({ $or: [{ username: victim.username }, { username: 'nobody' }] }),
    });
    expect(either.body).toMatchObject({ total: 1, users: [{ _id: victim.id }] });
    const intact = await t.admin.get('/api/v1/users.info', { userId: victim.id });
    expect(intact.body.user).toMatchObject({ username: victim.username, name: `User ${victim.username}` });
    expect((await victim.api.get('/api/v1/me')).status).toBe(200);
  });

  it('serves one gateway from two accounts instances sharing sessions', async () => {
    const [a, b] = t.stack.instances('accounts');
    const before = [await requestsHandled(a.url), await requestsHandled(b.url)];
    const user = await createUser(t.admin, 'shared');
    const responses = await Promise.all(Array.from({ length: 40 }, () => user.api.get('/api/v1/me')));
    expect(responses.map((r) => r.status)).toEqual(Array(40).fill(200));
    const served = [(await requestsHandled(a.url)) - before[0], (await requestsHandled(b.url)) - before[1]];
    expect(served[0]).toBeGreaterThan(3);
    expect(served[1]).toBeGreaterThan(3);
    expect(ADMIN.username).toBe('admin');
  });
});
