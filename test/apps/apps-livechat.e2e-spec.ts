import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { DdpClient } from '../support/ddp-client.js';
import { useStack } from '../support/stack.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import { buildApp, DESK_APP, installApp, type AppPackage } from './support/apps.js';

type Doc = Record<string, any>;
const token = () => randomBytes(12).toString('hex');

/**
 * The livechat bridge, with one app (Desk) and the omnichannel app: visitors created and found, custom fields,
 * whether anyone serves, departments, rooms opened for a visitor with an agent (the app as their source) and
 * found by visitor and by agent, a visitor's and an agent's messages sent and edited, the room's messages,
 * rooms closed by an agent and as the visitor; and the refusals (no `app` source, an unknown token, a missing
 * permission).
 */
describe('apps-engine: the livechat bridge', () => {
  const t = useStack({ instances: { 'apps-engine': 1, omnichannel: 1 } });
  let probe: StackProbe;
  let agent: CoreUser;
  let agentSocket: DdpClient;
  let department: Doc;
  let idle: Doc;
  const desk: AppPackage = buildApp({
    name: 'Desk',
    source: DESK_APP,
    implements: [],
    permissions: [
      'user.read',
      'room.read',
      'message.read',
      'message.write',
      'api',
      'livechat-status.read',
      'livechat-visitor.read',
      'livechat-visitor.write',
      'livechat-room.read',
      'livechat-room.write',
      'livechat-message.read',
      'livechat-message.write',
      'livechat-message.multiple',
      'livechat-department.read',
      'livechat-department.multiple',
      'livechat-custom-fields.write',
    ].map((name) => ({ name })),
  });
  const deskGet = async (what: string, query: Record<string, string>) =>
    (await t.api.get(`/api/apps/public/${desk.id}/desk/${what}`, query)).body;
  const deskPost = async (what: string, body: Doc) => (await t.api.post(`/api/apps/public/${desk.id}/desk/${what}`, body)).body;
  const messagesOf = (rid: string) =>
    probe.db
      .collection('rocketchat_message')
      .find({ rid }, { sort: { ts: 1 } })
      .toArray();

  beforeAll(async () => {
    [probe, agent] = await Promise.all([StackProbe.open(t.stack), createUser(t.admin, 'agent')]);
    ok(await t.admin.post('/api/v1/livechat/users/agent', { username: agent.username }));
    const save = async (name: string, agents: CoreUser[]) =>
      ok(
        await t.admin.post('/api/v1/livechat/department', {
          department: {
            enabled: true,
            name: uniqueName(name),
            showOnRegistration: true,
            showOnOfflineForm: true,
            email: `${name}@e2e.test`,
          },
          agents: agents.map((a) => ({ agentId: a.id, username: a.username })),
        }),
      ).department as Doc;
    [department, idle] = [await save('desk', [agent]), await save('idle', [])];
    agentSocket = await DdpClient.connect(t.stack.gatewayUrl());
    await agentSocket.login(agent.username, PASSWORD);
    await agentSocket.call('livechat:changeLivechatStatus', { status: 'available' });
    await waitFor(async () => (await probe.db.collection('users').countDocuments({ _id: agent.id as never, status: 'online' })) === 1, {
      timeoutMs: 20_000,
      describe: () => 'the agent online',
    });
    expect((await installApp(t.stack.gatewayUrl(), t.admin.credentials, desk)).body).toMatchObject({ success: true });
  }, 90_000);

  afterAll(async () => {
    await agentSocket?.close();
    await probe?.close();
  });

  it('creates visitors and finds them by token, id, e-mail, phone and field; sets their custom fields', async () => {
    const visitorToken = token();
    const created = (await deskPost('visitor', { token: visitorToken, name: 'Vera', email: 'vera@e2e.test', phone: '+15550100' })).visitor;
    expect(created).toMatchObject({ token: visitorToken, name: 'Vera', id: expect.any(String) });
    expect(await probe.db.collection('rocketchat_livechat_visitor').findOne({ token: visitorToken })).toMatchObject({
      _id: created.id,
      name: 'Vera',
      visitorEmails: [{ address: 'vera@e2e.test' }],
    });
    for (const query of [
      { token: visitorToken },
      { id: created.id as string },
      { email: 'VERA@e2e.test' },
      { phone: '+15550100' },
    ] as Array<Record<string, string>>) {
      expect((await deskGet('visitor', query)).visitor).toMatchObject({ id: created.id, token: visitorToken });
    }
    expect((await deskGet('visitor', { token: token() })).visitor).toBeNull();
    expect((await deskGet('visitors', { query: JSON.stringify({ name: 'Vera' }) })).tokens).toContain(visitorToken);
    // An app's query is field values only: no operators.
    expect((await deskGet('visitors', { query: JSON.stringify({ name: { $ne: null } }) })).error).toMatch(/only plain field values/);

    // Only a field defined by a manager takes a value, as in Rocket.Chat.
    expect(await deskPost('custom-field', { token: visitorToken, key: 'plan', value: 'gold' })).toEqual({
      error: 'invalid-custom-field [failure]',
    });
    const saved = await t.admin.post('/api/v1/method.call/livechat:saveCustomField', {
      message: JSON.stringify({
        msg: 'method',
        id: '1',
        method: 'livechat:saveCustomField',
        params: [null, { field: 'plan', label: 'Plan', scope: 'visitor', visibility: 'visible', regexp: '', searchable: false }],
      }),
    });
    expect(JSON.parse(saved.body.message as string)).not.toHaveProperty('error');
    expect(await deskPost('custom-field', { token: visitorToken, key: 'plan', value: 'gold' })).toEqual({ set: true });
    expect((await deskGet('visitor', { token: visitorToken })).visitor.livechatData).toEqual({ plan: 'gold' });
  });

  it('tells whether anyone serves, overall and by department, and finds departments', async () => {
    expect(await deskGet('online', {})).toEqual({ online: true });
    expect(await deskGet('online', { department: department._id })).toEqual({ online: true });
    expect(await deskGet('online', { department: idle._id })).toEqual({ online: false });
    await agentSocket.call('livechat:changeLivechatStatus', { status: 'not-available' });
    try {
      await waitFor(async () => (await deskGet('online', {})).online === false, {
        describe: () => 'offline once the agent is not available',
      });
    } finally {
      await agentSocket.call('livechat:changeLivechatStatus', { status: 'available' });
    }
    await waitFor(async () => (await deskGet('online', {})).online === true, { describe: () => 'online again' });

    expect((await deskGet('department', { value: department._id })).department).toEqual({
      id: department._id,
      name: department.name,
      enabled: true,
    });
    expect((await deskGet('department', { value: department.name })).department).toMatchObject({ id: department._id });
    expect((await deskGet('department', { value: 'no-such-department' })).department).toBeNull();
    const withAgents = (await deskGet('departments', {})).ids as string[];
    expect(withAgents).toContain(department._id);
    expect(withAgents).not.toContain(idle._id);
  });

  it("opens a room for a visitor with an agent, finds it by visitor and agent, sends and edits both sides' messages, closes it", async () => {
    const visitorToken = token();
    ok(await t.api.post('/api/v1/livechat/visitor', { visitor: { token: visitorToken, name: 'Otto', department: department._id } }));
    // As Rocket.Chat: the app must name itself the room's source.
    expect((await deskPost('room', { token: visitorToken, agentId: agent.id, source: false })).error).toMatch(/Invalid source type/);

    const opened = (await deskPost('room', { token: visitorToken, agentId: agent.id })).room;
    expect(opened).toMatchObject({ open: true, visitor: visitorToken, source: { type: 'app', id: desk.id, alias: 'Desk', label: 'Desk' } });
    const rid = opened.id as string;
    await waitFor(async () => (await deskGet('room', { rid })).room?.servedBy === agent.username, { describe: () => 'the room served' });
    expect(await probe.db.collection('rocketchat_room').findOne({ _id: rid as never })).toMatchObject({
      t: 'l',
      open: true,
      servedBy: { _id: agent.id },
    });

    expect((await deskGet('rooms', { token: visitorToken })).rooms.map((r: Doc) => r.id)).toEqual([rid]);
    expect((await deskGet('rooms', { token: visitorToken, department: department._id })).rooms.map((r: Doc) => r.id)).toEqual([rid]);
    expect((await deskGet('rooms', { token: visitorToken, department: idle._id })).rooms).toEqual([]);
    const ofAgent = await deskGet('agent-rooms', { agentId: agent.id });
    expect(ofAgent.rooms.map((r: Doc) => r.id)).toContain(rid);
    expect(ofAgent.count).toBe(ofAgent.rooms.length);

    // The visitor's message (omnichannel's), the agent's (core's), each edited.
    const fromVisitor = (await deskPost('visitor-message', { token: visitorToken, rid, text: 'hello from the visitor' })).id as string;
    const fromAgent = (await deskPost('agent-message', { agentId: agent.id, rid, text: 'hello from the agent' })).id as string;
    expect(await deskPost('edit', { id: fromVisitor, text: 'hello, edited by the app' })).toEqual({ edited: true });
    expect(await deskPost('edit', { id: fromAgent, editorId: agent.id, text: 'agent, edited by the app' })).toEqual({ edited: true });
    const stored = await messagesOf(rid);
    expect(stored.find((m) => String(m._id) === fromVisitor)).toMatchObject({ msg: 'hello, edited by the app', token: visitorToken });
    expect(stored.find((m) => String(m._id) === fromAgent)).toMatchObject({ msg: 'agent, edited by the app', u: { _id: agent.id } });
    const listed = (await deskGet('messages', { rid })).messages as Doc[];
    expect(listed.map((m) => m.text)).toEqual(expect.arrayContaining(['hello, edited by the app', 'agent, edited by the app']));
    expect(listed.find((m) => m.id === fromAgent)?.sender).toBe(agent.username);
    // An unknown visitor cannot write.
    expect((await deskPost('visitor-message', { token: token(), rid, text: 'who am I' })).error).toBeTruthy();

    expect(await deskPost('close', { rid, closerId: agent.id, comment: 'done by the app' })).toEqual({ closed: true });
    expect(await probe.db.collection('rocketchat_room').findOne({ _id: rid as never })).toMatchObject({
      closer: 'user',
      closedBy: { _id: agent.id },
      metrics: { comment: 'done by the app' },
    });
    expect((await deskGet('rooms', { token: visitorToken })).rooms).toEqual([]);
    expect((await deskGet('agent-rooms', { agentId: agent.id })).rooms.map((r: Doc) => r.id)).not.toContain(rid);
  });

  it('closes a room as its visitor when no closer is given', async () => {
    const visitorToken = token();
    ok(await t.api.post('/api/v1/livechat/visitor', { visitor: { token: visitorToken, name: 'Ida' } }));
    const rid = (await deskPost('room', { token: visitorToken })).room.id as string;
    expect(await deskPost('close', { rid })).toEqual({ closed: true });
    const closed = await probe.db.collection('rocketchat_room').findOne({ _id: rid as never });
    expect(closed).toMatchObject({ closer: 'visitor' });
    expect(closed?.open).toBeUndefined();
  });
});
