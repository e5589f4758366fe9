import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalSlapd, waitFor } from '@rc/local-stack';
import { Attribute, Change, Client } from 'ldapts';
import mongoose from 'mongoose';
import { join } from 'node:path';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';

const SUFFIX = 'dc=rocket,dc=test';
const PEOPLE = `ou=people,${SUFFIX}`;
const GROUPS = `ou=groups,${SUFFIX}`;
const ROOT_PASSWORD = 'root-secret';

const person = (uid: string, cn: string, password: string, mail = `${uid}@rocket.test`) => `
dn: uid=${uid},${PEOPLE}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${cn}
sn: ${cn.split(' ').pop()}
mail: ${mail}
userPassword: ${password}
`;
const group = (cn: string, gid: number, members: string[]) => `
dn: cn=${cn},${GROUPS}
objectClass: posixGroup
cn: ${cn}
gidNumber: ${gid}
${members.map((m) => `memberUid: ${m}`).join('\n')}
`;

const LDIF = [
  `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: rocket\no: Rocket\n`,
  `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people\n`,
  `dn: ${GROUPS}\nobjectClass: organizationalUnit\nou: groups\n`,
  person('alice', 'Alice Liddell', 'alice-pass'),
  person('bob', 'Bob Builder', 'bob-pass'),
  person('carol', 'Carol Local', 'carol-pass'),
  person('dave', 'Dave Directory', 'dave-pass'),
  group('rocket-admin', 5001, ['bob']),
  group('engineering', 5002, ['bob', 'alice']),
  `dn: cn=ROCKET_CHAT,${GROUPS}\nobjectClass: groupOfUniqueNames\ncn: ROCKET_CHAT\nuniqueMember: uid=alice,${PEOPLE}\n`,
].join('\n');

