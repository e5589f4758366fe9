import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { IVoipRoom, VoipCallStatus } from '@rc/contracts';
import { PbxEventsRepository, UsersRepository, RoomsRepository, randomId, type VoipAgent } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { PbxConnector, type PbxEvent, type PbxListener } from '../connector/pbx-connector.js';
import { chooseAgent } from '../queues/agent-selection.js';
import { parseQueues, ringTimeoutMs, type QueueDefinition } from '../queues/queue-config.js';
import { VoipRoomActivity } from './voip-room-activity.js';

interface WaitingCall {
  callId: string;
  roomId: string;
  queue: QueueDefinition;
  arrivedAt: number;
  /** Agents whose phone rang for this call without taking it: not offered it again before that time. */
  skipUntil: Map<string, number>;
}

const seconds = (ms: number) => String(Math.round(ms / 1000));

interface QueueStats {
  answered: number;
  totalWaitMs: number;
  ended: number;
  totalTalkMs: number;
}

/**
 * Omnichannel VoIP's calls: every call to a queue becomes a `v` room, waits in its queue (FIFO) until an agent is
 * free, rings that agent's extension and follows the PBX's events (ringing, answered, held, transferred, hung up,
 * abandoned) into the room. One decision at a time (`exclusive`), so two calls never take the same agent.
 */
