import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { LocalKamailio, SipPhone, waitFor } from '@rc/local-stack';
import mongoose from 'mongoose';
import { join } from 'node:path';
import type { RestClient } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';

/**
 * Omnichannel VoIP on two instances against one real Kamailio: both connected (Kamailio sends each event to the first
 * connected, which claims it), a call routed once and each of its events handled once; the instance handling the
 * calls killed mid-call loses nothing (the other follows the call to its end and routes the call that was waiting).
 */
describe('omnichannel-voip: two instances', () => {
  const t = useStack({
    instances: { 'omnichannel-voip': 2 },
    appEnv: { 'omnichannel-voip': { VOIP_RECONNECT_MS: '200' } },
  });
  let kamailio: LocalKamailio;
  let db: mongoose.Connection;
  const phones: Record<string, SipPhone> = {};
  const agents: Record<string, { id: string; client: RestClient }> = {};

  const setSetting = async (id: string, value: unknown) => {
    const { status, body } = await t.admin.post(`/api/v1/settings/${id}`, { value });
    if (status !== 200) throw new Error(`setting ${id}: ${status} ${JSON.stringify(body)}`);
  };
  const roomOfCaller = async (caller: string): Promise<any> =>
    (await db.collection('rocketchat_room').find({ t: 'v', 'v.phone': caller }).sort({ ts: -1 }).limit(1).toArray())[0];
  const waitForRoom = async (caller: string, status: string) => {
    await waitFor(async () => (await roomOfCaller(caller))?.callStatus === status, {
      timeoutMs: 15_000,
      describe: () => `${caller}'s call to be ${status}`,
    });
    return roomOfCaller(caller);
  };
  const eventsOf = async (callId: string) =>
    (await db.collection('pbx_events').find({ callUniqueId: callId }).sort({ ts: 1 }).toArray()).map((e) => e.event as string);
  /** How many service connections Kamailio counts (its `state` table, kamailio.cfg's evapi connection routes). */
  const evapiClients = async () =>
    Number(
      (await kamailio.rpc<{ item?: { value?: number } }>('htable.get', ['state', 'clients']).catch(() => undefined))?.item?.value ?? 0,
    );

  beforeAll(async () => {
    const logDir = join(t.stack.logDir, 'voip');
    kamailio = await LocalKamailio.start({ logDir, ringTimeoutMs: 15_000 });
    db = await mongoose.createConnection(t.stack.mongoUrl).asPromise();
    for (const name of ['agent1', 'agent2']) {
      const created = await t.admin.post('/api/v1/users.create', {
        username: name,
        email: `${name}@e2e.test`,
        name: `Agent ${name}`,
        password: 'Agent-pass-1',
        roles: ['user', 'livechat-agent'],
      });
      expect(created.status).toBe(200);
      agents[name] = { id: created.body.user._id, client: await t.api.login(name, 'Agent-pass-1') };
    }
    await db.collection('users').updateMany({ username: { $in: ['agent1', 'agent2'] } }, { $set: { statusLivechat: 'available' } });
    await setSetting(
      'VoIP_Queues',
      JSON.stringify([
        { name: 'support', number: '5000', members: ['1001', '1002'] },
        { name: 'solo', number: '5001', members: ['1001'] },
      ]),
    );
    await setSetting('VoIP_Management_Server_Host', '127.0.0.1');
    await setSetting('VoIP_Management_Server_Port', kamailio.evapiPort);
    await setSetting('VoIP_Server_Websocket_Path', kamailio.websocketUrl);
    await setSetting('VoIP_Enabled', true);
    await waitFor(async () => (await evapiClients()) === 2, { timeoutMs: 20_000, describe: () => 'both instances to connect to Kamailio' });
    const registrar = `127.0.0.1:${kamailio.sipPort}`;
    for (const [name, extension] of [
      ['agent1', '1001'],
      ['agent2', '1002'],
    ]) {
      expect((await t.admin.post('/api/v1/omnichannel/agent/extension', { username: name, extension })).status).toBe(200);
      const info = await agents[name].client.get('/api/v1/connector.extension.getRegistrationInfoByUserId', { id: agents[name].id });
      phones[extension] = await SipPhone.start({ user: extension, registrar, logDir, password: info.body.extensionDetails.password });
    }
    for (const user of ['5550001', '5550002']) phones[user] = await SipPhone.start({ user, registrar, logDir, register: false });
    await waitFor(
      async () => {
        const { body } = await t.admin.get('/api/v1/connector.extension.list');
        return (body.extensions ?? []).filter((e: { state: string }) => e.state === 'registered').length === 2;
      },
      { timeoutMs: 15_000, describe: () => 'both phones to register' },
    );
  }, 120_000);

  afterAll(async () => {
    await Promise.all(Object.values(phones).map((phone) => phone.stop()));
    await kamailio?.stop();
    await db?.close();
  });

  it('routes each call once and handles each PBX event once, whichever instance claims it', async () => {
    const [caller, agent1, agent2] = [phones['5550001'], phones['1001'], phones['1002']];
    const seen = { agent1: agent1.events.length, agent2: agent2.events.length };
    await caller.dial(kamailio.uri('5000'));
    const ringing = await waitForRoom('5550001', 'ringing');
    const [taker, other] = ringing.servedBy.username === 'agent1' ? [agent1, agent2] : [agent2, agent1];
    await taker.waitFor('CALL_INCOMING', { since: taker === agent1 ? seen.agent1 : seen.agent2 });
    await taker.accept();
    await waitForRoom('5550001', 'answered');
    await caller.hangup();
    const ended = await waitForRoom('5550001', 'ended');
    await waitFor(async () => (await eventsOf(ended.callUniqueId)).includes('Hangup'), { timeoutMs: 5_000, describe: () => 'Hangup' });
    expect(await eventsOf(ended.callUniqueId)).toEqual(['QueueCallerJoin', 'QueueCallerLeave', 'AgentCalled', 'AgentConnect', 'Hangup']);
    expect(await db.collection('rocketchat_room').countDocuments({ callUniqueId: ended.callUniqueId })).toBe(1);
    expect(other.events.slice(other === agent1 ? seen.agent1 : seen.agent2).map((e) => e.type)).not.toContain('CALL_INCOMING');
    await waitFor(async () => (await db.collection('rocketchat_message').countDocuments({ rid: ended._id })) === 3, {
      timeoutMs: 5_000,
      describe: () => 'the call messages',
    });
    // Each event was claimed once, by one instance.
    const claims = await db.collection('voip_event_claims').find().toArray();
    expect(claims.length).toBeGreaterThanOrEqual(4);
    expect(new Set(claims.map((c) => c._id)).size).toBe(claims.length);
    expect(await db.collection('voip_agent_lines').countDocuments({ callId: { $ne: null } })).toBe(0);
  });

  it('keeps the call and its queue when an instance is killed mid-call', async () => {
    const [c1, c2, agent1] = [phones['5550001'], phones['5550002'], phones['1001']];
    let seen = agent1.events.length;
    await c1.dial(kamailio.uri('5001'));
    await agent1.waitFor('CALL_INCOMING', { since: seen });
    await agent1.accept();
    const talking = await waitForRoom('5550001', 'answered');
    // agent1 talks: the next caller of their queue waits.
    seen = agent1.events.length;
    await c2.dial(kamailio.uri('5001'));
    const queued = await waitForRoom('5550002', 'queued');
    expect(queued.pbxHandle).toMatch(/^\d+:\d+$/);
    // Killed between two calls' events, not in the middle of handling one (a claimed event is not handled again).
    await waitFor(async () => (await eventsOf(queued.callUniqueId)).includes('QueueCallerJoin'), {
      timeoutMs: 5_000,
      describe: () => 'QueueCallerJoin',
    });

    // The instance that handles the PBX's events (the one that claimed the queued call's arrival) is killed.
    const handler = (await db.collection('voip_event_claims').find().sort({ ts: -1 }).limit(1).toArray())[0].instance as string;
    const killed = t.stack.apps.get('omnichannel-voip')!.find((instance) => instance.instanceId === handler)!;
    expect(killed).toBeDefined();
    await killed.kill();
    await waitFor(async () => (await evapiClients()) === 1, { timeoutMs: 10_000, describe: () => 'Kamailio to drop the killed instance' });

    // The survivor follows the call to its end and gives the waiting call to the agent.
    await c1.hangup();
    const ended = await waitForRoom('5550001', 'ended');
    expect(ended._id).toBe(talking._id);
    expect(ended).toMatchObject({ callEndedBy: 'visitor', servedBy: { username: 'agent1' } });
    expect(ended.callDuration).toBe(ended.callEndedAt.getTime() - ended.callStarted.getTime());
    await agent1.waitFor('CALL_INCOMING', { since: seen });
    expect((await waitForRoom('5550002', 'ringing')).servedBy).toMatchObject({ username: 'agent1' });
    await agent1.accept();
    await waitForRoom('5550002', 'answered');
    await agent1.hangup();
    expect(await waitForRoom('5550002', 'ended')).toMatchObject({ callEndedBy: 'agent' });
    const events = await eventsOf(queued.callUniqueId);
    expect(events).toEqual(['QueueCallerJoin', 'QueueCallerLeave', 'AgentCalled', 'AgentConnect', 'Hangup']);
  });
});
