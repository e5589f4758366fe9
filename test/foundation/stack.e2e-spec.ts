import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { APP_NAMES, FEATURE_APPS } from '@rc/local-stack';
import { useStack } from '../support/stack.js';

describe('the stack: every app as a process over real NATS and the local database', () => {
  // Feature apps (omnichannel-voip, …) start only when named: this suite names them all.
  const t = useStack({ instances: Object.fromEntries([...FEATURE_APPS].map((app) => [app, 1])) });

  it('starts every app as its own process, each healthy and ready', async () => {
    const pids = new Set<number>();
    for (const app of APP_NAMES) {
      const [instance] = t.stack.instances(app);
      expect(instance).toBeDefined();
      pids.add(instance.process.child.pid!);
      const health = await fetch(`${instance.url}/health`).then((r) => r.json());
      expect(health).toMatchObject({ status: 'ok', service: app });
      const ready = await fetch(`${instance.url}/ready`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { checks: Record<string, string> };
      expect(body.checks.nats).toBe('up');
      if (app !== 'gateway') expect(body.checks.mongo).toBe('up');
    }
    expect(pids.size).toBe(APP_NAMES.length);
  });

  it('runs the local NATS server on one Go scheduler thread', () => {
    const environment = readFileSync(`/proc/${t.stack.nats!.pid}/environ`, 'utf8').split('\0');
    expect(environment).toContain('GOMAXPROCS=1');
  });

  it('answers GET /api/info anonymously with the major.minor version', async () => {
    const { status, body } = await t.api.get('/api/info');
    expect(status).toBe(200);
    expect(body.success).toBe(true);
    expect(body.version).toMatch(/^\d+\.\d+$/);
    expect(body.info).toBeUndefined();
  });

  it('goes through NATS to accounts and authorization (reading MongoDB) for a privileged caller', async () => {
    const { status, body } = await t.admin.get('/api/info');
    expect(status).toBe(200);
    expect(body.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(body.info.version).toBe(body.version);
  });

  it('exposes Prometheus metrics attributing time to NATS hops and database commands', async () => {
    await t.api.post('/api/v1/login', { user: 'admin', password: 'admin-e2e-pass' });
    const scrape = async (app: 'gateway' | 'accounts') => (await fetch(`${t.stack.instances(app)[0].url}/metrics`)).text();
    const accounts = await scrape('accounts');
    expect(accounts).toMatch(/rpc_server_duration_seconds_count\{[^}]*subject="accounts.login"[^}]*\} [1-9]/);
    expect(accounts).toMatch(/db_command_duration_seconds_count\{[^}]*command="find",collection="users"[^}]*\} [1-9]/);
    // The process's own figures (prom-client's defaults), the event loop's lag among them.
    expect(accounts).toMatch(/nodejs_eventloop_lag_p99_seconds\{[^}]*\} \d/);
    const gateway = await scrape('gateway');
    expect(gateway).toMatch(/rpc_client_duration_seconds_count\{[^}]*subject="accounts.login",outcome="ok"\} [1-9]/);
    // REST by route pattern, never by raw URL.
    expect(gateway).toMatch(/http_request_duration_seconds_count\{[^}]*method="POST",route="\/api\/v1\/login",status="200"[^}]*\} [1-9]/);
    const presence = await (await fetch(`${t.stack.instances('presence')[0].url}/metrics`)).text();
    expect(presence).toMatch(/presence_users\{status="offline"[^}]*\} \d+/);
    expect(presence).toMatch(/presence_gateway_instances\{[^}]*\} [1-9]/);
  });

  it("answers unknown routes in Rocket.Chat's envelope", async () => {
    const { status, body } = await t.api.get('/api/v1/no.such.endpoint');
    expect(status).toBe(404);
    expect(body).toEqual({ success: false, error: 'Resource not found' });
  });
});
