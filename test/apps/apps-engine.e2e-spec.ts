import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { useStack } from '../support/stack.js';
import { createUser, ok, StackProbe, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import { buildApp, GUARD_APP, HOSTILE_APP, installApp, type AppPackage } from './support/apps.js';

/**
 * Real Rocket.Chat Apps, built from TypeScript against the engine's `definition/` types and zipped as the apps
 * CLI does, installed over `/api/apps` and run by the apps-engine, each in its own Deno process.
 */
describe('apps-engine', () => {
  const t = useStack({
    instances: { 'apps-engine': 1 },
    // The hook's limit is longer than the chain's budget (a fifth short of core's pre-send limit): a slow app
    // leaves the others' changes in the answer.
    appEnv: { 'apps-engine': { APPS_HOOK_TIMEOUT_MS: '2500' }, core: { APPS_PRESEND_TIMEOUT_MS: '2000' } },
  });
  let member: CoreUser;
  let probe: StackProbe;
  let channel: { _id: string; name: string };
  // Built before the stack starts (compiling takes seconds on a loaded machine).
  const guard: AppPackage = buildApp({
    name: 'Guard',
    source: GUARD_APP,
    implements: ['IPreMessageSentPrevent', 'IPreMessageSentModify', 'IPostMessageSent'],
  });
  const hostile: AppPackage = buildApp({ name: 'Hostile', source: HOSTILE_APP, implements: ['IPreMessageSentModify'] });

  const send = (msg: string) => member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg } });
  const lastMessages = (limit = 5) =>
    probe.db
      .collection('rocketchat_message')
      .find({ rid: channel._id, t: { $exists: false } }, { sort: { ts: -1 }, limit })
      .toArray();

  beforeAll(async () => {
    member = await createUser(t.admin, 'member');
    probe = await StackProbe.open(t.stack);
    channel = ok(await member.api.post('/api/v1/channels.create', { name: uniqueName('apps') })).channel;
  }, 60_000);

  afterAll(async () => {
    await probe?.close();
  });

  it('installs a package over REST for manage-apps only, and lists it', async () => {
    const refused = await installApp(t.stack.gatewayUrl(), member.api.credentials, guard);
    expect(refused.body).toMatchObject({ success: false });
    expect(refused.status).toBe(403);
    const installed = await installApp(t.stack.gatewayUrl(), t.admin.credentials, guard);
    expect(installed.body).toMatchObject({
      success: true,
      app: { id: guard.id, name: 'Guard', version: '1.0.0', status: 'manually_enabled' },
    });

    const list = ok(await t.admin.get('/api/apps'));
    expect(list.apps.map((a: { id: string }) => a.id)).toContain(guard.id);
    expect(ok(await t.admin.get(`/api/apps/${guard.id}`)).app).toMatchObject({ id: guard.id, status: 'manually_enabled' });
    expect((await member.api.get('/api/apps')).status).toBe(403);
    expect(await probe.db.collection('rocketchat_apps').countDocuments({ _id: guard.id as never })).toBe(1);
    // The app's user, as Rocket.Chat names it.
    expect(await probe.db.collection('users').findOne({ username: 'guard.bot' })).toMatchObject({ type: 'app', appId: guard.id });
  });

  it("runs the app's slash command, listed with its app id", async () => {
    await waitFor(async () => ok(await member.api.get('/api/v1/commands.get', { command: 'echo-app' })).command?.appId === guard.id);
    ok(await member.api.post('/api/v1/commands.run', { command: 'echo-app', params: 'hi there', roomId: channel._id }));
    await waitFor(async () => (await lastMessages()).some((m) => m.msg === 'echo: hi there' && m.u.username === 'guard.bot'), {
      describe: () => 'the echo',
    });
  });

  it('blocks a message with a pre-send hook, edits another, and replies after sending', async () => {
    const blocked = await send('this is forbidden');
    expect(blocked.status).toBe(400);
    expect(blocked.body).toMatchObject({ success: false, errorType: 'error-app-prevented-sending' });
    expect((await lastMessages()).some((m) => String(m.msg).includes('forbidden'))).toBe(false);

    const edited = ok(await send('well darn it'));
    expect(edited.message.msg).toBe('well d**n it');

    ok(await send('ping'));
    await waitFor(async () => (await lastMessages()).some((m) => m.msg === 'pong from the app' && m.u.username === 'guard.bot'), {
      describe: () => 'the reply',
    });
  });

  it('serves the app HTTP endpoint through the gateway, with its setting and persistence', async () => {
    const first = await t.api.get(`/api/apps/public/${guard.id}/hello`, { who: 'tester' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ greeting: 'hello', count: 1, who: 'tester' });
    expect((await t.api.get(`/api/apps/public/${guard.id}/hello`)).body).toMatchObject({ count: 2 });
    expect(await probe.db.collection('rocketchat_apps_persistence').countDocuments({ appId: guard.id })).toBe(1);
    expect((await t.api.get(`/api/apps/public/${guard.id}/nothing-here`)).status).toBe(404);
  });

  it('changes a setting over REST and the app reads the new value', async () => {
    const settings = ok(await t.admin.get(`/api/apps/${guard.id}/settings`)).settings;
    expect(settings.greeting).toMatchObject({ id: 'greeting', packageValue: 'hello' });
    const refused = await member.api.post(`/api/apps/${guard.id}/settings`, { settings: [{ id: 'greeting', value: 'nope' }] });
    expect(refused.status).toBe(403);
    expect((await t.admin.post(`/api/apps/${guard.id}/settings`, { settings: [{ id: 'unknown', value: 1 }] })).status).toBe(400);
    ok(await t.admin.post(`/api/apps/${guard.id}/settings`, { settings: [{ id: 'greeting', value: 'bonjour' }] }));
    expect((await t.api.get(`/api/apps/public/${guard.id}/hello`)).body).toMatchObject({ greeting: 'bonjour' });
  });

  it('stops a hostile hook at the time limit, logs it, and chat goes on', async () => {
    expect((await installApp(t.stack.gatewayUrl(), t.admin.credentials, hostile)).body).toMatchObject({ success: true });

    // The guard app censors, then the hostile one loops: the chain's budget ends before the hook's limit, and the
    // engine answers with the guard's change while core still waits (it used to time out: no change at all).
    const started = Date.now();
    const looped = ok(await send('darn, please loop forever'));
    expect(looped.message.msg).toBe('d**n, please loop forever');
    expect(Date.now() - started).toBeLessThan(10_000);

    // At its own limit, the hostile app is reported and restarted all the same.
    await waitFor(
      async () =>
        ok(await t.admin.get(`/api/apps/${hostile.id}/logs`)).logs.some((l: { method: string }) => l.method === 'runtime:timeout'),
      { describe: () => 'the timeout in the logs' },
    );
    // The other app still runs, and the hostile one, restarted, answers again. Eventually: a send made before the
    // hostile app's limit has passed finds it still looping.
    await waitFor(async () => ok(await send('darn again')).message.msg === 'd**n again', {
      describe: () => 'the guard app censoring again',
    });
    await waitFor(async () => ok(await send('calm message')).message.msg === 'calm message');
    // One hang, one restart: a call that overran while the process was starting again left it to start.
    const timeouts = ok(await t.admin.get(`/api/apps/${hostile.id}/logs`, { count: 1000 })).logs.filter(
      (l: { method: string }) => l.method === 'runtime:timeout',
    ) as { entries: { args: string[] }[] }[];
    expect(timeouts.filter((l) => l.entries[0].args[0].endsWith('is restarted'))).toHaveLength(1);
    ok(await t.admin.send<Record<string, any>>('DELETE', `/api/apps/${hostile.id}`));
  });

  it('disable stops the hooks and the command; enable brings them back', async () => {
    ok(await t.admin.post(`/api/apps/${guard.id}/status`, { status: 'manually_disabled' }));
    expect(ok(await send('forbidden after all')).message.msg).toBe('forbidden after all');
    await waitFor(async () => (await member.api.get('/api/v1/commands.get', { command: 'echo-app' })).status === 400);
    expect((await t.api.get(`/api/apps/public/${guard.id}/hello`)).status).toBe(404);

    ok(await t.admin.post(`/api/apps/${guard.id}/status`, { status: 'manually_enabled' }));
    expect((await send('forbidden again')).status).toBe(400);
  });

  it('uninstall removes the app, its package, persistence and logs', async () => {
    ok(await t.admin.send<Record<string, any>>('DELETE', `/api/apps/${guard.id}`));
    expect((await t.admin.get(`/api/apps/${guard.id}`)).status).toBe(404);
    for (const [collection, query] of [
      ['rocketchat_apps', { _id: guard.id }],
      ['rocketchat_apps_packages', { _id: guard.id }],
      ['rocketchat_apps_persistence', { appId: guard.id }],
      ['rocketchat_apps_logs', { appId: guard.id }],
    ] as const) {
      expect(await probe.db.collection(collection).countDocuments(query as never)).toBe(0);
    }
    expect(ok(await send('forbidden no more')).message.msg).toBe('forbidden no more');
  });
});
