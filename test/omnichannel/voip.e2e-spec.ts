import { beforeEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { createHash } from 'node:crypto';
import { createSocket } from 'node:dgram';
import WebSocket from 'ws';
import { queryPlans } from '../support/query-plans.js';
import { useStack } from '../support/stack.js';
import { VoipBed } from './support/voip-bed.js';

const QUEUES = [
  { name: 'support', number: '5000', members: ['1001', '1002'] },
  { name: 'sales', number: '5001', members: ['1003'] },
  // Rings an agent 2 s, then offers the call to another.
  { name: 'quick', number: '5002', members: ['1001', '1002'], timeout: 2 },
  // Bound to the omnichannel department Billing: only its agents (agent2) take its calls.
  { name: 'billing', number: '5003', members: ['1001', '1002'], department: 'Billing' },
];

/** The collections a call's events look things up in. */
const CALL_LOOKUPS = ['users', 'rocketchat_livechat_visitor', 'rocketchat_room'];

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/** A SIP-over-WebSocket client as a browser softphone: REGISTER, answering Kamailio's digest challenge. */
class WsRegistrar {
  private readonly inbox: string[] = [];
  private wake?: () => void;
  private cseq = 1;

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.inbox.push(data.toString());
      this.wake?.();
    });
  }

  static async open(url: string): Promise<WsRegistrar> {
    const socket = new WebSocket(url, 'sip');
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    return new WsRegistrar(socket);
  }

  /** REGISTER `extension`; with `password`, answers the challenge (as `authUser`). Returns the final status line. */
  async register(registrar: string, extension: string, password?: string, authUser = extension): Promise<string> {
    const send = (authorization?: string) =>
      this.socket.send(
        [
          `REGISTER sip:${registrar} SIP/2.0`,
          `Via: SIP/2.0/WS browser.invalid;branch=z9hG4bK-ws-${extension}-${this.cseq}`,
          'Max-Forwards: 70',
          `From: <sip:${extension}@127.0.0.1>;tag=ws-a`,
          `To: <sip:${extension}@127.0.0.1>`,
          `Call-ID: ws-register-${extension}`,
          `CSeq: ${this.cseq++} REGISTER`,
          `Contact: <sip:${extension}@browser.invalid;transport=ws>;expires=60`,
          ...(authorization ? [`Authorization: ${authorization}`] : []),
          'Expires: 60',
          'Content-Length: 0',
          '',
          '',
        ].join('\r\n'),
      );
    send();
    const challenge = await this.next();
    if (!password || !challenge.startsWith('SIP/2.0 401')) return challenge.split('\r\n')[0];
    const header = /^WWW-Authenticate: Digest (.*)$/im.exec(challenge)![1];
    const realm = /realm="([^"]*)"/.exec(header)![1];
    const nonce = /nonce="([^"]*)"/.exec(header)![1];
    const uri = `sip:${registrar}`;
    const response = md5(`${md5(`${authUser}:${realm}:${password}`)}:${nonce}:${md5(`REGISTER:${uri}`)}`);
    send(`Digest username="${authUser}", realm="${realm}", nonce="${nonce}", uri="${uri}", response="${response}", algorithm=MD5`);
    return (await this.next()).split('\r\n')[0];
  }

  close(): void {
    this.socket.close();
  }

  private async next(): Promise<string> {
    while (this.inbox.length === 0) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.inbox.shift()!;
  }
}

/**
 * Omnichannel VoIP against a real Kamailio (Debian's, running apps/omnichannel-voip/kamailio/kamailio.cfg) and real
 * SIP phones (baresip over ctrl_tcp): agents register extensions, callers dial queues, INVITE / 180 / 200 / ACK /
 * BYE go through Kamailio while the service routes each call and writes its `v` room; queueing when every agent
 * is busy, an unregistered agent, an abandoned call, bad input, and the PBX going away and coming back.
 */
