import { Logger } from '@nestjs/common';
import type { IVoipRoom } from '@rc/contracts';
import type { PbxEvent, RouteDecision } from '../connector/pbx-connector.js';
import { VoipCallsService } from './voip-calls.service.js';

/**
 * A blind transfer whose first leg ends (the agent hangs up right after the REFER, or while the transfer rings), with
 * the PBX's events in each order they may come in (Kamailio's workers report the caller's new INVITE, its CANCEL and
 * the first leg's BYE in any order). In-memory fakes of the service's collaborators: the `v` room and the agents' lines.
 */
describe('VoipCallsService: a leg ending during a transfer', () => {
  const AGENT1 = { _id: 'a1', username: 'agent1' };
  const AGENT2 = { _id: 'a2', username: 'agent2' };
  let room: IVoipRoom;
  let lines: Map<string, string | null>;
  let routed: Array<{ callId: string; decision: RouteDecision }>;
  let recorded: string[];
  let service: VoipCallsService;

  const matches = (status?: IVoipRoom['callStatus'][]) => !status || status.includes(room.callStatus);
  /** What the repositories answer (they are asynchronous). */
  const answer = <T>(value: T) => Promise.resolve(value);
  const rooms = {
    findVoipRoomByCallId: (callId: string) => answer(room.callUniqueId === callId ? { ...room } : null),
    findVoipRoomTransferringFrom: (callId: string) => answer(room.callTransfer?.fromCallId === callId ? { ...room } : null),
    findVoipRoomTransferringTo: (phone: string, extension: string) =>
      answer(room.v.phone === phone && room.callTransferredTo === extension && matches(['answered', 'on-hold']) ? { ...room } : null),
    findVoipRoomsLeftByTransfer: (before: Date) =>
      answer(
        room.callLegEnded && room.callLegEnded.at < before && !room.callTransfer && matches(['answered', 'on-hold']) ? [{ ...room }] : [],
      ),
    findQueuedVoipCalls: () => answer([]),
    updateVoipRoom: (_id: string, set: Partial<IVoipRoom>, status?: IVoipRoom['callStatus'][], unset: Array<keyof IVoipRoom> = []) => {
      if (!matches(status)) return answer(null);
      room = { ...room, ...set };
      for (const field of unset) delete (room as Partial<IVoipRoom>)[field];
      return answer({ ...room });
    },
  };
  const coordination = {
    claimEvent: () => answer(true),
    takeLine: (agentId: string, callId: string) => {
      if (lines.get(agentId)) return answer(false);
      lines.set(agentId, callId);
      return answer(true);
    },
    releaseLine: (agentId: string, callId: string) => {
      if (lines.get(agentId) === callId) lines.set(agentId, null);
      return answer(undefined);
    },
    lineStates: () => answer({ busy: new Map([...lines].filter(([, callId]) => callId)), idleSince: new Map() }),
  };
  const connector = {
    listen: () => undefined,
    isConnected: () => true,
    registrations: () => answer(new Map([['1002', {}]])),
    route: (call: { callId: string }, decision: RouteDecision) => answer(void routed.push({ callId: call.callId, decision })),
  };
  const users = { findByExtension: (extension: string) => answer(extension === '1002' ? { ...AGENT2, extension } : null) };
  const events = { record: (event: { event: string }) => answer(void recorded.push(event.event)) };
  const activity = { message: () => answer({}), subscribe: () => answer(undefined), unsubscribe: () => answer(undefined) };
  const settings = { get: () => JSON.stringify([{ name: 'support', number: '5000', members: ['1001', '1002'] }]) };
  const realtime = { notifyUser: () => undefined };

  const send = (event: PbxEvent) => service.event(event);
  const refer = () => send({ type: 'transfer', callId: 'c1', by: '5000', to: '<sip:1002@127.0.0.1>' });
  const agentBye = () => send({ type: 'hangup', callId: 'c1', by: '5000' });
  const callerDialsTarget = () =>
    send({ type: 'offered', callId: 'c2', handle: '7:8', from: '5550001', fromName: '', to: '1002', fromAgent: false });

  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['log', 'error', 'warn']));

  beforeEach(() => {
    const started = new Date(Date.now() - 60_000);
    room = {
      _id: 'r1',
      t: 'v',
      fname: '5550001',
      msgs: 0,
      usersCount: 1,
      ts: new Date(started.getTime() - 5_000),
      open: true,
      v: { username: 'guest-1', token: 't1', phone: '5550001' },
      queue: 'support',
      direction: 'inbound',
      callUniqueId: 'c1',
      callStatus: 'answered',
      callStarted: started,
      servedBy: { ...AGENT1, ts: started },
    };
    lines = new Map([['a1', 'c1']]);
    routed = [];
    recorded = [];
    service = new VoipCallsService(
      connector as never,
      rooms as never,
      users as never,
      events as never,
      coordination as never,
      {} as never,
      {} as never,
      {} as never,
      settings as never,
      realtime as never,
      activity as never,
      { INSTANCE_ID: 'test' } as never,
    );
  });

  it("waits for the caller's call to the target when the agent hangs up before it comes, and gives it the room", async () => {
    await refer();
    await agentBye();
    expect(room).toMatchObject({ callStatus: 'answered', callUniqueId: 'c1', callLegEnded: { callId: 'c1', by: 'agent' } });
    expect(lines.get('a1')).toBeNull();
    await callerDialsTarget();
    expect(routed).toEqual([{ callId: 'c2', decision: { action: 'dial', extension: '1002', ringTimeoutMs: 30_000 } }]);
    expect(room).toMatchObject({ callUniqueId: 'c2', callTransfer: { fromCallId: 'c1', to: AGENT2 } });
    await send({ type: 'answered', callId: 'c2' });
    expect(room).toMatchObject({ callStatus: 'answered', callUniqueId: 'c2', servedBy: AGENT2 });
    for (const field of ['callTransfer', 'callReferred', 'callLegEnded'] as const) expect(room[field]).toBeUndefined();
    expect(lines).toEqual(
      new Map([
        ['a1', null],
        ['a2', 'c2'],
      ]),
    );
    expect(recorded).toEqual(['Transfer', 'LegHangup', 'TransferCall', 'AgentConnect']);
  });

  it.each([
    ['the BYE before the CANCEL', ['bye', 'cancel']],
    ['the CANCEL before the BYE', ['cancel', 'bye']],
  ])('ends the call on the first leg when the caller gives the ringing transfer up: %s', async (_name, order) => {
    await refer();
    await callerDialsTarget();
    for (const step of order) {
      if (step === 'bye') await agentBye();
      else await send({ type: 'cancelled', callId: 'c2' });
    }
    expect(room).toMatchObject({ callStatus: 'ended', callUniqueId: 'c1', callEndedBy: 'agent', servedBy: AGENT1 });
    for (const field of ['callTransfer', 'callTransferredTo', 'callReferred', 'callLegEnded'] as const) expect(room[field]).toBeUndefined();
    expect(room.callDuration).toBe(room.callEndedAt!.getTime() - room.callStarted!.getTime());
    expect(lines).toEqual(
      new Map([
        ['a1', null],
        ['a2', null],
      ]),
    );
  });

  it("keeps the first BYE of the leg when the caller's phone's BYE crosses it", async () => {
    await refer();
    await callerDialsTarget();
    await agentBye();
    const ended = room.callLegEnded;
    await send({ type: 'hangup', callId: 'c1', by: '5550001' });
    expect(room).toMatchObject({ callStatus: 'answered', callUniqueId: 'c2', callLegEnded: { callId: 'c1', by: 'agent' } });
    expect(room.callLegEnded).toBe(ended);
    expect(recorded.filter((event) => event === 'LegHangup')).toHaveLength(1);
  });

  it('ends the call as of the first leg when the caller never calls the target', async () => {
    await refer();
    await agentBye();
    const endedAt = new Date(Date.now() - 11_000);
    room = { ...room, callLegEnded: { ...room.callLegEnded!, at: endedAt } };
    await (service as unknown as { endTransfersNeverCalled(): Promise<void> }).endTransfersNeverCalled();
    expect(room).toMatchObject({ callStatus: 'ended', callEndedAt: endedAt, callEndedBy: 'agent', callUniqueId: 'c1' });
    expect(recorded).toEqual(['Transfer', 'LegHangup', 'Hangup', 'TransferFailed']);
  });

  it('ends the call at once when the target is busy and the first leg is over', async () => {
    lines.set('a2', 'another-call');
    await refer();
    await agentBye();
    await callerDialsTarget();
    expect(routed).toEqual([{ callId: 'c2', decision: { action: 'reject', code: 486, reason: 'Busy Here' } }]);
    expect(room).toMatchObject({ callStatus: 'ended', callUniqueId: 'c1', callEndedBy: 'agent' });
  });

  it("ends the call when the caller's phone refuses the REFER after the agent hung up", async () => {
    await refer();
    await agentBye();
    expect(room.callStatus).toBe('answered');
    await send({ type: 'transfer-refused', callId: 'c1', code: 603 });
    expect(room).toMatchObject({ callStatus: 'ended', callEndedBy: 'agent', callUniqueId: 'c1' });
    expect(recorded).toEqual(['Transfer', 'LegHangup', 'TransferFailed', 'Hangup']);
  });

  it('ends the call at a BYE after a refused transfer, without waiting', async () => {
    lines.set('a2', 'another-call');
    await refer();
    await callerDialsTarget();
    expect(room.callReferred).toBeUndefined();
    await agentBye();
    expect(room).toMatchObject({ callStatus: 'ended', callEndedBy: 'agent' });
    expect(recorded).not.toContain('LegHangup');
  });
});
