import { beforeEach, describe, expect, it } from '@jest/globals';
import { waitFor } from '@rc/local-stack';
import { useStack } from '../support/stack.js';
import { VoipBed } from './support/voip-bed.js';

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
  /** How many service connections Kamailio counts (its `state` table, kamailio.cfg's evapi connection routes). */
  const evapiClients = async () =>
    Number(
      (await bed.kamailio.rpc<{ item?: { value?: number } }>('htable.get', ['state', 'clients']).catch(() => undefined))?.item?.value ?? 0,
    );
  const bed = VoipBed.use(t, async (bed) => {
    await bed.createUsers(['agent1', 'agent2']);
    await bed.configure([
      { name: 'support', number: '5000', members: ['1001', '1002'] },
      { name: 'solo', number: '5001', members: ['1001'] },
    ]);
    await waitFor(async () => (await evapiClients()) === 2, { timeoutMs: 20_000, describe: () => 'both instances to connect to Kamailio' });
    for (const [name, extension] of [
      ['agent1', '1001'],
      ['agent2', '1002'],
    ]) {
      expect((await t.admin.post('/api/v1/omnichannel/agent/extension', { username: name, extension })).status).toBe(200);
      await bed.agentPhone(extension, name);
    }
    await bed.callerPhones(['5550001', '5550002']);
    for (const extension of ['1001', '1002']) await bed.waitForState(extension, 'registered');
  });
  const { phones } = bed;
  beforeEach(() => bed.settle(), 30_000);
  const waitForRoom = (caller: string, status: string) => bed.waitForRoom(caller, status);
  const eventsOf = (callId: string) => bed.eventsOf(callId);
  /** Queue figures as `voip/queues.getSummary` gives them, asked `times` times (the gateway spreads requests over both instances). */
  const summaries = async (queue: string, times = 6) => {
    const answers = [];
    for (let i = 0; i < times; i++) {
      const { loggedin, available, callers, holdtime, talktime } = await bed.summary(queue);
      answers.push({ loggedin, available, callers, holdtime, talktime });
    }
    return answers;
  };
  /** The same figures from the `v` rooms themselves (average wait of answered calls, average talk of ended ones, seconds). */
  const figuresFromRooms = async (queue: string) => {
    const rooms = await bed.db
      .collection('rocketchat_room')
      .find({ t: 'v', queue, callStarted: { $exists: true } })
      .toArray();
    const ended = rooms.filter((room) => room.callStatus === 'ended');
    const average = (values: number[]) => (values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length / 1000) : 0);
    return {
      holdtime: average(rooms.map((room) => room.callWaitingTime ?? 0)),
      talktime: average(ended.map((room) => room.callDuration ?? 0)),
    };
  };

  it('routes each call once and handles each PBX event once, whichever instance claims it', async () => {
    const [caller, agent1, agent2] = [phones['5550001'], phones['1001'], phones['1002']];
    const seen = { agent1: agent1.events.length, agent2: agent2.events.length };
    await caller.dial(bed.kamailio.uri('5000'));
    const ringing = await waitForRoom('5550001', 'ringing');
    const [taker, other] = ringing.servedBy.username === 'agent1' ? [agent1, agent2] : [agent2, agent1];
    await taker.waitFor('CALL_INCOMING', { since: taker === agent1 ? seen.agent1 : seen.agent2 });
    await taker.accept();
    await waitForRoom('5550001', 'answered');
    await caller.hangup();
    const ended = await waitForRoom('5550001', 'ended');
    await waitFor(async () => (await eventsOf(ended.callUniqueId)).includes('Hangup'), { timeoutMs: 5_000, describe: () => 'Hangup' });
    expect(await eventsOf(ended.callUniqueId)).toEqual(['QueueCallerJoin', 'QueueCallerLeave', 'AgentCalled', 'AgentConnect', 'Hangup']);
    expect(await bed.db.collection('rocketchat_room').countDocuments({ callUniqueId: ended.callUniqueId })).toBe(1);
    expect(other.events.slice(other === agent1 ? seen.agent1 : seen.agent2).map((e) => e.type)).not.toContain('CALL_INCOMING');
    await waitFor(async () => (await bed.db.collection('rocketchat_message').countDocuments({ rid: ended._id })) === 3, {
      timeoutMs: 5_000,
      describe: () => 'the call messages',
    });
    // Each event was claimed once, by one instance.
    const claims = await bed.db.collection('voip_event_claims').find().toArray();
    expect(claims.length).toBeGreaterThanOrEqual(4);
    expect(new Set(claims.map((c) => c._id)).size).toBe(claims.length);
    // The line is freed after the messages are written.
    await waitFor(async () => (await bed.db.collection('voip_agent_lines').countDocuments({ callId: { $ne: null } })) === 0, {
      timeoutMs: 5_000,
      describe: () => 'the line free',
    });
    // Queue figures come from the database: whichever instance answers, the same.
    const expected = { loggedin: 2, available: 2, callers: 0, ...(await figuresFromRooms('support')) };
    expect(await summaries('support')).toEqual(Array(6).fill(expected));
  });

  it('keeps the call and its queue when an instance is killed mid-call', async () => {
    const [c1, c2, agent1] = [phones['5550001'], phones['5550002'], phones['1001']];
    let seen = agent1.events.length;
    await c1.dial(bed.kamailio.uri('5001'));
    await agent1.waitFor('CALL_INCOMING', { since: seen });
    await agent1.accept();
    const talking = await waitForRoom('5550001', 'answered');
    // agent1 talks: the next caller of their queue waits.
    seen = agent1.events.length;
    await c2.dial(bed.kamailio.uri('5001'));
    const queued = await waitForRoom('5550002', 'queued');
    expect(queued.pbxHandle).toMatch(/^\d+:\d+$/);
    // Killed between two calls' events, not in the middle of handling one (a claimed event is not handled again).
    await waitFor(async () => (await eventsOf(queued.callUniqueId)).includes('QueueCallerJoin'), {
      timeoutMs: 5_000,
      describe: () => 'QueueCallerJoin',
    });

    // The instance that handles the PBX's events (the one that claimed the queued call's arrival) is killed.
    const handler = (await bed.db.collection('voip_event_claims').find().sort({ ts: -1 }).limit(1).toArray())[0].instance as string;
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
    // The PBX's Hangup is recorded on its own, after the room ends (as in the first test).
    await waitFor(async () => (await eventsOf(queued.callUniqueId)).includes('Hangup'), { timeoutMs: 5_000, describe: () => 'Hangup' });
    const events = await eventsOf(queued.callUniqueId);
    expect(events).toEqual(['QueueCallerJoin', 'QueueCallerLeave', 'AgentCalled', 'AgentConnect', 'Hangup']);
    // The survivor gives the figures of every call of the queue, the killed instance's included.
    await waitFor(async () => (await bed.summary('solo')).available === 1, { timeoutMs: 5_000, describe: () => 'agent1 free' });
    const solo = await figuresFromRooms('solo');
    expect(await summaries('solo', 2)).toEqual(Array(2).fill({ loggedin: 1, available: 1, callers: 0, ...solo }));
    expect(await bed.db.collection('rocketchat_room').countDocuments({ t: 'v', queue: 'solo', callStatus: 'ended' })).toBe(2);
  });
});
