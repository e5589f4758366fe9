import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { randomBytes } from 'node:crypto';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import { queryPlans } from '../support/query-plans.js';
import { DdpClient, DdpError } from '../support/ddp-client.js';
import { ADMIN, useStack } from '../support/stack.js';

type Doc = Record<string, any>;
const token = () => randomBytes(12).toString('hex');

/**
 * The managers' side of OmniChannel on a real stack: the default business hour (agents unavailable while it is
 * closed, the widget told `online: false`), the triggers' administration and the widget receiving them, the
 * agents' view of visitors (`livechat/visitors.*`), and notify-user `departmentAgentData`.
 */
describe('omnichannel administration', () => {
  const t = useStack({ instances: { omnichannel: 1 }, appEnv: { omnichannel: { OMNICHANNEL_ROUTING_INTERVAL_MS: '300' } } });
  let probe: StackProbe;
  let agent: CoreUser;
  let agentDdp: DdpClient;
  let adminDdp: DdpClient;

  const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
  const failure = (response: { status: number; body: Doc }) => ({ status: response.status, errorType: response.body.errorType });
  const agentDoc = async () => (await probe.db.collection('users').findOne({ _id: agent.id as never })) as Doc;
  const online = async () => ok(await t.api.get('/api/v1/livechat/config')).config.online as boolean;
  const ddpFailure = async (promise: Promise<unknown>) => {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DdpError);
    return (error as DdpError).error.error;
  };

  beforeAll(async () => {
    probe = await StackProbe.open(t.stack);
    agent = await createUser(t.admin, 'bh-agent');
    ok(await t.admin.post('/api/v1/livechat/users/agent', { username: agent.username }));
    agentDdp = await DdpClient.connect(t.stack.gatewayUrl());
    await agentDdp.login(agent.username, PASSWORD);
    adminDdp = await DdpClient.connect(t.stack.gatewayUrl());
    await adminDdp.login(ADMIN.username, ADMIN.password);
    await agentDdp.call('livechat:changeLivechatStatus', { status: 'available' });
    await waitFor(async () => (await agentDoc()).status === 'online', { timeoutMs: 20_000, describe: () => 'the agent to be online' });
  }, 60_000);

  afterAll(async () => {
    await agentDdp?.close();
    await adminDdp?.close();
    await probe?.close();
  });

  it('business hours: the default one, saved over DDP; closed, agents are unavailable and the widget is offline', async () => {
    const { businessHour } = ok(await t.admin.get('/api/v1/livechat/business-hour', { type: 'default' }));
    expect(businessHour).toMatchObject({ type: 'default', active: true, timezone: { name: expect.any(String) } });
    expect(businessHour.workHours.map((d: Doc) => d.day)).toEqual(
      expect.arrayContaining(['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday']),
    );
    expect(businessHour.workHours[0]).toMatchObject({ start: { time: '00:00', utc: expect.any(Object) }, open: true });
    const listed = ok(await t.admin.get('/api/v1/livechat/business-hours.list'));
    expect(listed.businessHours.map((b: Doc) => b._id)).toContain(businessHour._id);
    expect((await agent.api.get('/api/v1/livechat/business-hour', { type: 'default' })).status).toBe(403);

    await setSetting('Livechat_enable_business_hours', true);
    await waitFor(online, { timeoutMs: 10_000, describe: () => 'the widget online while the hours are open' });

    // Closed every day, as Rocket.Chat's own tests send it: the stored business hour with times replaced.
    const closed = {
      ...businessHour,
      workHours: businessHour.workHours.map((d: Doc) => ({ ...d, start: '00:00', finish: '23:59', open: false })),
    };
    await adminDdp.call('livechat:saveBusinessHour', closed);
    expect(await agentDoc()).toMatchObject({ statusLivechat: 'not-available', livechatStatusSystemModified: true });
    expect(await online()).toBe(false);
    expect(await ddpFailure(agentDdp.call('livechat:changeLivechatStatus', { status: 'available' }))).toBe(
      'error-business-hours-are-closed',
    );
    expect((await agentDoc()).statusLivechat).toBe('not-available');

    // Bad input changes nothing.
    expect(await ddpFailure(adminDdp.call('livechat:saveBusinessHour', { ...closed, timezone: 'Mars/Olympus' }))).toBe('invalid-params');
    const badDay = { ...closed, workHours: [{ day: 'Funday', start: '00:00', finish: '01:00', open: true }] };
    expect(failure(await t.admin.post('/api/v1/livechat/business-hours.save', badDay)).status).toBe(400);
    expect(await ddpFailure(agentDdp.call('livechat:saveBusinessHour', closed))).toBe('error-unauthorized');
    const stored = ok(await t.admin.get('/api/v1/livechat/business-hour', { type: 'default' })).businessHour;
    expect(stored.workHours.every((d: Doc) => d.open === false)).toBe(true);

    // Open again (over REST this time): the agents the hours made unavailable are available again.
    const open = { ...closed, timezone: 'UTC', workHours: closed.workHours.map((d: Doc) => ({ ...d, open: true })) };
    ok(await t.admin.post('/api/v1/livechat/business-hours.save', open));
    expect(await agentDoc()).toMatchObject({ statusLivechat: 'available' });
    expect((await agentDoc()).livechatStatusSystemModified).toBeUndefined();
    expect(await online()).toBe(true);

    // While the hours apply, every sweep (5 routing intervals) looks for the agents they made unavailable: through an
    // index, not by reading every user (the local database counts its collection scans).
    await queryPlans(probe.db, ['users']);
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect((await queryPlans(probe.db, ['users'])).scans).toEqual([]);

    // Closed again, then the setting turned off: the sweep gives the agents back.
    await adminDdp.call('livechat:saveBusinessHour', closed);
    expect((await agentDoc()).statusLivechat).toBe('not-available');
    await setSetting('Livechat_enable_business_hours', false);
    await waitFor(async () => (await agentDoc()).statusLivechat === 'available', {
      timeoutMs: 10_000,
      describe: () => 'the agent available again once business hours are off',
    });
    expect(await online()).toBe(true);
  });

  it('triggers: managers list, save, read and delete them; the widget receives the enabled ones', async () => {
    const name = uniqueName('welcome');
    const trigger = {
      name,
      description: 'greets visitors',
      enabled: true,
      runOnce: false,
      conditions: [{ name: 'time-on-site', value: 5 }],
      actions: [{ name: 'send-message', params: { sender: 'queue', msg: 'Hello there' } }],
    };
    ok(await t.admin.post('/api/v1/livechat/triggers', trigger));
    const listed = ok(await t.admin.get('/api/v1/livechat/triggers')).triggers as Doc[];
    const saved = listed.find((x) => x.name === name)!;
    expect(saved).toMatchObject(trigger);
    expect(ok(await t.admin.get(`/api/v1/livechat/triggers/${saved._id}`)).trigger).toMatchObject({ _id: saved._id, name });
    const widgetTriggers = async () => ok(await t.api.get('/api/v1/livechat/config')).config.triggers as Doc[];
    expect((await widgetTriggers()).find((x) => x._id === saved._id)).toEqual({
      _id: saved._id,
      conditions: trigger.conditions,
      actions: trigger.actions,
      runOnce: false,
    });

    ok(await t.admin.post('/api/v1/livechat/triggers', { ...trigger, _id: saved._id, enabled: false }));
    expect((await widgetTriggers()).some((x) => x._id === saved._id)).toBe(false);

    // Bad input: an unknown condition, an unknown trigger, a user who is no manager.
    const badCondition = { ...trigger, conditions: [{ name: 'moon-phase', value: 'full' }] };
    expect((await t.admin.post('/api/v1/livechat/triggers', badCondition)).status).toBe(400);
    expect(failure(await t.admin.post('/api/v1/livechat/triggers', { ...trigger, _id: 'nope' }))).toEqual({
      status: 400,
      errorType: 'error-invalid-trigger',
    });
    expect((await agent.api.get('/api/v1/livechat/triggers')).status).toBe(403);
    expect(await probe.db.collection('rocketchat_livechat_trigger').countDocuments({ name })).toBe(1);

    ok(await t.admin.send<Doc>('DELETE', `/api/v1/livechat/triggers/${saved._id}`));
    expect(ok(await t.admin.get(`/api/v1/livechat/triggers/${saved._id}`)).trigger).toBeNull();
    expect(failure(await t.admin.send<Doc>('DELETE', `/api/v1/livechat/triggers/${saved._id}`))).toEqual({
      status: 400,
      errorType: 'error-invalid-trigger',
    });
  });

  it("visitors.*: a visitor's chat history, searched by text, closed only; autocomplete", async () => {
    // The agent stays out of it: not available, so nothing is routed to them.
    await agentDdp.call('livechat:changeLivechatStatus', { status: 'not-available' });
    const vt = token();
    const visitorName = uniqueName('Quinn');
    const visitor = ok(await t.api.post('/api/v1/livechat/visitor', { visitor: { token: vt, name: visitorName } })).visitor as Doc;
    const first = ok(await t.api.get('/api/v1/livechat/room', { token: vt, rid: `r${token().slice(0, 16)}` })).room as Doc;
    ok(await t.api.post('/api/v1/livechat/message', { token: vt, rid: first._id, msg: 'my parcel zebracorn is late' }));
    ok(await t.api.post('/api/v1/livechat/room.close', { token: vt, rid: first._id }));
    const second = ok(await t.api.get('/api/v1/livechat/room', { token: vt, rid: `r${token().slice(0, 16)}` })).room as Doc;
    ok(await t.api.post('/api/v1/livechat/message', { token: vt, rid: second._id, msg: 'another question' }));

    const history = ok(await t.admin.get(`/api/v1/livechat/visitors.chatHistory/room/${second._id}/visitor/${visitor._id}`));
    expect(history).toMatchObject({ count: 2, offset: 0, total: 2 });
    expect(history.history.map((r: Doc) => r._id)).toEqual([second._id, first._id]);

    const search = (query: Doc) => t.admin.get(`/api/v1/livechat/visitors.searchChats/room/${second._id}/visitor/${visitor._id}`, query);
    expect(ok(await search({ searchText: 'ZEBRACORN' })).history.map((r: Doc) => r._id)).toEqual([first._id]);
    expect(ok(await search({ closedChatsOnly: 'true' })).history.map((r: Doc) => r._id)).toEqual([first._id]);
    expect(ok(await search({ searchText: 'nothing-like-this' })).total).toBe(0);

    const items = ok(
      await t.admin.get('/api/v1/livechat/visitors.autocomplete', { selector: JSON.stringify({ term: visitorName }) }),
    ).items;
    expect(items).toEqual([{ _id: visitor._id, name: visitorName, username: visitor.username }]);
    const excepted = ok(
      await t.admin.get('/api/v1/livechat/visitors.autocomplete', {
        selector: JSON.stringify({ term: visitorName, exceptions: [visitor._id] }),
      }),
    ).items;
    expect(excepted).toEqual([]);

    // Bad input: an unknown room, a selector that is not JSON, an agent who cannot see the room.
    expect(failure(await t.admin.get(`/api/v1/livechat/visitors.chatHistory/room/nope/visitor/${visitor._id}`))).toEqual({
      status: 400,
      errorType: 'error-invalid-room',
    });
    expect((await t.admin.get('/api/v1/livechat/visitors.autocomplete', { selector: '{not json' })).status).toBe(400);
    expect(failure(await agent.api.get(`/api/v1/livechat/visitors.chatHistory/room/${second._id}/visitor/${visitor._id}`))).toEqual({
      status: 400,
      errorType: 'error-not-allowed',
    });
  });

  it("livechat/upload/:rid: the visitor's file through the upload pipeline, posted as their message; refused without their token", async () => {
    const vt = token();
    const visitor = ok(await t.api.post('/api/v1/livechat/visitor', { visitor: { token: vt, name: 'Uploader' } })).visitor as Doc;
    const room = ok(await t.api.get('/api/v1/livechat/room', { token: vt, rid: `r${token().slice(0, 16)}` })).room as Doc;
    const upload = async (rid: string, headers: Record<string, string>) => {
      const form = new FormData();
      form.append('description', 'my receipt');
      form.append('file', new Blob([Buffer.from('receipt number 42\n')], { type: 'text/plain' }), 'receipt.txt');
      const response = await fetch(`${t.stack.gatewayUrl()}/api/v1/livechat/upload/${rid}`, { method: 'POST', body: form, headers });
      return { status: response.status, body: (await response.json()) as Doc };
    };
    const uploads = () => probe.db.collection('rocketchat_uploads').countDocuments({ rid: room._id });

    const { status, body } = await upload(room._id, { 'x-visitor-token': vt });
    expect(status).toBe(200);
    expect(body).toMatchObject({ success: true, rid: room._id, token: vt, u: { _id: visitor._id }, file: { name: 'receipt.txt' } });
    expect(body.attachments[0]).toMatchObject({
      title: 'receipt.txt',
      description: 'my receipt',
      title_link: `/file-upload/${body.file._id}/receipt.txt`,
    });
    expect(await probe.db.collection('rocketchat_uploads').findOne({ _id: body.file._id })).toMatchObject({
      rid: room._id,
      userId: visitor._id,
      visitorToken: vt,
      size: 18,
    });
    const history = ok(await t.api.get(`/api/v1/livechat/messages.history/${room._id}`, { token: vt })).messages as Doc[];
    expect(history[0]).toMatchObject({ _id: body._id, file: { _id: body.file._id } });
    expect((await probe.db.collection('rocketchat_room').findOne({ _id: room._id }))?.lastMessage?._id).toBe(body._id);

    // No token, a forged one, another visitor's: 401 and nothing stored; uploads off for the widget: refused.
    expect((await upload(room._id, {})).status).toBe(401);
    expect((await upload(room._id, { 'x-visitor-token': token() })).status).toBe(401);
    expect(await uploads()).toBe(1);
    await setSetting('Livechat_fileupload_enabled', false);
    await waitFor(async () => (await upload(room._id, { 'x-visitor-token': vt })).status === 400, {
      timeoutMs: 10_000,
      describe: () => 'uploads refused once Livechat_fileupload_enabled is off',
    });
    expect((await upload(room._id, { 'x-visitor-token': vt })).body.errorType).toBe('error-file-upload-disabled');
    expect(await uploads()).toBe(1);
    await setSetting('Livechat_fileupload_enabled', true);
  });

  it('notify-user departmentAgentData: the agent is told when added to, changed in or removed from a department', async () => {
    const { department } = ok(
      await t.admin.post('/api/v1/livechat/department', {
        department: { enabled: true, name: uniqueName('dad'), showOnRegistration: true, showOnOfflineForm: true, email: 'd@e2e.test' },
      }),
    );
    const eventName = `${agent.id}/departmentAgentData`;
    await agentDdp.stream('notify-user', eventName);
    const added = agentDdp.nextPush('notify-user', eventName);
    ok(
      await t.admin.post(`/api/v1/livechat/department/${department._id}/agents`, {
        upsert: [{ agentId: agent.id, username: agent.username }],
        remove: [],
      }),
    );
    expect((await added).args[0]).toMatchObject({
      action: 'inserted',
      agentId: agent.id,
      departmentId: department._id,
      username: agent.username,
    });

    const changed = agentDdp.nextPush('notify-user', eventName);
    ok(
      await t.admin.post(`/api/v1/livechat/department/${department._id}/agents`, {
        upsert: [{ agentId: agent.id, username: agent.username, order: 2 }],
        remove: [],
      }),
    );
    expect((await changed).args[0]).toMatchObject({ action: 'updated', agentId: agent.id, order: 2 });

    const removed = agentDdp.nextPush('notify-user', eventName);
    ok(await t.admin.post(`/api/v1/livechat/department/${department._id}/agents`, { upsert: [], remove: [{ agentId: agent.id }] }));
    expect((await removed).args[0]).toEqual({
      action: 'removed',
      _id: expect.any(String),
      agentId: agent.id,
      departmentId: department._id,
    });
    expect((await probe.db.collection('rocketchat_livechat_department').findOne({ _id: department._id }))?.numAgents).toBe(0);
  });
});
