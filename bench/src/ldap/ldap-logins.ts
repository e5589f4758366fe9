import { join } from 'node:path';
import { LocalSlapd, Stack, waitFor } from '@rc/local-stack';
import { RestBenchClient } from '../clients/rest-bench-client.js';
import { LatencyRecorder, type LatencySummary } from '../measure/latency-recorder.js';
import { mapLimit } from '../measure/map-limit.js';
import { BENCH_ADMIN, BENCH_ENV } from '../scenarios/system.js';

const SUFFIX = 'dc=bench,dc=test';
const PEOPLE = `ou=people,${SUFFIX}`;
const ROOT_PASSWORD = 'bench-root';

export interface LdapLoginFigures {
  users: number;
  concurrency: number;
  /** First logins: search, bind, user created (and default rooms joined). */
  firstLogins: { perSecond: number; latencyMs: LatencySummary };
  /** Later logins of the same users: search, bind, update check, token issued. */
  logins: { perSecond: number; total: number; errors: number; latencyMs: LatencySummary; firstError?: string };
}

function ldif(users: number): string {
  const entries = [
    `dn: ${SUFFIX}\nobjectClass: dcObject\nobjectClass: organization\ndc: bench\no: Bench\n`,
    `dn: ${PEOPLE}\nobjectClass: organizationalUnit\nou: people\n`,
  ];
  for (let i = 0; i < users; i++) {
    entries.push(
      `dn: uid=lu${i},${PEOPLE}\nobjectClass: inetOrgPerson\nuid: lu${i}\ncn: Ldap User ${i}\nsn: User\nmail: lu${i}@bench.test\nuserPassword: pass-${i}\n`,
    );
  }
  return entries.join('\n');
}

/**
 * `npm run bench -- ldap-logins [seconds] [users] [concurrency]`: LDAP logins per second over REST against a local
 * slapd (search as the service account, bind as the user), every app a process as `npm start` runs them.
 */
export async function measureLdapLogins(seconds = 10, users = 100, concurrency = 8, logDir: string): Promise<LdapLoginFigures> {
  const slapd = await LocalSlapd.start({ suffix: SUFFIX, rootPassword: ROOT_PASSWORD, ldif: ldif(users), logDir: join(logDir, 'slapd') });
  const stack = await Stack.start({ env: BENCH_ENV, logDir: join(logDir, 'stack') });
  try {
    const api = new RestBenchClient(stack.gatewayUrl());
    const admin = api.as(await api.login(BENCH_ADMIN.username, BENCH_ADMIN.password));
    const settings: Array<[string, unknown]> = [
      ['LDAP_Server_Type', ''],
      ['LDAP_Host', '127.0.0.1'],
      ['LDAP_Port', slapd.port],
      ['LDAP_BaseDN', PEOPLE],
      ['LDAP_Authentication', true],
      ['LDAP_Authentication_UserDN', slapd.rootDn],
      ['LDAP_Authentication_Password', ROOT_PASSWORD],
      ['LDAP_Enable', true],
    ];
    for (const [id, value] of settings) await admin.post(`settings/${id}`, { value });
    await waitFor(() => admin.post('ldap.testSearch', { username: 'lu0' }).then(() => true), {
      timeoutMs: 30_000,
      describe: () => 'LDAP settings',
    });

    const login = (i: number) => api.post('login', { ldap: true, username: `lu${i}`, ldapPass: `pass-${i}`, ldapOptions: {} });
    const first = new LatencyRecorder();
    const firstStarted = performance.now();
    await mapLimit(
      Array.from({ length: users }, (_, i) => i),
      concurrency,
      async (i) => {
        const started = performance.now();
        await login(i);
        first.record(performance.now() - started);
      },
    );
    const firstSeconds = (performance.now() - firstStarted) / 1000;

    const latency = new LatencyRecorder();
    let errors = 0;
    let firstError: string | undefined;
    let next = 0;
    const until = performance.now() + seconds * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const started = performance.now();
          try {
            await login(next++ % users);
            latency.record(performance.now() - started);
          } catch (error) {
            errors++;
            firstError ??= (error as Error).message;
          }
        }
      }),
    );
    const summary = latency.summary();
    return {
      users,
      concurrency,
      firstLogins: { perSecond: Math.round(users / firstSeconds), latencyMs: first.summary() },
      logins: { perSecond: Math.round(summary.count / seconds), total: summary.count, errors, latencyMs: summary, firstError },
    };
  } finally {
    await stack.stop();
    await slapd.stop();
  }
}
