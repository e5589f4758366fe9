import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { queryPlans } from '../support/query-plans.js';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import {
  buildApp,
  CRASH_APP,
  HOG_APP,
  HOG_APP_V2,
  installApp,
  PANEL_APP,
  restartsUnder,
  setAddressRule,
  type AppPackage,
} from './support/apps.js';

const triggerId = () => randomBytes(8).toString('hex');

/**
 * The engine's bridges beyond the basics, on two engine instances: UI Kit interactions routed to an app, the
 * scheduler (each run once across the instances, jobs surviving a restart), outbound HTTP under the address
 * rule, the post-event listeners, and hostile apps (a memory hog, a hook that never answers, a crash on load).
 */
describe('apps-engine bridges', () => {
  const t = useStack({
    instances: { 'apps-engine': 2 },
    appEnv: {
      'apps-engine': { APPS_HOOK_TIMEOUT_MS: '6000', APPS_MAX_HEAP_MB: '48', APPS_SCHEDULER_POLL_MS: '200' },
    },
  });
  let member: CoreUser;
  let probe: StackProbe;
  let socket: DdpClient;
  let channel: { _id: string; name: string };
  const panel: AppPackage = buildApp({
    name: 'Panel',
    source: PANEL_APP,
    implements: ['IUIKitInteractionHandler', 'IPostMessageUpdated', 'IPostRoomCreate', 'IPostRoomUserJoined', 'IPostUserCreated'],
  });
  const hog: AppPackage = buildApp({ name: 'Hog', source: HOG_APP, implements: ['IPreMessageSentModify'] });
  const hogV2: AppPackage = buildApp({ id: hog.id, name: 'Hog', source: HOG_APP_V2, implements: ['IPreMessageSentModify'] });
  const crash: AppPackage = buildApp({ name: 'Crash', source: CRASH_APP, implements: [] });

  /** What the panel app recorded in its persistence. */
  const recorded = async (query: Record<string, unknown>) => {
    const filter = Object.fromEntries(Object.entries(query).map(([key, value]) => [`data.${key}`, value]));
    return probe.db
      .collection('rocketchat_apps_persistence')
      .find({ appId: panel.id, ...filter })
      .toArray();
  };
  const jobs = () => probe.db.collection('rocketchat_apps_scheduler');
  const panelCommand = async (params: string) =>
    ok(await member.api.post('/api/v1/commands.run', { command: 'panel', params, roomId: channel._id }));
  const interact = (user: CoreUser['api'], body: Record<string, unknown>) => user.post(`/api/apps/ui.interaction/${panel.id}`, body);

  /** Each engine instance loads an app installed on another one: enough answers in a row from either of them. */
  const loadedEverywhere = async (appId: string) => {
    for (let i = 0; i < 8; i++) await waitFor(async () => (await t.admin.get(`/api/apps/${appId}`)).status === 200);
  };

  beforeAll(async () => {
    member = await createUser(t.admin, 'member');
    probe = await StackProbe.open(t.stack);
    channel = ok(await member.api.post('/api/v1/channels.create', { name: uniqueName('panel') })).channel;
    socket = await DdpClient.connect(t.stack.gatewayUrl());
    await socket.login(member.username, PASSWORD);
    await socket.stream('notify-user', `${member.id}/message`);
    expect((await installApp(t.stack.gatewayUrl(), t.admin.credentials, panel)).body).toMatchObject({ success: true });
    await waitFor(async () => (await member.api.get('/api/v1/commands.get', { command: 'panel' })).status === 200);
    await loadedEverywhere(panel.id);
  }, 90_000);

  afterAll(async () => {
    await socket?.close();
    await probe?.close();
  });

  it("routes a button of the app's message to the app, which opens a modal, and the submission reaches it", async () => {
    const pushed = socket.nextPush('notify-user', `${member.id}/message`, (p) => p.args[0]?.msg === 'Open the form');
    await queryPlans(probe.db, ['users']);
    await panelCommand('');
    const message = (await pushed).args[0];
    // The app's message goes out as the app's user, found by its app id through an index, not by reading every user.
    expect((await queryPlans(probe.db, ['users'])).scans).toEqual([]);
    const button = message.blocks[0].elements[0];
    expect(button).toMatchObject({ type: 'button', actionId: 'open-form', appId: panel.id });

    const opened = await interact(member.api, {
      type: 'blockAction',
      actionId: button.actionId,
      payload: { blockId: 'panel', value: button.value },
      container: { type: 'message', id: message._id },
      mid: message._id,
      rid: channel._id,
      triggerId: triggerId(),
    });
    expect(opened.status).toBe(200);
    expect(opened.body).toMatchObject({ type: 'modal.open', appId: panel.id, view: { id: 'panel-form', type: 'modal' } });
    const view = opened.body.view;

    const submit = (answer: string) =>
      interact(member.api, {
        type: 'viewSubmit',
        payload: { view: { ...view, state: { 'answer-block': { answer } } } },
        viewId: view.id,
        triggerId: triggerId(),
      });
    const refused = await submit('');
    expect(refused.body).toMatchObject({ type: 'errors', errors: { answer: 'Say something' } });
    expect(await recorded({ event: 'viewSubmit' })).toHaveLength(0);

    expect((await submit('forty-two')).status).toBe(200);
    expect(await recorded({ event: 'viewSubmit' })).toEqual([
      expect.objectContaining({ data: { event: 'viewSubmit', view: 'panel-form', answer: 'forty-two', by: member.username } }),
    ]);
    // A trigger id is spent once; an unknown app is refused.
    const replayed = triggerId();
    const action = {
      type: 'blockAction',
      actionId: 'open-form',
      payload: { blockId: 'panel', value: 'go' },
      container: { type: 'message', id: message._id },
    };
    expect((await interact(member.api, { ...action, triggerId: replayed })).status).toBe(200);
    expect((await interact(member.api, { ...action, triggerId: replayed })).body).toMatchObject({ errorType: 'error-trigger-id-expired' });
    const unknown = await member.api.post('/api/apps/ui.interaction/00000000-0000-0000-0000-000000000000', {
      ...action,
      triggerId: triggerId(),
    });
    expect(unknown.body).toMatchObject({ success: false, errorType: 'error-invalid-app' });
  });

  it('runs each scheduled job once across the two instances', async () => {
    expect(t.stack.instances('apps-engine')).toHaveLength(2);
    await queryPlans(probe.db, ['rocketchat_apps_scheduler']);
    await Promise.all([1, 2, 3, 4, 5].map((n) => panelCommand(`once ${n}`)));
    await waitFor(async () => (await recorded({ event: 'job', job: 'once' })).length >= 5, { describe: () => 'the five one-off jobs' });
    // Both instances poll for due jobs every second: through the `nextRunAt` index, not a read of every job.
    expect((await queryPlans(probe.db, ['rocketchat_apps_scheduler'])).scans).toEqual([]);
    await waitFor(async () => (await jobs().countDocuments({ name: /^once_/ })) === 0, { describe: () => 'the one-off jobs removed' });
    const runs = (await recorded({ event: 'job', job: 'once' })).map((r) => r.data.n).sort();
    expect(runs).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps a recurring job through a restart of every instance, and cancels it', async () => {
    await panelCommand('tick');
    await waitFor(async () => (await recorded({ event: 'job', job: 'tick' })).length >= 2, { describe: () => 'two ticks' });
    // One job document however many instances run the app.
    expect(await jobs().countDocuments({ name: `tick_${panel.id}` })).toBe(1);

    for (const instance of t.stack.instances('apps-engine')) await t.stack.remove(instance);
    const stored = await jobs().findOne({ name: `tick_${panel.id}` });
    expect(stored).toMatchObject({ repeatInterval: '1 second', appId: panel.id });
    const before = (await recorded({ event: 'job', job: 'tick' })).length;

    await Promise.all([t.stack.startInstance('apps-engine'), t.stack.startInstance('apps-engine')]);
    await waitFor(async () => (await recorded({ event: 'job', job: 'tick' })).length >= before + 2, {
      timeoutMs: 60_000,
      describe: () => 'ticks after the restart',
    });
    await waitFor(
      async () => (await member.api.post('/api/v1/commands.run', { command: 'panel', params: 'stop', roomId: channel._id })).status === 200,
    );
    await waitFor(async () => (await jobs().countDocuments({ appId: panel.id })) === 0);
  }, 120_000);

  it('calls out over HTTP under the address rule: a private address only once allowed', async () => {
    const server: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"hello":"app"}'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
    try {
      const refused = (await t.api.get(`/api/apps/public/${panel.id}/fetch`, { url })).body;
      expect(refused.error).toMatch(/refused.*127\.0\.0\.1/);

      await setAddressRule(t.admin, probe.db, true, [panel.id], 2);
      await waitFor(async () => (await t.api.get(`/api/apps/public/${panel.id}/fetch`, { url })).body.statusCode === 200);
      expect((await t.api.get(`/api/apps/public/${panel.id}/fetch`, { url })).body).toMatchObject({
        statusCode: 200,
        data: { hello: 'app' },
      });
    } finally {
      await setAddressRule(t.admin, probe.db, false, [panel.id], 2);
      server.close();
    }
  });

  it('tells the app of edited messages, created rooms, joins and new users', async () => {
    const sent = ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'first' } })).message;
    ok(await member.api.post('/api/v1/chat.update', { roomId: channel._id, msgId: sent._id, text: 'second' }));
    const roomName = uniqueName('made');
    const made = ok(await t.admin.post('/api/v1/channels.create', { name: roomName })).channel;
    ok(await member.api.post('/api/v1/channels.join', { roomId: made._id }));
    const newcomer = await createUser(t.admin, 'newcomer');
    ok(await t.admin.post('/api/v1/channels.invite', { roomId: made._id, userId: newcomer.id }));

    await waitFor(async () => (await recorded({ event: 'IPostMessageUpdated', id: sent._id, text: 'second' })).length === 1, {
      describe: () => 'IPostMessageUpdated',
    });
    await waitFor(async () => (await recorded({ event: 'IPostRoomCreate', room: roomName, creator: 'admin' })).length === 1, {
      describe: () => 'IPostRoomCreate',
    });
    await waitFor(
      async () => (await recorded({ event: 'IPostRoomUserJoined', room: roomName, user: member.username, inviter: null })).length === 1,
      {
        describe: () => 'IPostRoomUserJoined (joined)',
      },
    );
    await waitFor(
      async () =>
        (await recorded({ event: 'IPostRoomUserJoined', room: roomName, user: newcomer.username, inviter: 'admin' })).length === 1,
      { describe: () => 'IPostRoomUserJoined (added)' },
    );
    await waitFor(async () => (await recorded({ event: 'IPostUserCreated', user: newcomer.username })).length === 1, {
      describe: () => 'IPostUserCreated',
    });
  });

  it('installs a package from a URL, under the address rule', async () => {
    const server: Server = createServer((_req, res) => res.writeHead(200, { 'Content-Type': 'application/zip' }).end(hog.zip));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hog.zip`;
    try {
      const refused = await t.admin.post('/api/apps', { url });
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatch(/refused/);
      expect((await member.api.post('/api/apps', { url })).status).toBe(403);
      await setAddressRule(t.admin, probe.db, true, [panel.id], 2);
      await waitFor(async () => (await t.admin.post('/api/apps', { url })).status === 200, { describe: () => 'the install from the URL' });
      await loadedEverywhere(hog.id);
      expect(ok(await t.admin.get(`/api/apps/${hog.id}`)).app).toMatchObject({ id: hog.id, name: 'Hog', status: 'manually_enabled' });
    } finally {
      await setAddressRule(t.admin, probe.db, false, [panel.id, hog.id], 2);
      server.close();
    }
  });

  it('survives a memory hog and a hook that never answers: chat goes on, the logs and the status say why', async () => {
    const send = (msg: string) => member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg } });
    const logs = async () =>
      ok(await t.admin.get(`/api/apps/${hog.id}/logs`)).logs as Array<{ method: string; entries: Array<{ args: string[] }> }>;

    expect(ok(await send('a hang, please')).message.msg).toBe('a hang, please');
    await waitFor(async () => (await logs()).some((l) => l.method === 'runtime:timeout'), { describe: () => 'the timeout in the logs' });
    await waitFor(async () => ok(await send('calm before')).message.msg === 'calm before', { describe: () => 'chat after the hang' });

    // The timeout's entry is written once the hanging process's restart has begun: this send's hook waits for the
    // fresh process, then eats its memory.
    expect(ok(await send('go hog it all')).message.msg).toBe('go hog it all');
    const outOfMemory = async () => (await logs()).some((l) => l.method === 'runtime:exit' && /out of memory/.test(l.entries[0].args[0]));
    await waitFor(outOfMemory, { timeoutMs: 15_000, describe: () => 'the out-of-memory exit in the logs' });
    // `runtime` is the cluster's view, whichever instance answers: each instance's status and exits, the worst
    // status, the exits summed and the latest exit. Only the instance that ran the hog saw its process end.
    // An instance slower than the roll call's window is left out of that answer (on a loaded machine): read again.
    const clusterView = async () => {
      let runtime: any;
      await waitFor(async () => (runtime = ok(await t.admin.get(`/api/apps/${hog.id}`)).app.runtime).instances.length === 2, {
        describe: () => 'both instances in the roll call',
      });
      return runtime;
    };
    for (let i = 0; i < 4; i++) {
      const runtime = await clusterView();
      expect(runtime.instances.map((r: { instance: string }) => r.instance).sort()).toEqual(
        t.stack
          .instances('apps-engine')
          .map((instance) => instance.instanceId)
          .sort(),
      );
      expect(runtime.instances.filter((r: { exits: number }) => r.exits > 0)).toHaveLength(1);
      expect(runtime.exits).toBeGreaterThanOrEqual(1);
      expect(runtime.lastExit.reason).toMatch(/out of memory/);
    }
    await waitFor(async () => ok(await send('calm after')).message.msg === 'calm after', { describe: () => 'chat after the hog' });
  }, 150_000);

  it('updates an installed app with a new package, on every instance', async () => {
    const upload = (credentials = t.admin.credentials!, appId = hog.id) => installApp(t.stack.gatewayUrl(), credentials, hogV2, { appId });
    expect((await upload(member.api.credentials)).status).toBe(403);
    // Another app's package is not an update of this one.
    expect((await upload(t.admin.credentials, panel.id)).body).toMatchObject({ success: false });
    expect((await upload()).body).toMatchObject({ success: true, app: { id: hog.id } });
    // Each engine instance answers some of the sends: all of them run the new code.
    for (let i = 0; i < 6; i++) {
      await waitFor(
        async () =>
          ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: `tag-me ${i}` } })).message.msg ===
          `tag-me ${i} [v2]`,
        {
          describe: () => 'the updated hook',
        },
      );
    }

    // A hook called while the app's process restarts (here under a new address rule, on both instances) waits for
    // the fresh process. It used to reach a process without the app, fail or time out, and be skipped. Sent one
    // after another through both restarts (each is ~0.1 s on an idle machine) and after.
    const before = await restartsUnder(probe.db, hog.id, true);
    ok(await t.admin.post('/api/v1/settings/Integrations_Allow_Private_Addresses', { value: true }));
    const texts: string[] = [];
    for (let i = 0; texts.length < 20 || (await restartsUnder(probe.db, hog.id, true)) < before + 2; i++) {
      texts.push(ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: `tag-me ${i}` } })).message.msg);
    }
    expect(texts.filter((text) => !text.endsWith(' [v2]'))).toEqual([]);
    await setAddressRule(t.admin, probe.db, false, [panel.id, hog.id], 2);
    ok(await t.admin.send<Record<string, any>>('DELETE', `/api/apps/${hog.id}`));
  });

  it('reports an app that crashes while loading, and chat goes on', async () => {
    const installed = await installApp(t.stack.gatewayUrl(), t.admin.credentials, crash);
    expect(installed.body).toMatchObject({ success: false, error: expect.stringMatching(/crashed while loading on purpose/) });
    expect(installed.status).toBe(400);
    expect(await probe.db.collection('rocketchat_apps').countDocuments({ _id: crash.id as never })).toBe(0);
    expect(ok(await member.api.post('/api/v1/chat.sendMessage', { message: { rid: channel._id, msg: 'still here' } })).message.msg).toBe(
      'still here',
    );
  });
});