const UNAUTHORIZED = { success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' };

/**
 * LDAP against a real OpenLDAP slapd: REST and DDP logins that create then update users, refusals (wrong password,
 * unknown name, filter injection, a local user of the same name), the group → role and group → channel maps, the
 * admin tools, the background sync, and a directory that is down (with and without LDAP_Login_Fallback).
 */
describe('accounts: LDAP', () => {
  const t = useStack({
    env: { LOGIN_FAILURES_PER_USER: '1000', LOGIN_FAILURES_PER_IP: '1000', LOGIN_RATE_LIMIT_PER_IP: '0' },
    appEnv: { accounts: { LDAP_BACKGROUND_SYNC_INTERVAL_SECONDS: '1' } },
  });
  let slapd: LocalSlapd;
  let db: mongoose.Connection;

  const ldapLogin = (username: string, ldapPass: string) =>
    t.api.post('/api/v1/login', { ldap: true, username, ldapPass, ldapOptions: {} });
  const setSetting = async (id: string, value: unknown) => {
    const { status, body } = await t.admin.post(`/api/v1/settings/${id}`, { value });
    if (status !== 200) throw new Error(`setting ${id}: ${status} ${JSON.stringify(body)}`);
  };
  const userDoc = (username: string) => db.collection('users').findOne({ username });
  const directory = async <T>(work: (client: Client) => Promise<T>): Promise<T> => {
    const client = new Client({ url: slapd.url });
    await client.bind(slapd.rootDn, ROOT_PASSWORD);
    try {
      return await work(client);
    } finally {
      await client.unbind();
    }
  };

  beforeAll(async () => {
    slapd = await LocalSlapd.start({
      suffix: SUFFIX,
      rootPassword: ROOT_PASSWORD,
      ldif: LDIF,
      logDir: join(t.stack.logDir, 'slapd'),
      tls: true,
    });
    db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
    // A local user named like a directory entry (merging is off by default).
    const carol = await t.admin.post('/api/v1/users.create', {
      username: 'carol',
      email: 'carol-local@e2e.test',
      name: 'Carol Here',
      password: 'Local-pass-1',
    });
    expect(carol.status).toBe(200);
    expect((await t.admin.post('/api/v1/channels.create', { name: 'eng-room' })).status).toBe(200);

    const settings: Array<[string, unknown]> = [
      ['LDAP_Server_Type', ''],
      ['LDAP_Host', '127.0.0.1'],
      ['LDAP_Port', slapd.port],
      ['LDAP_BaseDN', SUFFIX],
      ['LDAP_Authentication', true],
      ['LDAP_Authentication_UserDN', slapd.rootDn],
      ['LDAP_Authentication_Password', ROOT_PASSWORD],
      ['LDAP_User_Search_Filter', '(objectclass=inetOrgPerson)'],
      ['LDAP_Sync_User_Data_Roles', true],
      ['LDAP_Sync_User_Data_Roles_BaseDN', GROUPS],
      ['LDAP_Sync_User_Data_RolesMap', JSON.stringify({ 'rocket-admin': 'admin' })],
      ['LDAP_Sync_User_Data_Channels', true],
      ['LDAP_Sync_User_Data_Channels_Admin', 'admin'],
      ['LDAP_Sync_User_Data_Channels_BaseDN', GROUPS],
      ['LDAP_Sync_User_Data_ChannelsMap', JSON.stringify({ engineering: ['eng-room'] })],
      ['LDAP_Enable', true],
    ];
    for (const [id, value] of settings) await setSetting(id, value);
    // Settings reach accounts through `settings.changed`: wait until a search with all of them works.
    await waitFor(async () => (await t.admin.post('/api/v1/ldap.testSearch', { username: 'alice' })).status === 200, {
      timeoutMs: 15_000,
      describe: () => 'the LDAP settings to reach accounts',
    });
  }, 60_000);

  afterAll(async () => {
    await db?.close();
    await slapd?.stop();
  });

  it('creates the user on the first REST login, then updates name and e-mail from the directory', async () => {
    const first = await ldapLogin('alice', 'alice-pass');
    expect(first.status).toBe(200);
    expect(first.body.data.me).toMatchObject({
      username: 'alice',
      name: 'Alice Liddell',
      emails: [{ address: 'alice@rocket.test', verified: true }],
    });
    const stored = await userDoc('alice');
    expect(stored).toMatchObject({ ldap: true, services: { ldap: { idAttribute: 'uid', id: Buffer.from('alice').toString('hex') } } });
    expect(stored?.services.password).toBeUndefined();
    // The token works like any other.
    const me = await t.api.as({ userId: first.body.data.userId, authToken: first.body.data.authToken }).get('/api/v1/me');
    expect(me.body.username).toBe('alice');

    await directory((client) =>
      client.modify(`uid=alice,${PEOPLE}`, [
        new Change({ operation: 'replace', modification: new Attribute({ type: 'cn', values: ['Alice Kingsleigh'] }) }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'mail', values: ['alice.k@rocket.test'] }) }),
      ]),
    );
    const again = await ldapLogin('alice', 'alice-pass');
    expect(again.status).toBe(200);
    expect(again.body.data.userId).toBe(first.body.data.userId);
    expect(again.body.data.me).toMatchObject({ name: 'Alice Kingsleigh', emails: [{ address: 'alice.k@rocket.test' }] });
    expect(await db.collection('users').countDocuments({ 'services.ldap.id': Buffer.from('alice').toString('hex') })).toBe(1);
  });

  it("logs in over DDP with the clients' {ldap: true} options", async () => {
    const client = await DdpClient.connect(t.stack.gatewayUrl());
    try {
      const result = await client.call('login', { ldap: true, username: 'alice', ldapPass: 'alice-pass', ldapOptions: {} });
      expect(result).toMatchObject({ id: (await userDoc('alice'))?._id, type: 'ldap' });
      expect(typeof result.token).toBe('string');
      const refused = await client.call('login', { ldap: true, username: 'alice', ldapPass: 'wrong' }).catch((e: unknown) => e);
      expect(refused).toBeInstanceOf(DdpError);
      expect((refused as DdpError).error).toMatchObject({ error: 401, reason: 'User not found' });
    } finally {
      await client.close();
    }
  });

  it('refuses a wrong password, an unknown name and filter injection alike, creating nobody', async () => {
    const before = await db.collection('users').countDocuments();
    expect((await ldapLogin('alice', 'not-her-password')).body).toEqual(UNAUTHORIZED);
    expect((await ldapLogin('nobody-here', 'whatever')).body).toEqual(UNAUTHORIZED);
    // Unescaped, `(&(objectclass=inetOrgPerson)(uid=*)(uid=*))` would match everyone.
    for (const injected of ['*)(uid=*', '*', 'al*', 'alice)(|(uid=*', 'dave)(userPassword=*']) {
      const answer = await ldapLogin(injected, 'alice-pass');
      expect({ injected, status: answer.status, body: answer.body }).toEqual({ injected, status: 401, body: UNAUTHORIZED });
    }
    expect(await db.collection('users').countDocuments()).toBe(before);
    // A malformed body is refused before anything runs.
    expect((await t.api.post('/api/v1/login', { ldap: true, username: { $ne: null }, ldapPass: 'x' })).status).toBe(400);
  });

  it('refuses to take over a local user of the same name unless merging is on, then merges', async () => {
    const answer = await ldapLogin('carol', 'carol-pass');
    expect(answer.status).toBe(401);
    expect(answer.body).toMatchObject({ status: 'error', error: 'LDAP-login-error' });
    expect(await userDoc('carol')).toMatchObject({ name: 'Carol Here' });
    expect((await userDoc('carol'))?.ldap).toBeUndefined();

    // LDAP_Merge_Existing_Users: the local account becomes the directory's, same id, data from the entry.
    const localId = (await userDoc('carol'))?._id;
    await setSetting('LDAP_Merge_Existing_Users', true);
    try {
      await waitFor(async () => (await ldapLogin('carol', 'carol-pass')).status === 200, {
        timeoutMs: 15_000,
        describe: () => 'carol merged',
      });
    } finally {
      await setSetting('LDAP_Merge_Existing_Users', false);
    }
    expect(await userDoc('carol')).toMatchObject({
      _id: localId,
      ldap: true,
      name: 'Carol Local',
      emails: [{ address: 'carol@rocket.test' }],
    });
  });

  it('maps LDAP groups to roles and channels', async () => {
    const bob = await ldapLogin('bob', 'bob-pass');
    expect(bob.status).toBe(200);
    expect(bob.body.data.me.roles).toEqual(expect.arrayContaining(['user', 'admin']));
    const alice = await userDoc('alice');
    expect(alice?.roles).not.toContain('admin');
    const members = await t.admin.get('/api/v1/channels.members', { roomName: 'eng-room' });
    expect(members.status).toBe(200);
    const names = (members.body.members as Array<{ username: string }>).map((m) => m.username);
    expect(names).toEqual(expect.arrayContaining(['bob', 'alice']));
  });

  it('lets in only members of the group of LDAP_Group_Filter_* when it is on', async () => {
    await setSetting('LDAP_Group_Filter_Enable', true);
    try {
      await waitFor(async () => (await ldapLogin('bob', 'bob-pass')).status === 401, { timeoutMs: 15_000, describe: () => 'bob refused' });
      expect((await ldapLogin('bob', 'bob-pass')).body).toEqual(UNAUTHORIZED);
      expect((await ldapLogin('alice', 'alice-pass')).status).toBe(200);
    } finally {
      await setSetting('LDAP_Group_Filter_Enable', false);
    }
    await waitFor(async () => (await ldapLogin('bob', 'bob-pass')).status === 200, {
      timeoutMs: 15_000,
      describe: () => 'bob let in again',
    });
  });

  it('tests the connection and a search, and syncs now, for administrators only', async () => {
    expect((await t.admin.post('/api/v1/ldap.testConnection')).body).toEqual({ success: true, message: 'LDAP_Connection_successful' });
    expect((await t.admin.post('/api/v1/ldap.testSearch', { username: 'bob' })).body).toEqual({
      success: true,
      message: 'LDAP_User_Found',
    });
    const missing = await t.admin.post('/api/v1/ldap.testSearch', { username: '*' });
    expect(missing.status).toBe(400);
    expect(missing.body.errorType).toBe('LDAP_User_Not_Found');

    const alice = (await ldapLogin('alice', 'alice-pass')).body.data;
    const asAlice = t.api.as({ userId: alice.userId, authToken: alice.authToken });
    expect((await asAlice.post('/api/v1/ldap.testConnection')).status).toBe(403);
    expect((await asAlice.post('/api/v1/ldap.testSearch', { username: 'bob' })).status).toBe(403);
    expect((await asAlice.post('/api/v1/ldap.syncNow')).body).toMatchObject({ success: false, errorType: 'error-not-authorized' });

    const ddp = await DdpClient.connect(t.stack.gatewayUrl());
    try {
      await ddp.login('admin', 'admin-e2e-pass');
      expect(await ddp.call('ldap_test_connection')).toEqual({ message: 'Connection_success', params: [] });
    } finally {
      await ddp.close();
    }

    // dave never logged in: the sync imports him.
    expect(await userDoc('dave')).toBeNull();
    expect((await t.admin.post('/api/v1/ldap.syncNow')).body).toEqual({ success: true, message: 'Sync_in_progress' });
    await waitFor(async () => (await userDoc('dave')) !== null, { timeoutMs: 15_000, describe: () => 'dave imported' });
    expect(await userDoc('dave')).toMatchObject({ name: 'Dave Directory', ldap: true, active: true });

    // Gone from the directory: deactivated by the next sync.
    await directory((client) => client.del(`uid=dave,${PEOPLE}`));
    expect((await t.admin.post('/api/v1/ldap.syncNow')).body).toEqual({ success: true, message: 'Sync_in_progress' });
    await waitFor(async () => (await userDoc('dave'))?.active === false, { timeoutMs: 15_000, describe: () => 'dave deactivated' });
    expect((await userDoc('carol'))?.active).toBe(true);
    expect((await userDoc('alice'))?.active).toBe(true);
  });

  it('runs the background sync on its interval when LDAP_Background_Sync is on', async () => {
    await directory((client) =>
      client.add(`uid=erin,${PEOPLE}`, {
        objectClass: 'inetOrgPerson',
        uid: 'erin',
        cn: 'Erin Periodic',
        sn: 'Periodic',
        mail: 'erin@rocket.test',
        userPassword: 'erin-pass',
      }),
    );
    await directory((client) =>
      client.modify(`cn=rocket-admin,${GROUPS}`, [
        new Change({ operation: 'delete', modification: new Attribute({ type: 'memberUid', values: ['bob'] }) }),
      ]),
    );
    await setSetting('LDAP_Sync_User_Data_Roles_AutoRemove', true);
    await setSetting('LDAP_Background_Sync', true);
    await waitFor(async () => (await userDoc('erin')) !== null && !(await userDoc('bob'))?.roles.includes('admin'), {
      timeoutMs: 20_000,
      describe: () => 'erin imported and bob out of admin by the background sync',
    });
    expect(await userDoc('erin')).toMatchObject({ name: 'Erin Periodic', ldap: true });
    await setSetting('LDAP_Background_Sync', false);
  });

  it('speaks LDAPS and StartTLS, trusting the CA of LDAP_CA_Cert only', async () => {
    const connects = async () => (await t.admin.post('/api/v1/ldap.testConnection')).status === 200;
    const settle = (expected: boolean, what: string) =>
      waitFor(async () => (await connects()) === expected, { timeoutMs: 15_000, describe: () => what });
    try {
      await setSetting('LDAP_Encryption', 'ssl');
      await setSetting('LDAP_Port', slapd.ldapsPort);
      // The test CA is nobody's root: refused until LDAP_CA_Cert names it.
      await settle(false, 'LDAPS refused without the CA');
      await setSetting('LDAP_CA_Cert', slapd.caCertificate);
      await settle(true, 'LDAPS with the test CA');
      expect((await ldapLogin('alice', 'alice-pass')).status).toBe(200);

      await setSetting('LDAP_Port', slapd.port);
      await setSetting('LDAP_Encryption', 'tls');
      await waitFor(async () => (await ldapLogin('bob', 'bob-pass')).status === 200, {
        timeoutMs: 15_000,
        describe: () => 'StartTLS login',
      });
      await setSetting('LDAP_CA_Cert', '');
      await settle(false, 'StartTLS refused without the CA');
    } finally {
      await setSetting('LDAP_Encryption', 'plain');
      await setSetting('LDAP_Port', slapd.port);
    }
    await settle(true, 'plain LDAP again');
  });

  it('answers a clear error when the directory is down, and falls back to the local password only when allowed', async () => {
    // With the fallback on, an LDAP login keeps the password as the local one.
    await setSetting('LDAP_Login_Fallback', true);
    await waitFor(
      async () => (await ldapLogin('alice', 'alice-pass')).status === 200 && !!(await userDoc('alice'))?.services.password?.bcrypt,
      {
        timeoutMs: 15_000,
        describe: () => "alice's password kept locally",
      },
    );
    await slapd.stop({ removeData: false });
    try {
      expect((await ldapLogin('alice', 'alice-pass')).status).toBe(200);
      expect((await ldapLogin('alice', 'wrong-pass')).body).toEqual(UNAUTHORIZED);

      await setSetting('LDAP_Login_Fallback', false);
      await waitFor(async () => (await ldapLogin('alice', 'alice-pass')).status !== 200, {
        timeoutMs: 15_000,
        describe: () => 'fallback off',
      });
      const down = await ldapLogin('alice', 'alice-pass');
      expect(down.status).toBe(401);
      expect(down.body).toEqual({ success: false, status: 'error', error: 'LDAP-login-error', message: 'LDAP server unavailable' });
      const test = await t.admin.post('/api/v1/ldap.testConnection');
      expect(test.status).toBe(400);
      expect(test.body.errorType).toBe('Connection_failed');
      // Local accounts log in with their password all the same.
      expect((await t.api.post('/api/v1/login', { user: 'admin', password: 'admin-e2e-pass' })).status).toBe(200);
    } finally {
      await slapd.start();
    }
    expect((await ldapLogin('alice', 'alice-pass')).status).toBe(200);
  });

  it('refuses the admin tools with LDAP_disabled while LDAP is off, and LDAP logins become password logins', async () => {
    await setSetting('LDAP_Enable', false);
    await waitFor(async () => (await t.admin.post('/api/v1/ldap.testConnection')).status === 400, {
      timeoutMs: 15_000,
      describe: () => 'LDAP off',
    });
    expect((await t.admin.post('/api/v1/ldap.testConnection')).body.errorType).toBe('LDAP_disabled');
    expect((await t.admin.post('/api/v1/ldap.syncNow')).body.errorType).toBe('LDAP_disabled');
    // Rocket.Chat's fallbackToDefaultLogin: the local password of a local user.
    expect((await ldapLogin('carol', 'Local-pass-1')).status).toBe(200);
    expect((await ldapLogin('bob', 'bob-pass')).body).toEqual(UNAUTHORIZED);
  });
});
