import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { randomBytes } from 'node:crypto';
import { SmtpCapture } from '../accounts/support/smtp-capture.js';
import { createUser, ok, PASSWORD, StackProbe, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import { queryPlans } from '../support/query-plans.js';
import { DdpClient } from '../support/ddp-client.js';
import type { RestClient } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';

type Doc = Record<string, any>;
const token = () => randomBytes(12).toString('hex');
const streamArgs = (visitorToken: string) => ({ useCollection: false, args: [{ token: visitorToken, visitorToken }] });

/**
 * OmniChannel end to end, two omnichannel instances behind one gateway: the widget's visitor API and streams
 * (visitor token, no login), agents over REST and DDP, departments, Manual_Selection (first taker wins,
 * atomically), Auto_Selection (round robin within capacity, each inquiry routed once by racing instances),
 * forwarding, closing, the transcript, and the bad inputs of the issue.
 */
describe('omnichannel livechat', () => {
  const t = useStack({ instances: { omnichannel: 2 }, appEnv: { omnichannel: { OMNICHANNEL_ROUTING_INTERVAL_MS: '300' } } });
  let probe: StackProbe;
  let smtp: SmtpCapture;
  let agents: CoreUser[];
  let ddp: DdpClient[];
  const departments: Record<'sales' | 'support' | 'hidden', Doc> = {} as never;

  const setSetting = async (id: string, value: unknown) => ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
  const visitorApi = () => t.api;
  const del = (api: RestClient, path: string) => api.send<Doc>('DELETE', path);
  const register = async (visitorToken: string, extra: Doc = {}) =>
    ok(
      await visitorApi().post('/api/v1/livechat/visitor', {
        visitor: { token: visitorToken, name: `Visitor ${visitorToken.slice(0, 4)}`, ...extra },
      }),
    ).visitor as Doc;
  const openRoom = async (visitorToken: string, rid = `r${token().slice(0, 16)}`) =>
    ok(await visitorApi().get('/api/v1/livechat/room', { token: visitorToken, rid })).room as Doc;
  const room = async (rid: string) => (await probe.db.collection('rocketchat_room').findOne({ _id: rid as never })) as Doc;
  const inquiry = async (rid: string) => (await probe.db.collection('rocketchat_livechat_inquiry').findOne({ rid })) as Doc | null;
  const failure = (response: { status: number; body: Doc }) => ({ status: response.status, errorType: response.body.errorType });

  beforeAll(async () => {
    probe = await StackProbe.open(t.stack);
    smtp = await SmtpCapture.start();
    await setSetting('Livechat_Routing_Method', 'Manual_Selection');
    agents = await Promise.all(['ann', 'ben', 'cid'].map((p) => createUser(t.admin, p)));
    for (const agent of agents) ok(await t.admin.post('/api/v1/livechat/users/agent', { username: agent.username }));
    const department = async (name: string, members: CoreUser[], showOnRegistration = true) =>
      ok(
        await t.admin.post('/api/v1/livechat/department', {
          department: { enabled: true, name: uniqueName(name), showOnRegistration, showOnOfflineForm: true, email: `${name}@e2e.test` },
          agents: members.map((a) => ({ agentId: a.id, username: a.username })),
        }),
      ).department as Doc;
    departments.sales = await department('sales', [agents[0], agents[1]]);
    departments.support = await department('support', [agents[2]]);
    departments.hidden = await department('hidden', [agents[2]], false);
    // Agents are connected (presence: online) and available.
    ddp = await Promise.all(agents.map(() => DdpClient.connect(t.stack.gatewayUrl())));
    await Promise.all(agents.map((a, i) => ddp[i].login(a.username, PASSWORD)));
    for (const [i] of agents.entries()) await ddp[i].call('livechat:changeLivechatStatus', { status: 'available' });
    // The gateway tells presence of logins in batches (PRESENCE_REPORT_WINDOW_MS): wait until they are online.
    const ids = agents.map((a) => a.id);
    await waitFor(
      async () => (await probe.db.collection('users').countDocuments({ _id: { $in: ids as never[] }, status: 'online' })) === ids.length,
      {
        timeoutMs: 20_000,
        describe: () => 'the agents to be online',
      },
    );
  }, 90_000);

  afterAll(async () => {
    await Promise.all((ddp ?? []).map((c) => c.close()));
    await smtp?.close();
    await probe?.close();
  });

  it('keeps agents as Rocket.Chat does: role livechat-agent and users.statusLivechat; lists and toggles them', async () => {
    const user = (await probe.db.collection('users').findOne({ _id: agents[0].id as never })) as Doc;
    expect(user.roles).toContain('livechat-agent');
    expect(user.statusLivechat).toBe('available');
    const listed = ok(await t.admin.get('/api/v1/livechat/users/agent', { text: agents[0].username }));
    expect(listed.users).toEqual([expect.objectContaining({ _id: agents[0].id, statusLivechat: 'available' })]);
    // Toggle off and back over REST; another agent's status is not theirs to change.
    expect(ok(await agents[0].api.post('/api/v1/livechat/agent.status', {})).status).toBe('not-available');
    expect(ok(await agents[0].api.post('/api/v1/livechat/agent.status', { status: 'available' })).status).toBe('available');
    expect((await agents[0].api.post('/api/v1/livechat/agent.status', { agentId: agents[1].id, status: 'not-available' })).status).toBe(
      403,
    );
    // A plain user may not make agents.
    expect((await agents[0].api.post('/api/v1/livechat/users/agent', { username: agents[1].username })).status).toBe(403);
    const ofAgent = ok(await agents[2].api.get(`/api/v1/livechat/agents/${agents[2].id}/departments`)).departments as Doc[];
    expect(ofAgent.map((d) => d.departmentId).sort()).toEqual([departments.support._id, departments.hidden._id].sort());
  });

  it('answers the widget its config, and refuses forged tokens and departments a visitor may not choose', async () => {
    const config = ok(await visitorApi().get('/api/v1/livechat/config')).config;
    expect(config).toMatchObject({ enabled: true, online: true, theme: { title: 'Rocket.Chat' }, settings: { registrationForm: true } });
    expect(config.departments.map((d: Doc) => d._id)).toEqual(expect.arrayContaining([departments.sales._id, departments.support._id]));

    const forged = token();
    expect(failure(await visitorApi().get(`/api/v1/livechat/visitor/${forged}`))).toEqual({ status: 400, errorType: 'invalid-token' });
    expect(failure(await visitorApi().get('/api/v1/livechat/room', { token: forged }))).toEqual({
      status: 400,
      errorType: 'invalid-token',
    });
    expect(failure(await visitorApi().post('/api/v1/livechat/message', { token: forged, rid: 'x', msg: 'hi' }))).toEqual({
      status: 400,
      errorType: 'invalid-token',
    });
    const hidden = await visitorApi().post('/api/v1/livechat/visitor', { visitor: { token: token(), department: departments.hidden._id } });
    expect(failure(hidden)).toEqual({ status: 400, errorType: 'error-invalid-department' });
    const unknown = await visitorApi().post('/api/v1/livechat/visitor', { visitor: { token: token(), department: 'nope' } });
    expect(failure(unknown)).toEqual({ status: 400, errorType: 'error-invalid-department' });
    expect(await probe.db.collection('rocketchat_livechat_visitor').countDocuments({ department: departments.hidden._id })).toBe(0);
    // A body of the wrong shape: the contract's refusal.
    expect((await visitorApi().post('/api/v1/livechat/visitor', { visitor: { token: { $ne: null } } })).status).toBe(400);
  });

  it('Manual_Selection: the visitor chats with the agent who took the inquiry first; transfer, typing, close, transcript', async () => {
    const [ann, ben, cid] = agents;
    const vt = token();
    const visitor = await register(vt, { email: 'visitor@e2e.test', department: departments.sales._id });
    expect(visitor).toMatchObject({ token: vt, department: departments.sales._id, visitorEmails: [{ address: 'visitor@e2e.test' }] });

    // Ann watches the queue of her department.
    await ddp[0].subscribe('livechat-inquiry-queue-observer', `department/${departments.sales._id}`, { useCollection: false, args: [] });
    const queued = ddp[0].waitFor(
      (f) => f.collection === 'livechat-inquiry-queue-observer' && f.fields?.args?.[0]?.clientAction === 'inserted',
    );
    await queryPlans(probe.db, ['rocketchat_livechat_contact']);
    const opened = await openRoom(vt);
    const rid = opened._id as string;
    expect(opened).toMatchObject({ t: 'l', open: true, v: { token: vt, username: visitor.username }, departmentId: departments.sales._id });
    // The visitor's contact is found by its channel, then (a first chat) the pre-registered one by e-mail: by index.
    expect((await queryPlans(probe.db, ['rocketchat_livechat_contact'])).scans).toEqual([]);
    // The widget's config finds the visitor's open room by token through that index, not among every livechat room
    // ever opened through the rooms' type index.
    ok(await t.api.get('/api/v1/livechat/config', { token: vt }));
    expect((await queryPlans(probe.db, ['rocketchat_room'])).indexes).toEqual(['rocketchat_room v.token_1']);
    const pushed = (await queued).fields.args[0];
    expect(pushed).toMatchObject({ rid, status: 'queued', department: departments.sales._id });

    // The widget's realtime, by visitor token and without login.
    const widget = await DdpClient.connect(t.stack.gatewayUrl());
    await widget.call('livechat:setUpConnection', { token: vt });
    await widget.subscribe('stream-room-messages', rid, streamArgs(vt));
    await widget.subscribe('stream-livechat-room', rid, streamArgs(vt));
    await widget.subscribe('stream-notify-room', `${rid}/typing`, streamArgs(vt));

    // Another visitor reads nothing of this room, over REST or DDP.
    const other = token();
    await register(other);
    expect(failure(await visitorApi().get(`/api/v1/livechat/messages.history/${rid}`, { token: other }))).toEqual({
      status: 400,
      errorType: 'error-invalid-room',
    });
    expect(failure(await visitorApi().post('/api/v1/livechat/message', { token: other, rid, msg: 'let me in' }))).toEqual({
      status: 400,
      errorType: 'error-invalid-room',
    });
    const intruder = await DdpClient.connect(t.stack.gatewayUrl());
    const refused = await intruder.subscribeAnswer('stream-room-messages', rid, streamArgs(other));
    expect(refused.frame).toMatchObject({ msg: 'nosub', error: { error: 'not-allowed' } });
    await intruder.close();

    const sent = ok(await visitorApi().post('/api/v1/livechat/message', { token: vt, rid, msg: 'Hello, anybody?' })).message;
    expect(sent).toMatchObject({ rid, msg: 'Hello, anybody?', token: vt, u: { _id: visitor._id, username: visitor.username } });
    const queue = ok(await ann.api.get('/api/v1/livechat/inquiries.queuedForUser')).inquiries as Doc[];
    const mine = queue.find((i) => i.rid === rid)!;
    expect(mine).toBeDefined();
    // Cid serves another department: not in his queue.
    expect((ok(await cid.api.get('/api/v1/livechat/inquiries.queuedForUser')).inquiries as Doc[]).some((i) => i.rid === rid)).toBe(false);

    // Ann and Ben take it at the same moment (requests spread over both omnichannel instances): one wins.
    const agentData = widget.waitFor(
      (f) => f.collection === 'stream-livechat-room' && f.fields?.args?.[0]?.type === 'agentData' && f.fields.args[0].data,
    );
    const takes = await Promise.all([ann, ben].map((a) => a.api.post('/api/v1/livechat/inquiries.take', { inquiryId: mine._id })));
    expect(takes.map((r) => r.status).sort()).toEqual([200, 400]);
    const loser = takes.find((r) => r.status === 400)!;
    expect(loser.body.errorType).toBe('error-inquiry-taken');
    const winner = takes[0].status === 200 ? ann : ben;
    const winnerDdp = takes[0].status === 200 ? ddp[0] : ddp[1];
    expect((await agentData).fields.args[0].data).toMatchObject({ _id: winner.id, username: winner.username });
    expect((await room(rid)).servedBy).toMatchObject({ _id: winner.id, username: winner.username });
    expect(await probe.db.collection('rocketchat_subscription').countDocuments({ rid })).toBe(1);
    expect(ok(await visitorApi().get(`/api/v1/livechat/agent.info/${rid}/${vt}`)).agent).toMatchObject({ _id: winner.id });
    // A third take of a taken inquiry: refused, nothing changed.
    expect(failure(await cid.api.post('/api/v1/livechat/inquiries.take', { inquiryId: mine._id }))).toEqual({
      status: 400,
      errorType: 'error-inquiry-taken',
    });

    // The agent types and answers through the ordinary message API; the widget sees both.
    const typing = widget.waitFor(
      (f) => f.collection === 'stream-notify-room' && f.fields?.eventName === `${rid}/typing` && f.fields.args[1] === true,
    );
    await winnerDdp.call('stream-notify-room', `${rid}/user-activity`, winner.username, ['user-typing'], {});
    expect((await typing).fields.args).toEqual([winner.username, true]);
    const answer = widget.waitFor((f) => f.collection === 'stream-room-messages' && f.fields?.args?.[0]?.msg === 'Hi! How can I help?');
    ok(await winner.api.post('/api/v1/chat.sendMessage', { message: { rid, msg: 'Hi! How can I help?' } }));
    expect((await answer).fields.args[0]).toMatchObject({ rid, u: { _id: winner.id } });
    // The visitor's typing reaches the agent.
    await winnerDdp.subscribe('stream-notify-room', `${rid}/user-activity`, { useCollection: false, args: [] });
    const visitorTyping = winnerDdp.waitFor((f) => f.fields?.eventName === `${rid}/user-activity` && f.fields.args[0] === visitor.username);
    await widget.call('stream-notify-room', `${rid}/typing`, visitor.username, true, { token: vt });
    expect((await visitorTyping).fields.args[1]).toEqual(['user-typing']);

    const history = ok(await visitorApi().get(`/api/v1/livechat/messages.history/${rid}`, { token: vt })).messages as Doc[];
    expect(history.map((m) => m.msg)).toEqual(expect.arrayContaining(['Hello, anybody?', 'Hi! How can I help?']));

    // Forwarded to support: back in that queue, the widget's agent cleared; Cid takes it.
    const cleared = widget.waitFor(
      (f) => f.collection === 'stream-livechat-room' && f.fields?.args?.[0]?.type === 'agentData' && f.fields.args[0].data === null,
    );
    ok(await winner.api.post('/api/v1/livechat/room.forward', { roomId: rid, departmentId: departments.support._id, comment: 'billing' }));
    await cleared;
    expect(await inquiry(rid)).toMatchObject({ status: 'queued', department: departments.support._id });
    expect(await probe.db.collection('rocketchat_subscription').countDocuments({ rid, 'u._id': winner.id })).toBe(0);
    const supportQueue = ok(await cid.api.get('/api/v1/livechat/inquiries.queuedForUser')).inquiries as Doc[];
    ok(await cid.api.post('/api/v1/livechat/inquiries.take', { inquiryId: supportQueue.find((i) => i.rid === rid)!._id }));
    expect((await room(rid)).servedBy).toMatchObject({ _id: cid.id });

    // The transcript, e-mailed to the visitor.
    await setSetting('From_Email', 'chat@e2e.test');
    await setSetting('SMTP_Port', String(smtp.port));
    await setSetting('SMTP_Host', '127.0.0.1');
    const mailed = smtp.next('visitor@e2e.test');
    await waitFor(
      async () => (await visitorApi().post('/api/v1/livechat/transcript', { token: vt, rid, email: 'visitor@e2e.test' })).status === 200,
      {
        describe: () => 'the transcript to be sent once SMTP settings reached omnichannel',
      },
    );
    const mail = await mailed;
    expect(mail.text).toContain('Hello, anybody?');
    expect(mail.text).toContain('Hi! How can I help?');

    // Cid closes it; the widget learns it; nothing more can be said in it.
    const closing = widget.waitFor((f) => f.collection === 'stream-room-messages' && f.fields?.args?.[0]?.t === 'livechat-close');
    ok(await cid.api.post('/api/v1/livechat/room.closeByUser', { rid, comment: 'solved', tags: ['billing'] }));
    expect((await closing).fields.args[0]).toMatchObject({ msg: 'solved', u: { _id: cid.id } });
    expect(await room(rid)).toMatchObject({ closer: 'user', closedBy: { _id: cid.id }, tags: ['billing'] });
    expect((await room(rid)).open).toBeUndefined();
    expect(await inquiry(rid)).toBeNull();
    expect(await probe.db.collection('rocketchat_subscription').countDocuments({ rid })).toBe(0);
    expect(failure(await visitorApi().post('/api/v1/livechat/message', { token: vt, rid, msg: 'still there?' }))).toEqual({
      status: 400,
      errorType: 'room-closed',
    });
    expect(failure(await cid.api.post('/api/v1/livechat/room.closeByUser', { rid }))).toEqual({
      status: 400,
      errorType: 'error-room-closed',
    });
    await widget.close();
  });

  it('a visitor closes their own room; a manager lists rooms by filter', async () => {
    const vt = token();
    await register(vt, { department: departments.support._id });
    const { _id: rid } = await openRoom(vt);
    // A visitor with an open room is not removed.
    expect(failure(await del(visitorApi(), `/api/v1/livechat/visitor/${vt}`))).toEqual({
      status: 400,
      errorType: 'error-action-not-allowed',
    });
    expect(ok(await visitorApi().post('/api/v1/livechat/room.close', { token: vt, rid }))).toMatchObject({ rid });
    expect(failure(await visitorApi().post('/api/v1/livechat/room.close', { token: vt, rid }))).toEqual({
      status: 400,
      errorType: 'room-closed',
    });
    expect(await room(rid)).toMatchObject({ closer: 'visitor' });
    const closed = ok(await t.admin.get('/api/v1/livechat/rooms', { departmentId: departments.support._id, open: 'false' })).rooms as Doc[];
    expect(closed.map((r) => r._id)).toContain(rid);
    const open = ok(await t.admin.get('/api/v1/livechat/rooms', { departmentId: departments.support._id, open: 'true' })).rooms as Doc[];
    expect(open.map((r) => r._id)).not.toContain(rid);
    expect((await agents[0].api.get('/api/v1/livechat/rooms')).status).toBe(403);
    expect(ok(await del(visitorApi(), `/api/v1/livechat/visitor/${vt}`)).visitor).toMatchObject({ _id: expect.any(String) });
    expect(failure(await visitorApi().get(`/api/v1/livechat/visitor/${vt}`))).toEqual({ status: 400, errorType: 'invalid-token' });
  });

  it('Auto_Selection: two instances route every inquiry exactly once, round robin within Livechat_maximum_chats_per_agent', async () => {
    // Left queued under Manual_Selection, routed once the method changes at run time.
    const early = token();
    await register(early);
    const { _id: earlyRid } = await openRoom(early);
    await setSetting('Livechat_maximum_chats_per_agent', 3);
    await setSetting('Livechat_Routing_Method', 'Auto_Selection');
    await waitFor(async () => (await room(earlyRid)).servedBy !== undefined, { describe: () => 'the queued inquiry to be routed' });

    // 3 agents × 3 chats: 8 more visitors fill every seat, a 10th waits.
    const tokens = Array.from({ length: 9 }, token);
    await Promise.all(tokens.map((vt) => register(vt)));
    const rids = (await Promise.all(tokens.map((vt) => openRoom(vt)))).map((r) => r._id as string);
    const all = [earlyRid, ...rids];
    await waitFor(
      async () =>
        (await probe.db.collection('rocketchat_room').countDocuments({ _id: { $in: all as never[] }, servedBy: { $exists: true } })) === 9,
      {
        describe: () => '9 rooms served',
      },
    );
    // A room is served first, then its agent's subscription and join message are written (Rocket.Chat's order).
    await waitFor(async () => (await probe.db.collection('rocketchat_message').countDocuments({ rid: { $in: all }, t: 'uj' })) >= 9, {
      describe: () => "9 agents' join messages",
    });
    const served = (await probe.db
      .collection('rocketchat_room')
      .find({ _id: { $in: all as never[] } })
      .toArray()) as Doc[];
    const perAgent = new Map<string, number>();
    for (const r of served) if (r.servedBy) perAgent.set(r.servedBy._id, (perAgent.get(r.servedBy._id) ?? 0) + 1);
    expect([...perAgent.values()].sort()).toEqual([3, 3, 3]);
    const waiting = served.find((r) => !r.servedBy)!;
    expect(await inquiry(waiting._id as string)).toMatchObject({ status: 'queued' });
    // Routed once: one subscription and one join message per served room.
    for (const r of served.filter((s) => s.servedBy)) {
      expect(await probe.db.collection('rocketchat_subscription').countDocuments({ rid: r._id })).toBe(1);
      expect(await probe.db.collection('rocketchat_message').countDocuments({ rid: r._id, t: 'uj' })).toBe(1);
    }

    // A seat frees up: the waiting visitor is served.
    const first = served.find((r) => r.servedBy)!;
    const closer = agents.find((a) => a.id === first.servedBy._id)!;
    ok(await closer.api.post('/api/v1/livechat/room.closeByUser', { rid: first._id }));
    await waitFor(async () => (await room(waiting._id as string)).servedBy !== undefined, {
      describe: () => 'the waiting visitor to be served',
    });
    expect(
      ok(await visitorApi().get(`/api/v1/livechat/agent.info/${waiting._id}/${tokens[rids.indexOf(waiting._id as string)]}`)).agent._id,
    ).toBe(first.servedBy._id);
  });

  it("Livechat_agent_leave_action forward: a disconnected agent's chats go back to the queue and on to another agent", async () => {
    await setSetting('Livechat_maximum_chats_per_agent', 0);
    await setSetting('Livechat_agent_leave_action_timeout', 1);
    await setSetting('Livechat_agent_leave_action', 'forward');
    const vt = token();
    await register(vt);
    const { _id: rid } = await openRoom(vt);
    await waitFor(async () => (await room(rid)).servedBy !== undefined, { describe: () => 'the chat to be served' });
    const first = (await room(rid)).servedBy._id as string;
    await queryPlans(probe.db, ['rocketchat_room']);
    await ddp[agents.findIndex((a) => a.id === first)].close();
    await waitFor(async () => ![undefined, first].includes((await room(rid)).servedBy?._id), {
      describe: () => 'the chat to move to a connected agent',
    });
    const next = (await room(rid)).servedBy._id as string;
    // The room is served first, the new agent's subscription written after it.
    await waitFor(async () => (await probe.db.collection('rocketchat_subscription').countDocuments({ rid, 'u._id': next })) === 1, {
      describe: () => "the new agent's subscription",
    });
    expect(await probe.db.collection('rocketchat_subscription').countDocuments({ rid })).toBe(1);
    expect(await probe.db.collection('rocketchat_subscription').countDocuments({ rid, 'u._id': first })).toBe(0);
    expect(await probe.db.collection('rocketchat_message').countDocuments({ rid, t: 'livechat_transfer_history' })).toBe(1);
    // The sweeps found the agents serving open chats, and each agent's open chats, among the open rooms alone: not
    // among every livechat room ever opened through the rooms' type index.
    expect((await queryPlans(probe.db, ['rocketchat_room'])).indexes).not.toContain('rocketchat_room t_1_name_1');
  });

  it('visitors.*: info, search by name, the pages a visitor visited', async () => {
    const vt = token();
    const visitor = await register(vt, { name: 'Zed Searchable' });
    const { _id: rid } = await openRoom(vt);
    const pageInfo = { change: 'url', title: 'Pricing', location: { href: 'https://shop.example/pricing' } };
    ok(await visitorApi().post('/api/v1/livechat/page.visited', { token: vt, rid, pageInfo }));
    expect(ok(await t.admin.get('/api/v1/livechat/visitors.info', { visitorId: visitor._id })).visitor).toMatchObject({
      _id: visitor._id,
      token: vt,
    });
    const found = ok(await t.admin.get('/api/v1/livechat/visitors.search', { term: 'Zed Search' })).visitors as Doc[];
    expect(found.map((v) => v._id)).toEqual([visitor._id]);
    const pages = ok(await t.admin.get(`/api/v1/livechat/visitors.pagesVisited/${rid}`)).pages as Doc[];
    expect(pages).toEqual([
      expect.objectContaining({ t: 'livechat_navigation_history', navigation: expect.objectContaining({ page: pageInfo }) }),
    ]);
    expect(failure(await t.admin.get('/api/v1/livechat/visitors.info', { visitorId: 'nope' }))).toEqual({
      status: 400,
      errorType: 'visitor-not-found',
    });
    expect((await t.api.get('/api/v1/livechat/visitors.info', { visitorId: visitor._id })).status).toBe(401);
  });

  it('serves the Livechat widget at /livechat', async () => {
    const page = await fetch(`${t.stack.gatewayUrl()}/livechat`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script src="livechat/bundle.');
    const script = await fetch(`${t.stack.gatewayUrl()}/livechat/rocketchat-livechat.min.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
  });
});