@Injectable()
export class VoipCallsService implements PbxListener, OnApplicationBootstrap {
  private readonly logger = new Logger(VoipCallsService.name);
  private readonly waiting: WaitingCall[] = [];
  /** agent id → the call they are on (ringing, talking or holding). */
  private readonly busy = new Map<string, string>();
  private readonly idleSince = new Map<string, number>();
  /** Calls ringing an agent, as they waited (to put them back in their queue if the agent does not take them). */
  private readonly ringing = new Map<string, WaitingCall>();
  private readonly stats = new Map<string, QueueStats>();
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly connector: PbxConnector,
    private readonly rooms: RoomsRepository,
    private readonly users: UsersRepository,
    private readonly events: PbxEventsRepository,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
    private readonly activity: VoipRoomActivity,
  ) {
    connector.listen(this);
  }

  /** Calls left live by a previous run: talking agents stay busy; calls still waiting or ringing were lost with it. */
  async onApplicationBootstrap(): Promise<void> {
    for (const room of await this.rooms.findLiveVoipCalls()) {
      if ((room.callStatus === 'answered' || room.callStatus === 'on-hold') && room.servedBy) {
        this.busy.set(room.servedBy._id, room.callUniqueId);
      } else {
        await this.endUnanswered(room, 'abandoned', 'system', 'service restarted');
      }
    }
  }

  queues(): QueueDefinition[] {
    const { queues, error } = parseQueues(this.settings.get<string>('VoIP_Queues'));
    if (error) this.logger.warn(error);
    return queues;
  }

  waitingCalls(queueName?: string): Array<{ callId: string; queue: string; arrivedAt: number }> {
    return this.waiting
      .filter((call) => !queueName || call.queue.name === queueName)
      .map((c) => ({ callId: c.callId, queue: c.queue.name, arrivedAt: c.arrivedAt }));
  }

  busyAgents(): ReadonlySet<string> {
    return new Set(this.busy.keys());
  }

  queueStats(queueName: string): QueueStats {
    return this.stats.get(queueName) ?? { answered: 0, totalWaitMs: 0, ended: 0, totalTalkMs: 0 };
  }

  connected(): Promise<void> {
    return this.exclusive(() => this.dispatch());
  }

  disconnected(): void {
    // Registrations are read from the PBX on demand: nothing held to clear. Waiting calls stay: their transactions
    // live in Kamailio and resume after a reconnect, or come back as `gone` if it restarted.
    this.logger.warn(`PBX connection lost; ${this.waiting.length} call(s) waiting, ${this.busy.size} agent(s) on a call`);
  }

  event(event: PbxEvent): Promise<void> {
    return this.exclusive(() => this.handle(event));
  }

  /** Runs one decision after the others. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async handle(event: PbxEvent): Promise<void> {
    if (event.type === 'offered') {
      // Whatever fails, the caller is not left waiting on a transaction nobody will resume.
      return this.offered(event).catch(async (error: unknown) => {
        await this.connector.route(event.callId, { action: 'reject', code: 500, reason: 'Server Internal Error' }).catch(() => undefined);
        throw error;
      });
    }
    if (event.type === 'registration') return this.dispatch();
    const room = await this.rooms.findVoipRoomByCallId(event.callId);
    if (!room) {
      // Events of calls this service never routed (direct extension-to-extension calls, or strangers): ignored.
      this.logger.debug(`PBX event ${event.type} for unknown call ${event.callId}`);
      return;
    }
    const now = new Date();
    switch (event.type) {
      case 'ringing':
        if (room.callStatus === 'ringing' && !room.callRingingAt) {
          await this.rooms.updateVoipRoom(room._id, { callRingingAt: now }, ['ringing']);
          await this.record(room, 'AgentCalled');
          this.notifyAgent(room, 'ringing');
        }
        return;
      case 'answered': {
        const updated = await this.rooms.updateVoipRoom(
          room._id,
          {
            callStatus: 'answered',
            callStarted: now,
            callWaitingTime: now.getTime() - room.ts.getTime(),
            ...(room.servedBy && { responseBy: { _id: room.servedBy._id, username: room.servedBy.username, lastMessageTs: now } }),
          },
          ['ringing'],
        );
        if (!updated) return; // a retransmitted 200 OK
        this.ringing.delete(room.callUniqueId);
        const stats = this.queueStatsFor(room.queue);
        stats.answered += 1;
        stats.totalWaitMs += updated.callWaitingTime ?? 0;
        await this.record(room, 'AgentConnect');
        if (updated.servedBy) {
          await this.activity.subscribe(updated, updated.servedBy, now);
          await this.activity.message(updated, 'voip-call-started', updated.servedBy, {
            voipData: { callStarted: now.toISOString(), callWaitingTime: seconds(updated.callWaitingTime ?? 0) },
          });
        }
        this.notifyAgent(updated, 'answered');
        return;
      }
      case 'failed':
      case 'unreachable':
        if (room.callStatus !== 'ringing') return;
        await this.endUnanswered(
          room,
          'not-answered',
          'system',
          event.type === 'failed' ? `agent answered ${event.code}` : 'agent not registered',
        );
        return this.dispatch();
      case 'requeue':
        return this.requeue(room, event.code);
      case 'gone':
        if (room.callStatus !== 'queued' && room.callStatus !== 'ringing') return;
        this.dropWaiting(event.callId);
        await this.endUnanswered(room, 'abandoned', 'system', 'the PBX no longer holds the call');
        if (room.servedBy) await this.activity.message(room, 'voip-call-ended-unexpectedly', room.servedBy, { msg: 'the PBX went away' });
        return this.dispatch();
      case 'cancelled':
        if (room.callStatus === 'queued') {
          this.dropWaiting(event.callId);
          await this.connector.route(event.callId, { action: 'reject', code: 487, reason: 'Request Terminated' }).catch(() => undefined);
        } else if (room.callStatus !== 'ringing') {
          return;
        }
        if (room.direction === 'outbound') await this.endUnanswered(room, 'abandoned', 'agent', 'the agent hung up before an answer');
        else await this.endUnanswered(room, 'abandoned', 'visitor', 'caller hung up before an answer');
        return this.dispatch();
      case 'hold':
        if (room.callStatus !== 'answered') return;
        await this.rooms.updateVoipRoom(room._id, { callStatus: 'on-hold', callHoldStartedAt: now }, ['answered']);
        await this.record(room, 'Hold', { by: event.by });
        if (room.servedBy) await this.activity.message(room, 'voip-call-on-hold', room.servedBy);
        return;
      case 'unhold': {
        if (room.callStatus !== 'on-hold' || !room.callHoldStartedAt) return;
        const held = now.getTime() - room.callHoldStartedAt.getTime();
        await this.rooms.updateVoipRoom(room._id, { callStatus: 'answered', callTotalHoldTime: (room.callTotalHoldTime ?? 0) + held }, [
          'on-hold',
        ]);
        await this.record(room, 'Unhold', { by: event.by, holdTime: held });
        if (room.servedBy) await this.activity.message(room, 'voip-call-unhold', room.servedBy);
        return;
      }
      case 'transfer':
        await this.rooms.updateVoipRoom(room._id, { callTransferredTo: event.to });
        await this.record(room, 'Transfer', { by: event.by, to: event.to });
        return;
      case 'hangup':
        return this.hungUp(room, event.by, now);
    }
  }

  private async offered(call: Extract<PbxEvent, { type: 'offered' }>): Promise<void> {
    const queue = this.queues().find((q) => q.number === call.to || q.name === call.to);
    if (!queue) {
      // Not a queue: a registered extension is rung directly (agent to agent, no omnichannel room), else refused.
      const registered = await this.connector.registrations().catch(() => new Map());
      if (registered.has(call.to)) return this.connector.route(call.callId, { action: 'dial', extension: call.to });
      if (call.fromAgent) return this.outbound(call);
      return this.connector.route(call.callId, { action: 'reject', code: 404, reason: 'Unknown queue' });
    }
    const existing = await this.rooms.findVoipRoomByCallId(call.callId);
    if (existing) return; // the same INVITE offered twice
    const now = new Date();
    const room = await this.rooms.insertVoipRoom({
      _id: randomId(),
      t: 'v',
      fname: call.fromName || call.from,
      msgs: 0,
      usersCount: 0,
      ts: now,
      open: true,
      v: { username: call.from, token: call.from, phone: call.from, ...(call.fromName && { name: call.fromName }) },
      queue: queue.name,
      direction: 'inbound',
      callUniqueId: call.callId,
      callStatus: 'queued',
    });
    await this.record(room, 'QueueCallerJoin', { queue: queue.name });
    this.waiting.push({ callId: call.callId, roomId: room._id, queue, arrivedAt: now.getTime(), skipUntil: new Map() });
    await this.dispatch();
  }

  /**
   * An agent's call to a number that is neither a queue nor an extension: out through `VoIP_Outbound_Gateway`, as a
   * `v` room of direction `outbound` served by the agent from the start (ringing the outside party).
   */
  private async outbound(call: Extract<PbxEvent, { type: 'offered' }>): Promise<void> {
    const gateway = this.settings.get<string>('VoIP_Outbound_Gateway')?.trim();
    const agent = await this.users.findByExtension(call.from);
    if (!gateway || !agent) return this.connector.route(call.callId, { action: 'reject', code: 404, reason: 'No route outside' });
    if (!/^\+?[0-9*#]{1,32}$/.test(call.to)) {
      return this.connector.route(call.callId, { action: 'reject', code: 484, reason: 'Address Incomplete' });
    }
    if (await this.rooms.findVoipRoomByCallId(call.callId)) return; // the same INVITE offered twice
    const now = new Date();
    const room = await this.rooms.insertVoipRoom({
      _id: randomId(),
      t: 'v',
      fname: call.to,
      msgs: 0,
      usersCount: 0,
      ts: now,
      open: true,
      v: { username: call.to, token: call.to, phone: call.to },
      direction: 'outbound',
      callUniqueId: call.callId,
      callStatus: 'ringing',
      servedBy: { _id: agent._id, username: agent.username, ts: now },
    });
    this.busy.set(agent._id, call.callId);
    await this.record(room, 'OutboundCall', { agent: agent.username, agentExtension: call.from, to: call.to });
    await this.connector.route(call.callId, { action: 'relay', uri: `sip:${call.to}@${gateway}` });
    this.notifyAgent(room, 'outbound');
  }

  /** Hands waiting calls, oldest first, to free agents. */
  private async dispatch(): Promise<void> {
    if (this.waiting.length === 0 || !this.connector.isConnected()) return;
    let registered: Set<string>;
    try {
      registered = new Set((await this.connector.registrations()).keys());
    } catch (error) {
      this.logger.warn(`cannot read registrations: ${(error as Error).message}`);
      return;
    }
    const agents = await this.users.findWithExtensions();
    const now = Date.now();
    for (const call of [...this.waiting]) {
      const skipped = new Set([...call.skipUntil].filter(([, until]) => until > now).map(([agentId]) => agentId));
      const agent = chooseAgent(call.queue, agents, registered, this.busyAgents(), this.idleSince, skipped);
      if (!agent) continue;
      await this.assign(call, agent);
    }
  }

  /**
   * The agent's phone rang and did not take the call (no answer within the queue's ring timeout, declined, gone):
   * the call is back at the head of its queue, offered to another agent, and to this one again only after another
   * ring timeout (Asterisk's `retry`). Kamailio holds the call again meanwhile.
   */
  private async requeue(room: IVoipRoom, code: number): Promise<void> {
    const queue = this.queues().find((q) => q.name === room.queue);
    const agent = room.servedBy;
    if (room.callStatus !== 'ringing' || !queue || !agent) {
      await this.connector.route(room.callUniqueId, { action: 'reject', code: 480, reason: 'Temporarily Unavailable' });
      return;
    }
    const updated = await this.rooms.updateVoipRoom(room._id, { callStatus: 'queued' }, ['ringing'], ['servedBy', 'callRingingAt']);
    if (!updated) return;
    const reason = code === 408 ? 'no answer' : `declined (${code})`;
    const user = await this.users.findVoipUserById(agent._id);
    await this.record(room, 'AgentRingNoAnswer', {
      agent: agent.username,
      code,
      reason,
      ...(user?.extension && { agentExtension: user.extension }),
    });
    await this.activity.message(updated, 'voip-call-declined', agent, { msg: reason });
    const skipUntil = this.ringing.get(room.callUniqueId)?.skipUntil ?? new Map<string, number>();
    this.free(room);
    this.notifyAgent({ ...room, callStatus: 'queued' }, 'not-answered');
    const retryMs = ringTimeoutMs(queue);
    skipUntil.set(agent._id, Date.now() + retryMs);
    this.waiting.unshift({ callId: room.callUniqueId, roomId: room._id, queue, arrivedAt: room.ts.getTime(), skipUntil });
    setTimeout(() => void this.exclusive(() => this.dispatch()).catch(() => undefined), retryMs + 50).unref();
    await this.dispatch();
  }

  private async assign(call: WaitingCall, agent: VoipAgent): Promise<void> {
    const now = new Date();
    this.busy.set(agent._id, call.callId);
    try {
      await this.connector.route(call.callId, { action: 'dial', extension: agent.extension!, ringTimeoutMs: ringTimeoutMs(call.queue) });
    } catch (error) {
      this.busy.delete(agent._id);
      this.logger.warn(`could not route ${call.callId}: ${(error as Error).message}`);
      return;
    }
    this.dropWaiting(call.callId);
    this.ringing.set(call.callId, call);
    const room = await this.rooms.updateVoipRoom(
      call.roomId,
      { callStatus: 'ringing', servedBy: { _id: agent._id, username: agent.username, ts: now } },
      ['queued'],
    );
    if (room) {
      await this.record(room, 'QueueCallerLeave', { agentExtension: agent.extension });
      this.notifyAgent(room, 'offered');
    }
  }

  private async hungUp(room: IVoipRoom, by: string, now: Date): Promise<void> {
    if (room.callStatus !== 'answered' && room.callStatus !== 'on-hold') return;
    const held = room.callStatus === 'on-hold' && room.callHoldStartedAt ? now.getTime() - room.callHoldStartedAt.getTime() : 0;
    const endedBy = by === room.v.username ? 'visitor' : 'agent';
    const duration = room.callStarted ? now.getTime() - room.callStarted.getTime() : 0;
    const updated = await this.rooms.updateVoipRoom(
      room._id,
      {
        callStatus: 'ended',
        callEndedAt: now,
        callDuration: duration,
        callTotalHoldTime: (room.callTotalHoldTime ?? 0) + held,
        callEndedBy: endedBy,
      },
      ['answered', 'on-hold'],
    );
    if (!updated) return;
    const stats = this.queueStatsFor(room.queue);
    stats.ended += 1;
    stats.totalTalkMs += duration;
    await this.record(room, 'Hangup', { by: endedBy });
    if (updated.servedBy) {
      await this.activity.message(updated, 'voip-call-ended', updated.servedBy, { msg: endedBy });
      await this.activity.message(updated, 'voip-call-duration', updated.servedBy, {
        voipData: { callDuration: duration, callStarted: room.callStarted?.toISOString() },
      });
    }
    this.free(room);
    if (updated.servedBy && endedBy === 'visitor')
      this.realtime.notifyUser(updated.servedBy._id, 'call.callerhangup', [{ roomId: room._id }]);
    this.notifyAgent(updated, 'hangup');
    await this.dispatch();
  }

  private async endUnanswered(room: IVoipRoom, status: VoipCallStatus, by: 'visitor' | 'agent' | 'system', why: string): Promise<void> {
    const now = new Date();
    const updated = await this.rooms.updateVoipRoom(
      room._id,
      {
        callStatus: status,
        callEndedAt: now,
        callWaitingTime: now.getTime() - room.ts.getTime(),
        callEndedBy: by,
        open: false,
        closedAt: now,
        closer: by === 'visitor' ? 'visitor' : by === 'agent' ? 'user' : 'system',
        closingComment: why,
      },
      ['queued', 'ringing'],
    );
    if (!updated) return;
    await this.record(room, status === 'abandoned' ? 'QueueCallerAbandon' : 'AgentRingNoAnswer', { reason: why });
    this.free(room);
    this.notifyAgent(updated, status);
  }

  private free(room: IVoipRoom): void {
    this.ringing.delete(room.callUniqueId);
    const agentId = room.servedBy?._id;
    if (agentId && this.busy.get(agentId) === room.callUniqueId) {
      this.busy.delete(agentId);
      this.idleSince.set(agentId, Date.now());
    }
  }

  private dropWaiting(callId: string): void {
    const index = this.waiting.findIndex((call) => call.callId === callId);
    if (index >= 0) this.waiting.splice(index, 1);
  }

  private queueStatsFor(queue?: string): QueueStats {
    const name = queue ?? '';
    let stats = this.stats.get(name);
    if (!stats) this.stats.set(name, (stats = { answered: 0, totalWaitMs: 0, ended: 0, totalTalkMs: 0 }));
    return stats;
  }

  private record(room: IVoipRoom, event: string, details?: Record<string, unknown>): Promise<void> {
    return this.events.record({
      uniqueId: randomId(),
      callUniqueId: room.callUniqueId,
      event,
      phone: room.v.phone,
      queue: room.queue,
      source: 'pbx',
      ...(details && { details }),
    });
  }

  /** The agent's realtime event (`stream-notify-user` `<agentId>/voip.events`). */
  private notifyAgent(room: IVoipRoom, type: string): void {
    if (!room.servedBy) return;
    this.realtime.notifyUser(room.servedBy._id, 'voip.events', [
      { type, roomId: room._id, callId: room.callUniqueId, status: room.callStatus, caller: room.v },
    ]);
  }
}
