import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalSlapd, waitFor } from '@rc/local-stack';
import { join } from 'node:path';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';

const SUFFIX = 'dc=lockout,dc=test';
const PEOPLE = `ou=people,${SUFFIX}`;
const ROOT_PASSWORD = 'root-secret';
const BLOCK_SECONDS = 3;

const person = (uid: string, password: string) => `
dn: uid=${uid},${PEOPLE}
objectClass: inetOrgPerson
uid: ${uid}
cn: ${uid} Person
sn: Person
mail: ${uid}@lockout.test
userPassword: ${password}
`;

const LDIF = [
  `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: lockout\no: Lockout\n`,
  `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people\n`,
  person('frank', 'frank-pass'),
  person('grace', 'grace-pass'),
].join('\n');

const UNAUTHORIZED = { success: false, status: 'error', error: 'Unauthorized', message: 'Unauthorized' };
const BLOCKED_FOR_USER = {
  success: false,
  status: 'error',
  error: 'error-login-blocked-for-user',
  message: 'Login has been temporarily blocked For User',
};

/**
 * Wrong LDAP passwords count toward the login lock-out (issue 19's "counted by the round-1 lock-out") exactly like
 * wrong local passwords: a small threshold here (its own stack, since the lock-out's limits are per process
 * environment), REST and DDP attempts counted together, the right password refused while blocked, and let in again
 * once the block ends.
 */
describe('accounts: LDAP failures and the login lock-out', () => {
  const t = useStack({
    env: {
      LOGIN_FAILURES_PER_USER: '3',
      LOGIN_FAILURES_PER_IP: '1000',
      LOGIN_FAILURE_WINDOW_SECONDS: '120',
      LOGIN_BLOCK_USER_SECONDS: String(BLOCK_SECONDS),
      LOGIN_RATE_LIMIT_PER_IP: '0',
    },
  });
  let slapd: LocalSlapd;

  const ldapLogin = (username: string, ldapPass: string) =>
    t.api.post('/api/v1/login', { ldap: true, username, ldapPass, ldapOptions: {} });

  beforeAll(async () => {
    slapd = await LocalSlapd.start({ suffix: SUFFIX, rootPassword: ROOT_PASSWORD, ldif: LDIF, logDir: join(t.stack.logDir, 'slapd') });
    const settings: Array<[string, unknown]> = [
      ['LDAP_Server_Type', ''],
      ['LDAP_Host', '127.0.0.1'],
      ['LDAP_Port', slapd.port],
      ['LDAP_BaseDN', SUFFIX],
      ['LDAP_Authentication', true],
      ['LDAP_Authentication_UserDN', slapd.rootDn],
      ['LDAP_Authentication_Password', ROOT_PASSWORD],
      ['LDAP_User_Search_Filter', '(objectclass=inetOrgPerson)'],
      ['LDAP_Enable', true],
    ];
    for (const [id, value] of settings) {
      const { status, body } = await t.admin.post(`/api/v1/settings/${id}`, { value });
      if (status !== 200) throw new Error(`setting ${id}: ${status} ${JSON.stringify(body)}`);
    }
    await waitFor(async () => (await t.admin.post('/api/v1/ldap.testSearch', { username: 'grace' })).status === 200, {
      timeoutMs: 15_000,
      describe: () => 'the LDAP settings to reach accounts',
    });
  }, 60_000);

  afterAll(async () => {
    await slapd?.stop();
  });

  it('locks a directory user out after wrong LDAP passwords (REST and DDP counted together), then lets them in again', async () => {
    expect((await ldapLogin('frank', 'wrong-1')).body).toEqual(UNAUTHORIZED);
    const socket = await DdpClient.connect(t.stack.gatewayUrl());
    try {
      const refused = await socket
        .call('login', { ldap: true, username: 'frank', ldapPass: 'wrong-2', ldapOptions: {} })
        .catch((e: unknown) => e);
      expect((refused as DdpError).error).toMatchObject({ error: 401, reason: 'User not found' });
      expect((await ldapLogin('frank', 'wrong-3')).body).toEqual(UNAUTHORIZED);

      // The third failure reached the limit: the right password is refused too, on both faces.
      const blockedAt = Date.now();
      const blocked = await ldapLogin('frank', 'frank-pass');
      expect(blocked.status).toBe(401);
      expect(blocked.body).toEqual(BLOCKED_FOR_USER);
      const blockedDdp = await socket
        .call('login', { ldap: true, username: 'frank', ldapPass: 'frank-pass', ldapOptions: {} })
        .catch((e: unknown) => e);
      expect(blockedDdp).toBeInstanceOf(DdpError);
      expect((blockedDdp as DdpError).error).toMatchObject({ error: 'error-login-blocked-for-user' });
      // Another directory user is not affected.
      expect((await ldapLogin('grace', 'grace-pass')).status).toBe(200);

      await waitFor(async () => (await ldapLogin('frank', 'frank-pass')).status === 200, {
        timeoutMs: 20_000,
        intervalMs: 500,
        describe: () => 'frank to be let in again',
      });
      expect(Date.now() - blockedAt).toBeGreaterThanOrEqual(BLOCK_SECONDS * 1000 - 500);
    } finally {
      await socket.close();
    }
    // The successful login cleared the failures: one more wrong password does not block.
    expect((await ldapLogin('frank', 'wrong-4')).body).toEqual(UNAUTHORIZED);
    expect((await ldapLogin('frank', 'frank-pass')).status).toBe(200);
  });

  it('counts an unknown name like a known one (the lock-out tells nobody which names exist)', async () => {
    for (const attempt of ['a', 'b', 'c']) expect((await ldapLogin('nobody-in-directory', `wrong-${attempt}`)).body).toEqual(UNAUTHORIZED);
    expect((await ldapLogin('nobody-in-directory', 'anything')).body).toEqual(BLOCKED_FOR_USER);
  });
});