describe('omnichannel-voip: calls through Kamailio', () => {
  const t = useStack({
    instances: { 'omnichannel-voip': 1 },
    appEnv: { 'omnichannel-voip': { VOIP_RECONNECT_MS: '200' } },
  });
  const bed = VoipBed.use(t, async (bed) => {
    await bed.createUsers(['agent1', 'agent2', 'agent3', 'plain'], (name) => (name === 'plain' ? ['user'] : ['user', 'livechat-agent']));
    // The omnichannel department Billing, agent2 its only agent (what the omnichannel app's department routes write).
    await bed.db
      .collection('rocketchat_livechat_department')
      .insertOne({ _id: 'billing-dept', name: 'Billing', enabled: true, numAgents: 1 } as never);
    await bed.db.collection('rocketchat_livechat_department_agents').insertOne({
      _id: 'billing-agent2',
      departmentId: 'billing-dept',
      agentId: bed.agents.agent2.id,
      username: 'agent2',
      departmentEnabled: true,
      count: 0,
      order: 0,
    } as never);
    await bed.configure(QUEUES);
    await bed.setSetting('VoIP_Server_Name', 'kamailio-e2e');
    await waitFor(async () => (await t.admin.get('/api/v1/connector.getVersion')).status === 200, {
      timeoutMs: 20_000,
      describe: () => 'the VoIP service to connect to Kamailio',
    });
    // Extensions through both API generations.
    expect((await t.admin.post('/api/v1/omnichannel/agent/extension', { username: 'agent1', extension: '1001' })).status).toBe(200);
    expect((await t.admin.post('/api/v1/omnichannel/agent/extension', { userId: bed.agents.agent2.id, extension: '1002' })).status).toBe(
      200,
    );
    expect((await t.admin.post('/api/v1/voip-freeswitch.extension.assign', { username: 'agent3', extension: '1003' })).status).toBe(200);
    // Each agent's phone registers with the password the service gives that agent alone (agent3's: 7.x's route).
    await bed.agentPhone('1001', 'agent1');
    await bed.agentPhone('1002', 'agent2');
    const fsInfo = await bed.agents.agent3.client.get('/api/v1/voip-freeswitch.extension.getRegistrationInfoByUserId', {
      userId: bed.agents.agent3.id,
    });
    await bed.agentPhone('1003', 'agent3', fsInfo.body.credentials.password);
    await bed.callerPhones(['5550001', '5550002', '5550003']);
    // Agents' calls to outside numbers reach "the outside" through this gateway: the phone of 5550003.
    await bed.setSetting('VoIP_Outbound_Gateway', `127.0.0.1:${bed.phones['5550003'].sipPort}`);
    for (const extension of ['1001', '1002', '1003']) await bed.waitForState(extension, 'registered');
  });
  const { phones, agents } = bed;
  const extensionStates = () => bed.extensionStates();
  const waitForState = (extension: string, state: string, timeoutMs?: number) => bed.waitForState(extension, state, timeoutMs);
  const roomOfCaller = (caller: string) => bed.roomOfCaller(caller);
  const waitForRoom = (caller: string, status: string) => bed.waitForRoom(caller, status);
  const messageTypes = (rid: string) => bed.messageTypes(rid);
  const summary = (queue: string) => bed.summary(queue);

  // Each case starts with no call going on, whatever the one before left.
  beforeEach(() => bed.settle(), 30_000);

  it('lists extensions with their registrations and agents, on both API generations', async () => {
    expect(await extensionStates()).toMatchObject({ '1001': 'registered', '1002': 'registered', '1003': 'registered' });
    const { body: withAgents } = await t.admin.get('/api/v1/omnichannel/extensions');
    expect(withAgents.extensions).toEqual(
      expect.arrayContaining([
        {
          extension: '1001',
          state: 'registered',
          queues: ['support', 'quick', 'billing'],
          userId: agents.agent1.id,
          username: 'agent1',
          name: 'Agent agent1',
        },
        expect.objectContaining({ extension: '1003', queues: ['sales'], username: 'agent3' }),
      ]),
    );
    const details = await t.admin.get('/api/v1/connector.extension.getDetails', { extension: '1001' });
    expect(details.body).toMatchObject({
      extension: '1001',
      state: 'registered',
      transport: 'udp',
      userAgent: expect.stringContaining('baresip'),
    });
    expect(details.body.contacts[0]).toMatch(/^sip:1001/);

    const own = await agents.agent1.client.get('/api/v1/connector.extension.getRegistrationInfoByUserId', { id: agents.agent1.id });
    expect(own.body).toMatchObject({
      callServerConfig: { websocketPath: bed.kamailio.websocketUrl, name: 'kamailio-e2e' },
      extensionDetails: { extension: '1001', state: 'registered', authtype: 'digest', password: expect.stringMatching(/^[\w-]{24}$/) },
    });
    // The password is its holder's alone: an administrator reads the registration without it.
    const byAdmin = await t.admin.get('/api/v1/connector.extension.getRegistrationInfoByExtension', { extension: '1001' });
    expect(byAdmin.body.extensionDetails).toMatchObject({ extension: '1001', password: '' });
    const otherFs = await t.admin.get('/api/v1/voip-freeswitch.extension.getRegistrationInfoByUserId', { userId: agents.agent3.id });
    expect(otherFs.body.credentials.password).toBe('');
    expect(
      (await agents.agent1.client.get('/api/v1/connector.extension.getRegistrationInfoByUserId', { id: agents.agent2.id })).status,
    ).toBe(403);
    expect((await agents.agent1.client.get('/api/v1/connector.extension.list')).status).toBe(403);
    expect((await t.admin.get('/api/v1/omnichannel/agent/extension/agent2')).body.extension).toEqual({
      _id: agents.agent2.id,
      username: 'agent2',
      extension: '1002',
    });
    expect((await t.admin.get('/api/v1/omnichannel/extension', { type: 'allocated', username: 'agent1' })).body.extensions).toEqual([
      '1001',
      '1002',
      '1003',
    ]);

    const fs = await t.admin.get('/api/v1/voip-freeswitch.extension.list', { type: 'allocated' });
    expect(fs.body.extensions.map((e: { extension: string; status: string }) => `${e.extension}:${e.status}`)).toEqual([
      '1001:REGISTERED',
      '1002:REGISTERED',
      '1003:REGISTERED',
    ]);
    const fsDetails = await agents.agent1.client.get('/api/v1/voip-freeswitch.extension.getDetails', { extension: '1003' });
    expect(fsDetails.body).toMatchObject({
      extension: '1003',
      status: 'REGISTERED',
      groups: ['sales'],
      username: 'agent3',
      userId: agents.agent3.id,
    });
    const fsInfo = await agents.agent3.client.get('/api/v1/voip-freeswitch.extension.getRegistrationInfoByUserId', {
      userId: agents.agent3.id,
    });
    expect(fsInfo.body).toMatchObject({
      extension: { extension: '1003', status: 'REGISTERED' },
      credentials: { websocketPath: bed.kamailio.websocketUrl, password: expect.stringMatching(/^[\w-]{24}$/) },
    });
    expect(fsInfo.body.credentials.password).not.toBe(own.body.extensionDetails.password);

    const membership = await agents.agent1.client.get('/api/v1/voip/queues.getMembershipSubscription', { extension: '1001' });
    expect(membership.body).toMatchObject({
      extension: '1001',
      queues: [
        { name: 'support', number: '5000', members: ['1001', '1002'] },
        { name: 'quick', number: '5002', members: ['1001', '1002'] },
        { name: 'billing', number: '5003', members: ['1001', '1002'] },
      ],
    });
  });

  it('refuses an extension assigned twice, a non-agent and bad input, changing nothing', async () => {
    const twice = await t.admin.post('/api/v1/omnichannel/agent/extension', { username: 'agent2', extension: '1001' });
    expect(twice.status).toBe(400);
    expect(twice.body).toMatchObject({ success: false, errorType: 'error-extension-not-available' });
    const fsTwice = await t.admin.post('/api/v1/voip-freeswitch.extension.assign', { username: 'plain', extension: '1002' });
    expect(fsTwice.body).toMatchObject({ success: false, errorType: 'error-extension-not-available' });
    const notAgent = await t.admin.post('/api/v1/omnichannel/agent/extension', { username: 'plain', extension: '1009' });
    expect(notAgent.status).toBe(404);
    const malformed = await t.admin.post('/api/v1/omnichannel/agent/extension', { username: 'agent2', extension: { $ne: null } });
    expect(malformed.body).toMatchObject({ success: false, errorType: 'invalid-params' });
    const byAgent = await agents.agent1.client.post('/api/v1/omnichannel/agent/extension', { username: 'agent1', extension: '1010' });
    expect(byAgent.status).toBe(403);
    const owners = await bed.db
      .collection('users')
      .find({ extension: { $exists: true } }, { projection: { username: 1, extension: 1 } })
      .toArray();
    expect(Object.fromEntries(owners.map((u) => [u.username, u.extension]))).toEqual({ agent1: '1001', agent2: '1002', agent3: '1003' });
  });

  it('rings the first available agent, records the answered call and who hung up in the v room', async () => {
    const [caller, agent1, agent2] = [phones['5550001'], phones['1001'], phones['1002']];
    const seen2 = agent2.events.length;
    await queryPlans(bed.db, CALL_LOOKUPS);
    await caller.dial(bed.kamailio.uri('5000'));
    await agent1.waitFor('CALL_INCOMING');
    expect((await waitForRoom('5550001', 'ringing')).servedBy).toMatchObject({ _id: agents.agent1.id, username: 'agent1' });
    await agent1.accept();
    await caller.waitFor('CALL_ESTABLISHED');
    const talking = await waitForRoom('5550001', 'answered');
    // The agent who took the call is subscribed to its room; the answer is in it.
    await waitFor(async () => (await messageTypes(talking._id)).length === 1, { timeoutMs: 5_000, describe: () => 'voip-call-started' });
    expect(await bed.db.collection('rocketchat_subscription').findOne({ rid: talking._id })).toMatchObject({
      t: 'v',
      u: { _id: agents.agent1.id, username: 'agent1' },
      open: true,
      v: { phone: '5550001' },
    });
    expect(talking).toMatchObject({
      t: 'v',
      open: true,
      queue: 'support',
      v: { phone: '5550001' },
      direction: 'inbound',
    });
    // The caller is an omnichannel visitor found or created by the caller id's number.
    const visitor = await bed.db.collection('rocketchat_livechat_visitor').findOne({ 'phone.phoneNumber': '5550001' });
    expect(visitor).toMatchObject({ username: expect.stringMatching(/^guest-/), name: '5550001', lastChat: { _id: talking._id } });
    // The caller found by number, the agent by extension, the room by call: every lookup of a call's events by an index.
    expect((await queryPlans(bed.db, CALL_LOOKUPS)).scans).toEqual([]);
    expect(talking.v).toEqual({
      _id: visitor!._id,
      username: visitor!.username,
      token: visitor!.token,
      phone: '5550001',
      name: '5550001',
      status: 'online',
    });
    expect(talking.fname).toBe('5550001');
    expect(agent2.events.slice(seen2).map((e) => e.type)).not.toContain('CALL_INCOMING');

    await caller.hangup();
    const ended = await waitForRoom('5550001', 'ended');
    expect(ended.callEndedBy).toBe('visitor');
    expect(ended.callStarted.getTime()).toBeGreaterThanOrEqual(ended.ts.getTime());
    expect(ended.callEndedAt.getTime()).toBeGreaterThanOrEqual(ended.callStarted.getTime());
    expect(ended.callDuration).toBe(ended.callEndedAt.getTime() - ended.callStarted.getTime());
    expect(ended.callWaitingTime).toBe(ended.callStarted.getTime() - ended.ts.getTime());
    await agent1.waitFor('CALL_CLOSED');
    // The hang-up's record and messages are written after the room's status: the duration message is the last.
    await waitFor(async () => (await messageTypes(ended._id)).length === 3, { timeoutMs: 5_000, describe: () => 'voip-call-duration' });
    const events = await bed.db.collection('pbx_events').find({ callUniqueId: ended.callUniqueId }).sort({ ts: 1 }).toArray();
    expect(events.map((e) => e.event)).toEqual(['QueueCallerJoin', 'QueueCallerLeave', 'AgentCalled', 'AgentConnect', 'Hangup']);
    // Rocket.Chat's VoIP system messages, by the agent, with the call's times.
    const messages = await bed.db.collection('rocketchat_message').find({ rid: ended._id }).sort({ ts: 1 }).toArray();
    expect(messages.map((m) => `${m.t}:${m.u.username}`)).toEqual([
      'voip-call-started:agent1',
      'voip-call-ended:agent1',
      'voip-call-duration:agent1',
    ]);
    expect(messages[0].voipData).toEqual({
      callStarted: ended.callStarted.toISOString(),
      callWaitingTime: String(Math.round(ended.callWaitingTime / 1000)),
    });
    expect(messages[1].msg).toBe('visitor');
    expect(messages[2].voipData.callDuration).toBe(ended.callDuration);
    expect(await bed.db.collection('rocketchat_room').findOne({ _id: ended._id })).toMatchObject({ msgs: 3, usersCount: 1 });

    // The agent reads and wraps up the call.
    const token = ended.v.token as string;
    const room = await agents.agent1.client.get('/api/v1/voip/room', { token, rid: ended._id });
    expect(room.body).toMatchObject({ room: { _id: ended._id, callStatus: 'ended' }, newRoom: false });
    // Without rid: the visitor's open call.
    expect((await agents.agent1.client.get('/api/v1/voip/room', { token })).body).toMatchObject({
      room: { _id: ended._id },
      newRoom: false,
    });
    expect((await agents.agent1.client.get('/api/v1/voip/room', { token: 'no-such-visitor' })).body).toMatchObject({
      success: false,
      errorType: 'invalid-token',
    });
    expect((await agents.agent1.client.get('/api/v1/voip/room', { token, rid: 'another-room' })).body).toMatchObject({
      success: false,
      errorType: 'invalid-room',
    });
    const mine = await agents.agent1.client.get('/api/v1/voip/rooms', { agents: agents.agent1.id });
    expect(mine.body.rooms.map((r: { _id: string }) => r._id)).toContain(ended._id);
    expect((await agents.agent1.client.get('/api/v1/voip/rooms')).status).toBe(403);
    expect((await agents.agent1.client.post('/api/v1/voip/events', { rid: ended._id, event: 'voip-call-ended' })).status).toBe(200);
    const closed = await agents.agent1.client.post('/api/v1/voip/room.close', {
      rid: ended._id,
      token,
      options: { comment: 'done' },
    });
    expect(closed.body).toMatchObject({ success: true, rid: ended._id });
    const again = await agents.agent1.client.post('/api/v1/voip/room.close', { rid: ended._id, token });
    expect(again.body).toMatchObject({ success: false, errorType: 'room-closed' });
    expect(await roomOfCaller('5550001')).toMatchObject({
      open: false,
      closer: 'user',
      closedBy: { username: 'agent1' },
      closingComment: 'done',
      usersCount: 0,
    });
    // The wrap-up is the last message; the agent has left the room.
    expect((await messageTypes(ended._id)).at(-1)).toBe('voip-call-wrapup:agent1');
    expect(await bed.db.collection('rocketchat_subscription').countDocuments({ rid: ended._id })).toBe(0);
  });

  it('queues a call while every agent is busy and gives it to the first agent who frees up', async () => {
    const [c1, c2, c3, agent1, agent2] = [phones['5550001'], phones['5550002'], phones['5550003'], phones['1001'], phones['1002']];
    // agent2 has been idle longest (never called): the next call is theirs, the one after agent1's.
    let seen1 = agent1.events.length;
    let seen2 = agent2.events.length;
    await c1.dial(bed.kamailio.uri('5000'));
    await agent2.waitFor('CALL_INCOMING', { since: seen2 });
    await agent2.accept();
    await waitForRoom('5550001', 'answered');
    await c2.dial(bed.kamailio.uri('5000'));
    await agent1.waitFor('CALL_INCOMING', { since: seen1 });
    await agent1.accept();
    await waitForRoom('5550002', 'answered');

    seen1 = agent1.events.length;
    seen2 = agent2.events.length;
    await c3.dial(bed.kamailio.uri('5000'));
    const queued = await waitForRoom('5550003', 'queued');
    expect(queued.servedBy).toBeUndefined();
    expect(await summary('support')).toMatchObject({ loggedin: 2, available: 0, callers: 1 });
    const waiting = await agents.agent1.client.get('/api/v1/voip/queues.getQueuedCallsForThisExtension', { extension: '1001' });
    expect(waiting.body).toMatchObject({ queueCount: 3, callWaitingCount: 1 });

    // agent1 hangs up their call: the waiting call is theirs.
    await agent1.hangup();
    expect((await waitForRoom('5550002', 'ended')).callEndedBy).toBe('agent');
    await agent1.waitFor('CALL_INCOMING', { since: seen1 });
    expect((await waitForRoom('5550003', 'ringing')).servedBy).toMatchObject({ username: 'agent1' });
    await agent1.accept();
    await waitForRoom('5550003', 'answered');
    expect(agent2.events.slice(seen2).map((e) => e.type)).not.toContain('CALL_INCOMING');
    expect(await summary('support')).toMatchObject({ callers: 0 });

    await c1.hangup();
    await c3.hangup();
    await waitForRoom('5550001', 'ended');
    await waitForRoom('5550003', 'ended');
  });

  it('offers a call the ringing agent does not answer within the queue timeout to another agent', async () => {
    const [caller, agent1, agent2] = [phones['5550002'], phones['1001'], phones['1002']];
    const seen = { '1001': agent1.events.length, '1002': agent2.events.length };
    await caller.dial(bed.kamailio.uri('5002'));
    const first = (await waitForRoom('5550002', 'ringing')).servedBy.username as string;
    const [missed, taker] = first === 'agent1' ? [agent1, agent2] : [agent2, agent1];
    await missed.waitFor('CALL_INCOMING', { since: seen[missed.user as '1001'] });
    // Nobody answers: after 2 s Kamailio gives the call back, the other agent's phone rings.
    await taker.waitFor('CALL_INCOMING', { since: seen[taker.user as '1001'], timeoutMs: 10_000 });
    await missed.waitFor('CALL_CLOSED', { since: seen[missed.user as '1001'] });
    await taker.accept();
    const answered = await waitForRoom('5550002', 'answered');
    await waitFor(async () => (await messageTypes(answered._id)).length === 2, { timeoutMs: 5_000, describe: () => 'voip-call-started' });
    const takerName = first === 'agent1' ? 'agent2' : 'agent1';
    expect(answered.servedBy).toMatchObject({ username: takerName });
    const events = await bed.db.collection('pbx_events').find({ callUniqueId: answered.callUniqueId }).sort({ ts: 1 }).toArray();
    expect(events.map((e) => e.event)).toEqual([
      'QueueCallerJoin',
      'QueueCallerLeave',
      'AgentCalled',
      'AgentRingNoAnswer',
      'QueueCallerLeave',
      'AgentCalled',
      'AgentConnect',
    ]);
    expect(events[3].details).toMatchObject({ agent: first, code: 408, reason: 'no answer' });
    expect(await messageTypes(answered._id)).toEqual([`voip-call-declined:${first}`, `voip-call-started:${takerName}`]);
    expect(await bed.db.collection('rocketchat_subscription').find({ rid: answered._id }).toArray()).toEqual([
      expect.objectContaining({ u: expect.objectContaining({ username: takerName }) }),
    ]);
    await caller.hangup();
    expect((await waitForRoom('5550002', 'ended')).callEndedBy).toBe('visitor');
  });

  it("routes a department's queue to that department's agents only; callers are the same visitor on every call", async () => {
    const [c1, c2, agent1, agent2] = [phones['5550001'], phones['5550002'], phones['1001'], phones['1002']];
    const seen1 = agent1.events.length;
    let seen2 = agent2.events.length;
    await c1.dial(bed.kamailio.uri('5003'));
    await agent2.waitFor('CALL_INCOMING', { since: seen2 });
    await agent2.accept();
    const first = await waitForRoom('5550001', 'answered');
    expect(first).toMatchObject({ queue: 'billing', departmentId: 'billing-dept', servedBy: { username: 'agent2' } });
    // The same caller as in the first test: the same visitor, a new room.
    const visitors = await bed.db.collection('rocketchat_livechat_visitor').find({ 'phone.phoneNumber': '5550001' }).toArray();
    expect(visitors).toHaveLength(1);
    expect(first.v._id).toBe(visitors[0]._id);
    // agent1 is free and registered but not of Billing: the next caller waits for agent2.
    seen2 = agent2.events.length;
    await c2.dial(bed.kamailio.uri('5003'));
    expect((await waitForRoom('5550002', 'queued')).servedBy).toBeUndefined();
    expect(await summary('billing')).toMatchObject({ callers: 1 });
    await c1.hangup();
    await waitForRoom('5550001', 'ended');
    await agent2.waitFor('CALL_INCOMING', { since: seen2 });
    await agent2.accept();
    expect(await waitForRoom('5550002', 'answered')).toMatchObject({ departmentId: 'billing-dept', servedBy: { username: 'agent2' } });
    expect(agent1.events.slice(seen1).map((e) => e.type)).not.toContain('CALL_INCOMING');
    await c2.hangup();
    await waitForRoom('5550002', 'ended');
  });

  it('follows an agent holding, resuming and transferring a call (REFER) to another agent', async () => {
    const caller = phones['5550002'];
    const seen = { '1001': phones['1001'].events.length, '1002': phones['1002'].events.length };
    await caller.dial(bed.kamailio.uri('5000'));
    const ringing = await waitForRoom('5550002', 'ringing');
    const first = ringing.servedBy.username === 'agent1' ? phones['1001'] : phones['1002'];
    const second = first === phones['1001'] ? phones['1002'] : phones['1001'];
    const [firstName, secondName] = first === phones['1001'] ? ['agent1', 'agent2'] : ['agent2', 'agent1'];
    await first.waitFor('CALL_INCOMING', { since: seen[first.user as '1001'] });
    await first.accept();
    await waitForRoom('5550002', 'answered');

    await first.hold();
    const held = await waitForRoom('5550002', 'on-hold');
    expect(held.callHoldStartedAt).toBeInstanceOf(Date);
    await first.resume();
    const resumed = await waitForRoom('5550002', 'answered');
    expect(resumed.callTotalHoldTime).toBeGreaterThan(0);
    expect(resumed.callHoldStartedAt).toBeUndefined();

    // Blind transfer: the caller's phone calls the other agent's extension, the room follows the call.
    await first.transfer(bed.kamailio.uri(second.user));
    await second.waitFor('CALL_INCOMING', { since: seen[second.user as '1001'] });
    await second.accept();
    await waitFor(async () => (await roomOfCaller('5550002'))?.servedBy?.username === secondName, {
      timeoutMs: 10_000,
      describe: () => 'the transfer to be answered',
    });
    await first.waitFor('CALL_CLOSED', { since: seen[first.user as '1001'] });
    const transferred = await roomOfCaller('5550002');
    expect(transferred).toMatchObject({ callStatus: 'answered', callTransferredTo: second.user, open: true });
    expect(transferred.callTransfer).toBeUndefined();
    expect(transferred.callUniqueId).not.toBe(resumed.callUniqueId);
    await waitFor(async () => (await messageTypes(transferred._id)).includes(`livechat_transfer_history:${firstName}`), {
      timeoutMs: 5_000,
      describe: () => 'the transfer message',
    });
    const transferMessage = await bed.db.collection('rocketchat_message').findOne({ rid: transferred._id, t: 'livechat_transfer_history' });
    expect(transferMessage!.transferData).toMatchObject({
      transferredBy: { username: firstName, type: 'agent' },
      transferredTo: { username: secondName },
      scope: 'agent',
    });
    const subscribers = await bed.db.collection('rocketchat_subscription').find({ rid: transferred._id }).toArray();
    expect(subscribers.map((sub) => sub.u.username)).toEqual([secondName]);

    await caller.hangup();
    const ended = await waitForRoom('5550002', 'ended');
    expect(ended).toMatchObject({ callEndedBy: 'visitor', servedBy: { username: secondName } });
    expect(ended.callDuration).toBe(ended.callEndedAt.getTime() - ended.callStarted.getTime());
    expect(ended.callTotalHoldTime).toBe(resumed.callTotalHoldTime);
    await waitFor(async () => (await messageTypes(ended._id)).at(-1) === `voip-call-duration:${secondName}`, {
      timeoutMs: 5_000,
      describe: () => 'voip-call-duration',
    });
    expect(await messageTypes(ended._id)).toEqual([
      `voip-call-started:${firstName}`,
      `voip-call-on-hold:${firstName}`,
      `voip-call-unhold:${firstName}`,
      `livechat_transfer_history:${firstName}`,
      `voip-call-ended:${secondName}`,
      `voip-call-duration:${secondName}`,
    ]);
    const events = await bed.db
      .collection('pbx_events')
      .find({ phone: '5550002', ts: { $gte: ended.ts } })
      .sort({ ts: 1 })
      .toArray();
    expect(events.map((e) => e.event)).toEqual([
      'QueueCallerJoin',
      'QueueCallerLeave',
      'AgentCalled',
      'AgentConnect',
      'Hold',
      'Unhold',
      'Transfer',
      'TransferCall',
      'AgentConnect',
      'Hangup',
    ]);
    // Both agents are free again: a new call is routed.
    expect(await summary('support')).toMatchObject({ available: 2 });
  });

  /** A call of `number` to the support queue, answered by the agent it rang (`first`); `second` is the other agent. */
  const answeredCall = async (number: string) => {
    const caller = phones[number];
    const seen = { '1001': phones['1001'].events.length, '1002': phones['1002'].events.length };
    await caller.dial(bed.kamailio.uri('5000'));
    const ringing = await waitForRoom(number, 'ringing');
    const firstName = ringing.servedBy.username as string;
    const [first, second] = firstName === 'agent1' ? [phones['1001'], phones['1002']] : [phones['1002'], phones['1001']];
    const secondName = firstName === 'agent1' ? 'agent2' : 'agent1';
    await first.waitFor('CALL_INCOMING', { since: seen[first.user as '1001'] });
    await first.accept();
    const talking = await waitForRoom(number, 'answered');
    return { caller, first, second, firstName, secondName, talking, secondSeen: seen[second.user as '1001'] };
  };
  const transferRinging = async (number: string) =>
    waitFor(async () => (await roomOfCaller(number))?.callTransfer !== undefined, { timeoutMs: 5_000, describe: () => 'the transfer' });

  it('ends the call with the first agent when the caller hangs up while the transfer rings', async () => {
    const { caller, first, second, firstName, talking, secondSeen } = await answeredCall('5550001');
    const callerSeen = caller.events.length;
    await first.transfer(bed.kamailio.uri(second.user));
    await second.waitFor('CALL_INCOMING', { since: secondSeen });
    await transferRinging('5550001');
    // The caller hangs up the transfer's call (still ringing): Kamailio reports its CANCEL, and the caller's phone
    // tells the first agent's (NOTIFY 487), which then hangs up the first call: that BYE (the agent's phone) and
    // the CANCEL (the caller's) race. In either order the room ends on the first call, with the first agent, both
    // agents free.
    await caller.hangup();
    const ended = await waitForRoom('5550001', 'ended');
    expect(ended).toMatchObject({ callUniqueId: talking.callUniqueId, servedBy: { username: firstName }, callEndedBy: 'agent' });
    for (const field of ['callTransfer', 'callTransferredTo', 'callReferred', 'callLegEnded']) expect(ended[field]).toBeUndefined();
    expect(ended.callDuration).toBe(ended.callEndedAt.getTime() - ended.callStarted.getTime());
    await second.waitFor('CALL_CLOSED', { since: secondSeen });
    await waitFor(async () => (await summary('support')).available === 2, { timeoutMs: 10_000, describe: () => 'both agents free' });
    await caller.waitFor('CALL_CLOSED', { since: callerSeen });
  });

  it('ends the call as of the first leg when the agent hung up while the transfer rang and nobody answered', async () => {
    const { caller, first, second, firstName, talking, secondSeen } = await answeredCall('5550002');
    await first.transfer(bed.kamailio.uri(second.user));
    await second.waitFor('CALL_INCOMING', { since: secondSeen });
    await transferRinging('5550002');
    // The first agent hangs up while the transfer's call rings: the room follows that call, the first agent is free.
    await first.hangup();
    await waitFor(async () => (await roomOfCaller('5550002'))?.callLegEnded !== undefined, {
      timeoutMs: 5_000,
      describe: () => 'the first leg to end',
    });
    const following = await roomOfCaller('5550002');
    expect(following).toMatchObject({
      callStatus: 'answered',
      open: true,
      callTransfer: { fromCallId: talking.callUniqueId },
      callLegEnded: { callId: talking.callUniqueId, by: 'agent' },
    });
    await waitFor(
      async () => (await bed.db.collection('voip_agent_lines').findOne({ _id: agents[firstName].id } as never))?.callId === null,
      {
        timeoutMs: 5_000,
        describe: () => 'the first agent free',
      },
    );
    // Nobody answers: the caller gives up. The call ended when its first leg did.
    await caller.hangup();
    const ended = await waitForRoom('5550002', 'ended');
    expect(ended).toMatchObject({ callUniqueId: talking.callUniqueId, servedBy: { username: firstName }, callEndedBy: 'agent' });
    expect(ended.callEndedAt).toEqual(following.callLegEnded.at);
    expect(ended.callDuration).toBe(ended.callEndedAt.getTime() - ended.callStarted.getTime());
    for (const field of ['callTransfer', 'callTransferredTo', 'callReferred', 'callLegEnded']) expect(ended[field]).toBeUndefined();
    await waitFor(async () => (await messageTypes(ended._id)).length === 3, { timeoutMs: 5_000, describe: () => 'voip-call-duration' });
    expect(await messageTypes(ended._id)).toEqual([
      `voip-call-started:${firstName}`,
      `voip-call-ended:${firstName}`,
      `voip-call-duration:${firstName}`,
    ]);
    await second.waitFor('CALL_CLOSED', { since: secondSeen });
    await waitFor(async () => (await summary('support')).available === 2, { timeoutMs: 10_000, describe: () => 'both agents free' });
  });

  it('follows the transfer to its target when the agent hangs up right after the REFER', async () => {
    const { caller, first, second, firstName, secondName, talking, secondSeen } = await answeredCall('5550002');
    await first.transfer(bed.kamailio.uri(second.user));
    // The REFER went through Kamailio; the agent hangs up at once (blind transfer), before or after the caller's phone
    // has called the target: the room waits for that call, and follows it.
    await waitFor(async () => (await roomOfCaller('5550002'))?.callTransferredTo === second.user, {
      timeoutMs: 5_000,
      describe: () => 'the REFER',
    });
    await first.hangup();
    await second.waitFor('CALL_INCOMING', { since: secondSeen });
    await waitFor(async () => (await bed.eventsOf(talking.callUniqueId)).includes('LegHangup'), {
      timeoutMs: 5_000,
      describe: () => 'the first leg to end',
    });
    await second.accept();
    await waitFor(async () => (await roomOfCaller('5550002'))?.servedBy?.username === secondName, {
      timeoutMs: 10_000,
      describe: () => 'the transfer to be answered',
    });
    const transferred = await roomOfCaller('5550002');
    expect(transferred).toMatchObject({ callStatus: 'answered', open: true, callTransferredTo: second.user });
    expect(transferred.callUniqueId).not.toBe(talking.callUniqueId);
    for (const field of ['callTransfer', 'callReferred', 'callLegEnded']) expect(transferred[field]).toBeUndefined();
    // The subscription moves, then the transfer message is written.
    await waitFor(async () => (await messageTypes(transferred._id)).includes(`livechat_transfer_history:${firstName}`), {
      timeoutMs: 5_000,
      describe: () => 'the transfer message',
    });
    const subscribers = await bed.db.collection('rocketchat_subscription').find({ rid: transferred._id }).toArray();
    expect(subscribers.map((sub) => sub.u.username)).toEqual([secondName]);
    const legEvents = await bed.eventsOf(talking.callUniqueId);
    expect(legEvents).toEqual(expect.arrayContaining(['Transfer', 'LegHangup']));
    expect(legEvents).not.toContain('Hangup');

    await caller.hangup();
    const ended = await waitForRoom('5550002', 'ended');
    expect(ended).toMatchObject({ callEndedBy: 'visitor', servedBy: { username: secondName } });
    await waitFor(async () => (await messageTypes(ended._id)).at(-1) === `voip-call-duration:${secondName}`, {
      timeoutMs: 5_000,
      describe: () => 'voip-call-duration',
    });
    expect(await messageTypes(ended._id)).toEqual([
      `voip-call-started:${firstName}`,
      `livechat_transfer_history:${firstName}`,
      `voip-call-ended:${secondName}`,
      `voip-call-duration:${secondName}`,
    ]);
    await waitFor(async () => (await summary('support')).available === 2, { timeoutMs: 10_000, describe: () => 'both agents free' });
  });

  it('gives no call to an agent who unregistered; a caller who gives up abandons the queue', async () => {
    const [caller, agent3] = [phones['5550001'], phones['1003']];
    await agent3.unregister();
    await waitForState('1003', 'unregistered');
    const seen = agent3.events.length;
    const callerSeen = caller.events.length;
    await caller.dial(bed.kamailio.uri('5001'));
    await waitForRoom('5550001', 'queued');
    expect(await summary('sales')).toMatchObject({ loggedin: 0, callers: 1 });
    await caller.hangup();
    const abandoned = await waitForRoom('5550001', 'abandoned');
    expect(abandoned).toMatchObject({ open: false, callEndedBy: 'visitor', closer: 'visitor' });
    await caller.waitFor('CALL_CLOSED', { since: callerSeen });
    expect(await summary('sales')).toMatchObject({ callers: 0 });

    // Registered again, the agent takes the next call; declining it puts the call back in the queue (nobody else
    // serves it: it waits) until the caller gives up.
    await agent3.register();
    await waitForState('1003', 'registered');
    expect(agent3.events.slice(seen).map((e) => e.type)).not.toContain('CALL_INCOMING');
    await caller.dial(bed.kamailio.uri('5001'));
    await agent3.waitFor('CALL_INCOMING', { since: seen });
    expect((await waitForRoom('5550001', 'ringing')).servedBy).toMatchObject({ username: 'agent3' });
    await agent3.hangup();
    const requeued = await waitForRoom('5550001', 'queued');
    await waitFor(async () => (await messageTypes(requeued._id)).length > 0, { timeoutMs: 5_000, describe: () => 'voip-call-declined' });
    expect(requeued.servedBy).toBeUndefined();
    expect(requeued.open).toBe(true);
    const events = await bed.db.collection('pbx_events').find({ callUniqueId: requeued.callUniqueId }).sort({ ts: 1 }).toArray();
    expect(events.at(-1)).toMatchObject({ event: 'AgentRingNoAnswer', details: { agent: 'agent3', agentExtension: '1003' } });
    expect(await messageTypes(requeued._id)).toEqual(['voip-call-declined:agent3']);
    expect(await summary('sales')).toMatchObject({ callers: 1 });
    await caller.hangup();
    expect(await waitForRoom('5550001', 'abandoned')).toMatchObject({ open: false, callEndedBy: 'visitor' });
    expect(await summary('sales')).toMatchObject({ callers: 0 });
  });

  it('refuses a call to an unknown queue and ignores PBX events of calls it never saw', async () => {
    const caller = phones['5550002'];
    const before = await bed.db.collection('rocketchat_room').countDocuments({ t: 'v' });
    const seen = caller.events.length;
    await caller.dial(bed.kamailio.uri('5999'));
    const closed = await caller.waitFor('CALL_CLOSED', { since: seen });
    expect(closed.param).toMatch(/404 Unknown queue/);

    // A BYE of a dialog nobody knows, routed through Kamailio (its Route header names it): Kamailio reports it.
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const bye = [
      `BYE sip:ghost@127.0.0.1:9 SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${socket.address().port};branch=z9hG4bK-ghost-1;rport`,
      `Route: <sip:127.0.0.1:${bed.kamailio.sipPort};lr>`,
      'Max-Forwards: 70',
      'From: <sip:ghost@127.0.0.1>;tag=ghost-a',
      'To: <sip:nobody@127.0.0.1>;tag=ghost-b',
      'Call-ID: ghost-call-1',
      'CSeq: 2 BYE',
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    await new Promise<void>((resolve, reject) => socket.send(bye, bed.kamailio.sipPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())));
    socket.close();

    // Events are handled in order: once a later call is routed, the stranger's was handled (and ignored).
    await caller.dial(bed.kamailio.uri('5000'));
    await waitForRoom('5550002', 'ringing');
    await caller.hangup();
    await waitForRoom('5550002', 'abandoned');
    expect(await bed.db.collection('rocketchat_room').countDocuments({ t: 'v' })).toBe(before + 1);
    expect(await bed.db.collection('rocketchat_room').countDocuments({ callUniqueId: 'ghost-call-1' })).toBe(0);
  });

  it('authenticates registrations: only an assigned extension with its own password registers', async () => {
    const registrar = `127.0.0.1:${bed.kamailio.sipPort}`;
    const browser = await WsRegistrar.open(bed.kamailio.websocketUrl);
    // Nobody holds 1004: no password opens it.
    expect(await browser.register(registrar, '1004')).toBe('SIP/2.0 401 Unauthorized');
    expect(await browser.register(registrar, '1004', 'guessed-password')).toBe('SIP/2.0 401 Unauthorized');
    expect((await t.admin.get('/api/v1/connector.extension.getDetails', { extension: '1004' })).status).toBe(404);

    // Assigned (Rocket.Chat 7's route, any user): the holder's password registers it over WebSocket.
    expect((await t.admin.post('/api/v1/voip-freeswitch.extension.assign', { username: 'plain', extension: '1004' })).status).toBe(200);
    const info = await agents.plain.client.get('/api/v1/voip-freeswitch.extension.getRegistrationInfoByUserId', {
      userId: agents.plain.id,
    });
    const password = info.body.credentials.password as string;
    expect(password).toMatch(/^[\w-]{24}$/);
    const agent1Password = (
      await agents.agent1.client.get('/api/v1/connector.extension.getRegistrationInfoByUserId', { id: agents.agent1.id })
    ).body.extensionDetails.password as string;
    expect(await browser.register(registrar, '1004', agent1Password)).toBe('SIP/2.0 401 Unauthorized');
    // Another extension's credentials do not register this one.
    expect(await browser.register(registrar, '1004', agent1Password, '1001')).not.toMatch(/^SIP\/2.0 200/);
    expect(await browser.register(registrar, '1004', password)).toBe('SIP/2.0 200 OK');
    const details = await t.admin.get('/api/v1/connector.extension.getDetails', { extension: '1004' });
    expect(details.body).toMatchObject({ extension: '1004', state: 'registered', transport: 'tcp' });

    // Unassigned: its registration is dropped and its password no longer works.
    expect((await t.admin.post('/api/v1/voip-freeswitch.extension.assign', { username: 'plain' })).status).toBe(200);
    // Neither assigned nor registered: the extension is not listed at all.
    expect((await extensionStates())['1004']).toBeUndefined();
    expect(await browser.register(registrar, '1004', password)).toBe('SIP/2.0 401 Unauthorized');
    expect(await bed.db.collection('voip_sip_credentials').countDocuments({ _id: '1004' } as never)).toBe(0);
    browser.close();
  });

  it("places an agent's call to an outside number through the outbound gateway, as an outbound v room", async () => {
    const [agent1, outside] = [phones['1001'], phones['5550003']];
    // Calls of 5550003 waiting for their wrap-up are wrapped up first: a visitor has one open room.
    for (const open of await bed.db.collection('rocketchat_room').find({ t: 'v', 'v.phone': '5550003', open: true }).toArray()) {
      const by = open.servedBy.username === 'agent1' ? agents.agent1 : agents.agent2;
      expect((await by.client.post('/api/v1/voip/room.close', { rid: open._id, token: open.v.token })).status).toBe(200);
    }
    // Rocket.Chat's client opens the room for the number's visitor before the agent dials (`voip/room` with agentId).
    const token = (await bed.db.collection('rocketchat_livechat_visitor').findOne({ 'phone.phoneNumber': '5550003' }))!.token as string;
    expect((await agents.agent1.client.get('/api/v1/voip/room', { token })).body).toMatchObject({
      success: false,
      errorType: 'agent-not-found',
    });
    expect((await agents.agent1.client.get('/api/v1/voip/room', { token, agentId: agents.agent2.id })).status).toBe(403);
    expect(
      (await agents.agent1.client.get('/api/v1/voip/room', { token, agentId: agents.agent1.id, direction: 'sideways' })).body,
    ).toMatchObject({
      success: false,
      errorType: 'invalid-params',
    });
    const opened = await agents.agent1.client.get('/api/v1/voip/room', { token, agentId: agents.agent1.id, direction: 'outbound' });
    expect(opened.body).toMatchObject({
      newRoom: true,
      room: {
        t: 'v',
        open: true,
        callStatus: 'created',
        direction: 'outbound',
        servedBy: { username: 'agent1' },
        v: { token, phone: '5550003' },
      },
    });
    const again = await agents.agent1.client.get('/api/v1/voip/room', { token, agentId: agents.agent1.id, direction: 'outbound' });
    expect(again.body).toMatchObject({ newRoom: false, room: { _id: opened.body.room._id } });
    const seenOutside = outside.events.length;
    const seenAgent = agent1.events.length;
    // The agent's phone answers Kamailio's challenge for its INVITE with its password.
    await agent1.dial(bed.kamailio.uri('5550003'));
    await outside.waitFor('CALL_INCOMING', { since: seenOutside });
    const ringing = await waitForRoom('5550003', 'ringing');
    expect(ringing).toMatchObject({ direction: 'outbound', open: true, servedBy: { username: 'agent1' }, v: { phone: '5550003', token } });
    // The call placed by the agent's phone is the room the client opened.
    expect(ringing._id).toBe(opened.body.room._id);
    await outside.accept();
    await agent1.waitFor('CALL_ESTABLISHED', { since: seenAgent });
    const answered = await waitForRoom('5550003', 'answered');
    await waitFor(async () => (await messageTypes(answered._id)).length === 1, { timeoutMs: 5_000, describe: () => 'voip-call-started' });
    expect(await bed.db.collection('rocketchat_subscription').countDocuments({ rid: answered._id, 'u.username': 'agent1' })).toBe(1);
    await agent1.hangup();
    const ended = await waitForRoom('5550003', 'ended');
    expect(ended).toMatchObject({ callEndedBy: 'agent', direction: 'outbound' });
    expect(ended.callDuration).toBe(ended.callEndedAt.getTime() - ended.callStarted.getTime());
    await outside.waitFor('CALL_CLOSED', { since: seenOutside });
    expect((await agents.agent1.client.post('/api/v1/voip/room.close', { rid: ended._id, token: ended.v.token })).body).toMatchObject({
      success: true,
    });

    // An INVITE that says it comes from an extension without its password is challenged and goes nowhere.
    const before = await bed.db.collection('rocketchat_room').countDocuments({ t: 'v' });
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
    const reply = new Promise<string>((resolve) => socket.once('message', (data) => resolve(data.toString())));
    const port = socket.address().port;
    const invite = [
      `INVITE sip:5550003@127.0.0.1:${bed.kamailio.sipPort} SIP/2.0`,
      `Via: SIP/2.0/UDP 127.0.0.1:${port};branch=z9hG4bK-spoof-1;rport`,
      'Max-Forwards: 70',
      'From: <sip:1002@127.0.0.1>;tag=spoof-a',
      `To: <sip:5550003@127.0.0.1:${bed.kamailio.sipPort}>`,
      'Call-ID: spoofed-call-1',
      'CSeq: 1 INVITE',
      `Contact: <sip:1002@127.0.0.1:${port}>`,
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    await new Promise<void>((resolve, reject) =>
      socket.send(invite, bed.kamailio.sipPort, '127.0.0.1', (e) => (e ? reject(e) : resolve())),
    );
    expect(await reply).toMatch(/^SIP\/2.0 407 /);
    socket.close();
    expect(await bed.db.collection('rocketchat_room').countDocuments({ t: 'v' })).toBe(before);
  });

  it('checks the servers as an administrator would', async () => {
    const callServer = await t.admin.get('/api/v1/voip/callServer/checkConnection', { websocketUrl: bed.kamailio.websocketUrl });
    expect(callServer.body).toMatchObject({ success: true, status: 'connected' });
    expect((await t.admin.get('/api/v1/voip/callServer/checkConnection', {})).body).toMatchObject({ success: false });
    const management = await t.admin.get('/api/v1/voip/managementServer/checkConnection', {
      host: '127.0.0.1',
      port: bed.kamailio.evapiPort,
      username: '',
      password: '',
    });
    expect(management.body).toMatchObject({ success: true, status: 'connected' });
    expect(
      (await agents.agent1.client.get('/api/v1/voip/callServer/checkConnection', { websocketUrl: bed.kamailio.websocketUrl })).status,
    ).toBe(403);
  });

  it('clears what it shows when the PBX goes away, reconnects when it is back, and calls flow again', async () => {
    await bed.kamailio.crash();
    await waitFor(async () => (await t.admin.get('/api/v1/connector.getVersion')).status !== 200, {
      timeoutMs: 10_000,
      describe: () => 'the service to notice the PBX is gone',
    });
    expect((await t.admin.get('/api/v1/connector.getVersion')).body).toMatchObject({
      success: false,
      errorType: 'error-connection-failed',
    });
    expect(await extensionStates()).toMatchObject({ '1001': 'unknown', '1002': 'unknown', '1003': 'unknown' });
    const check = await t.admin.get('/api/v1/voip/managementServer/checkConnection', {
      host: '127.0.0.1',
      port: bed.kamailio.evapiPort,
      username: '',
      password: '',
    });
    expect(check.body).toMatchObject({ success: false, errorType: 'error-connection-failed' });
    // Nothing was corrupted: the rooms are as they were.
    expect(
      await bed.db.collection('rocketchat_room').countDocuments({ t: 'v', callStatus: { $in: ['queued', 'ringing', 'answered'] } }),
    ).toBe(0);

    await bed.kamailio.start();
    // The phone registers again at once, before the service may have reconnected (a new account: deleting the old one first sends an un-REGISTER with the same
    // Contact, as baresip names it after the account's reused memory address, which removed the new binding when
    // processed last: the slow re-registration once seen here). A REGISTER reaching the restarted Kamailio before the
    // service gave it the passwords is held back (dropped over UDP: the phone retransmits it), not failed: a failed
    // one makes baresip wait 30 to 60 s before trying again.
    const restartedAt = Date.now();
    await phones['1001'].register();
    await waitFor(async () => (await t.admin.get('/api/v1/connector.getVersion')).status === 200, {
      timeoutMs: 20_000,
      describe: () => 'the service to reconnect',
    });
    await waitForState('1001', 'registered', 10_000);
    expect(Date.now() - restartedAt).toBeLessThan(10_000);
    // The restarted registrar knows no other phone until they register again.
    expect(await extensionStates()).toMatchObject({ '1002': 'unregistered' });
    const caller = phones['5550003'];
    const seen = { '1001': phones['1001'].events.length, '1002': phones['1002'].events.length };
    await caller.dial(bed.kamailio.uri('5000'));
    const ringing = await waitForRoom('5550003', 'ringing');
    const agent = ringing.servedBy.username === 'agent1' ? phones['1001'] : phones['1002'];
    await agent.waitFor('CALL_INCOMING', { since: seen[agent.user as '1001'] });
    await agent.accept();
    await waitForRoom('5550003', 'answered');
    await agent.hangup();
    expect((await waitForRoom('5550003', 'ended')).callEndedBy).toBe('agent');
  });
});
