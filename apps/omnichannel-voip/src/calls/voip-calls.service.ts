import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { IVoipRoom, VoipCallStatus } from '@rc/contracts';
import {
  LivechatDepartmentAgentsRepository,
  LivechatDepartmentsRepository,
  LivechatVisitorsRepository,
  PbxEventsRepository,
  RoomsRepository,
  UsersRepository,
  VoipCoordinationRepository,
  randomId,
  type VoipAgent,
} from '@rc/models';
import { APP_CONFIG } from '@rc/platform';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { PbxConnector, type PbxEvent, type PbxListener } from '../connector/pbx-connector.js';
import type { OmnichannelVoipConfig } from '../omnichannel-voip.env.js';
import { chooseAgent } from '../queues/agent-selection.js';
import { parseQueues, ringTimeoutMs, type QueueDefinition } from '../queues/queue-config.js';
import { VoipRoomActivity } from './voip-room-activity.js';

type Offered = Extract<PbxEvent, { type: 'offered' }>;

const seconds = (ms: number) => String(Math.round(ms / 1000));
/** Milliseconds the call has been on hold until `at` (0 when not on hold). */
const heldUntil = (room: IVoipRoom, at: Date) =>
  room.callStatus === 'on-hold' && room.callHoldStartedAt ? Math.max(0, at.getTime() - room.callHoldStartedAt.getTime()) : 0;
/** The user part of a SIP URI (`<sip:1002@host;transport=udp>` → `1002`), or the text as is. */
const sipUser = (uri: string) => /sips?:([^@;>]+)@/.exec(uri)?.[1] ?? uri;
/** How often each instance looks at the queues on its own (a call whose skipped agent may take it again, an instance gone). */
const SWEEP_MS = 2_000;
/**
 * How long a call whose leg ended after the agent's REFER waits for the caller's new call to the target (phones dial
 * it as soon as they accept the REFER); none by then, the call is over as of that leg's end.
 */
const TRANSFER_WAIT_MS = 10_000;

export interface QueueStats {
  answered: number;
  totalWaitMs: number;
  ended: number;
  totalTalkMs: number;
}

/**
 * Omnichannel VoIP's calls: every call to a queue becomes a `v` room of the caller (a livechat visitor found or
 * created by phone number), waits in its queue (FIFO) until an agent is free, rings that agent's extension and
 * follows the PBX's events (ringing, answered, held, transferred, hung up, abandoned) into the room.
 *
 * Several instances may run: the PBX sends each event to one of them (Kamailio: the first connected), which claims
 * its id before handling it; the state is in the database (queued rooms with the PBX's handle of each waiting call,
 * the agents' lines taken atomically), so that any instance routes a waiting call (once: the room's status and the
 * agent's line are taken conditionally) and a call outlives the instance that routed it.
 */
@Injectable()
export class VoipCallsService implements PbxListener, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(VoipCallsService.name);
  private chain: Promise<unknown> = Promise.resolve();
  private sweep?: NodeJS.Timeout;

  constructor(
    private readonly connector: PbxConnector,
    private readonly rooms: RoomsRepository,
    private readonly users: UsersRepository,
    private readonly events: PbxEventsRepository,
    private readonly coordination: VoipCoordinationRepository,
    private readonly visitors: LivechatVisitorsRepository,
    private readonly departments: LivechatDepartmentsRepository,
    private readonly departmentAgents: LivechatDepartmentAgentsRepository,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
    private readonly activity: VoipRoomActivity,
    @Inject(APP_CONFIG) private readonly config: OmnichannelVoipConfig,
  ) {
    connector.listen(this);
  }

  /**
   * Lines left taken by calls that are over (an instance stopped between two writes) are freed; calls waiting in a
   * queue stay (their PBX handle is in their room: any instance resumes them).
   */
  async onApplicationBootstrap(): Promise<void> {
    const live = new Set((await this.rooms.findLiveVoipCalls()).map((room) => room.callUniqueId));
    const { busy } = await this.coordination.lineStates();
    for (const [agentId, callId] of busy) if (!live.has(callId)) await this.coordination.releaseLine(agentId, callId, false);
    this.sweep = setInterval(
      () =>
        void this.exclusive(async () => {
          await this.endTransfersNeverCalled();
          await this.dispatch();
        }).catch(() => undefined),
      SWEEP_MS,
    );
    this.sweep.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
  }

  queues(): QueueDefinition[] {
    const { queues, error } = parseQueues(this.settings.get<string>('VoIP_Queues'));
    if (error) this.logger.warn(error);
    return queues;
  }

  async waitingCalls(queueName?: string): Promise<Array<{ callId: string; queue: string; arrivedAt: number }>> {
    return (await this.rooms.findQueuedVoipCalls(queueName)).map((room) => ({
      callId: room.callUniqueId,
      queue: room.queue ?? '',
      arrivedAt: room.ts.getTime(),
    }));
  }

  async busyAgents(): Promise<ReadonlySet<string>> {
    return new Set((await this.coordination.lineStates()).busy.keys());
  }

  queueStats(queueName: string): Promise<QueueStats> {
    return this.rooms.voipQueueStats(queueName);
  }

  connected(): Promise<void> {
    return this.exclusive(() => this.dispatch());
  }

  disconnected(): void {
    // Waiting calls stay: their transactions live in Kamailio and resume after a reconnect, or come back as `gone`.
    this.logger.warn('PBX connection lost');
  }

  event(event: PbxEvent): Promise<void> {
    // In the order the PBX sent them; an event that reached another instance too is handled by whoever claims it.
    return this.exclusive(async () => {
      if (event.id && !(await this.coordination.claimEvent(event.id, this.config.INSTANCE_ID))) return;
      await this.handle(event);
    });
  }

  /** Runs one decision of this instance after the others (instances agree through the database). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work, work);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async handle(event: PbxEvent): Promise<void> {
    if (event.type === 'offered') {
      // Whatever fails, the caller is not left waiting on a transaction nobody will resume.
      return this.offered(event).catch(async (error: unknown) => {
        await this.connector.route(event, { action: 'reject', code: 500, reason: 'Server Internal Error' }).catch(() => undefined);
        throw error;
      });
    }
    if (event.type === 'registration') return this.dispatch();
    const room =
      (await this.rooms.findVoipRoomByCallId(event.callId)) ??
      // The leg a transfer started from, hung up while the caller's new call to the target rings.
      (event.type === 'hangup' ? await this.rooms.findVoipRoomTransferringFrom(event.callId) : null);
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
      case 'answered':
        if (room.callTransfer) return this.transferAnswered(room, now);
        return this.answered(room, now);
      case 'failed':
      case 'unreachable':
        if (room.callTransfer) return this.transferFailed(room);
        if (room.callStatus !== 'ringing') return;
        await this.endUnanswered(
          room,
          'not-answered',
          'system',
          event.type === 'failed' ? `agent answered ${event.code}` : 'agent not registered',
        );
        return this.dispatch();
      case 'requeue':
        if (room.callTransfer) {
          await this.connector.route(event, { action: 'reject', code: 486, reason: 'Busy Here' }).catch(() => undefined);
          return this.transferFailed(room);
        }
        return this.requeue(room, event);
      case 'gone':
        if (room.callTransfer) return this.transferFailed(room);
        if (room.callStatus !== 'queued' && room.callStatus !== 'ringing') return;
        await this.endUnanswered(room, 'abandoned', 'system', 'the PBX no longer holds the call');
        if (room.servedBy) await this.activity.message(room, 'voip-call-ended-unexpectedly', room.servedBy, { msg: 'the PBX went away' });
        return this.dispatch();
      case 'cancelled':
        // The caller gave up the transfer's new call while it rang: the room follows the first call again.
        if (room.callTransfer) return this.transferFailed(room);
        if (room.callStatus === 'queued') {
          if (room.pbxHandle) {
            await this.connector
              .route({ callId: room.callUniqueId, handle: room.pbxHandle }, { action: 'reject', code: 487, reason: 'Request Terminated' })
              .catch(() => undefined);
          }
        } else if (room.callStatus !== 'ringing') {
          return;
        }
        if (room.direction === 'outbound') await this.endUnanswered(room, 'abandoned', 'agent', 'the agent hung up before an answer');
        else await this.endUnanswered(room, 'abandoned', 'visitor', 'caller hung up before an answer');
        return this.dispatch();
      case 'hold':
        if (room.callStatus !== 'answered') return;
        if (!(await this.rooms.updateVoipRoom(room._id, { callStatus: 'on-hold', callHoldStartedAt: now }, ['answered']))) return;
        await this.record(room, 'Hold', { by: event.by });
        if (room.servedBy) await this.activity.message(room, 'voip-call-on-hold', room.servedBy);
        return;
      case 'unhold': {
        if (room.callStatus !== 'on-hold' || !room.callHoldStartedAt) return;
        const held = now.getTime() - room.callHoldStartedAt.getTime();
        const updated = await this.rooms.updateVoipRoom(
          room._id,
          { callStatus: 'answered', callTotalHoldTime: (room.callTotalHoldTime ?? 0) + held },
          ['on-hold'],
          ['callHoldStartedAt'],
        );
        if (!updated) return;
        await this.record(room, 'Unhold', { by: event.by, holdTime: held });
        if (room.servedBy) await this.activity.message(room, 'voip-call-unhold', room.servedBy);
        return;
      }
      case 'transfer': {
        const to = sipUser(event.to);
        // The agent's REFER: the caller's phone is to call the target (a REFER by the caller is only recorded).
        const byAgent = event.by !== room.v.phone;
        await this.rooms.updateVoipRoom(room._id, {
          callTransferredTo: to,
          ...(byAgent && { callReferred: { callId: event.callId, at: now } }),
        });
        await this.record(room, 'Transfer', { by: event.by, to });
        return;
      }
      case 'transfer-refused':
        // The caller's phone refused the agent's REFER: no call to the target will come.
        if (room.callReferred?.callId === event.callId && !room.callTransfer) await this.transferRefused(room, event.code);
        return;
      case 'hangup': {
        const by = event.by === room.v.phone ? 'visitor' : 'agent';
        // A leg the agent referred the caller away from: the room follows the caller's new call to the target (whether
        // that call already rings or not yet). The leg an agent transferred away ends after the transfer was
        // answered: the room follows the new leg, and no room has this one any more.
        const referred = room.callReferred?.callId === event.callId && room.callUniqueId === event.callId;
        if (room.callTransfer?.fromCallId === event.callId || referred) return this.legEnded(room, event.callId, by, now);
        if (room.callUniqueId !== event.callId) return;
        await this.hungUp(room, by, now);
        return;
      }
    }
  }

  private async answered(room: IVoipRoom, now: Date): Promise<void> {
    // Kamailio's TCP workers may report the 200 before the 180 (a phone answering at once): the phone rang all the same.
    const rang = room.callStatus === 'ringing' && !room.callRingingAt;
    const updated = await this.rooms.updateVoipRoom(
      room._id,
      {
        ...(rang && { callRingingAt: now }),
        callStatus: 'answered',
        callStarted: now,
        callWaitingTime: now.getTime() - room.ts.getTime(),
        ...(room.servedBy && { responseBy: { _id: room.servedBy._id, username: room.servedBy.username, lastMessageTs: now } }),
      },
      ['ringing'],
    );
    if (!updated) return; // a retransmitted 200 OK
    if (rang) await this.record(room, 'AgentCalled');
    await this.record(room, 'AgentConnect');
    if (updated.servedBy) {
      await this.activity.subscribe(updated, updated.servedBy, now);
      await this.activity.message(updated, 'voip-call-started', updated.servedBy, {
        voipData: { callStarted: now.toISOString(), callWaitingTime: seconds(updated.callWaitingTime ?? 0) },
      });
    }
    this.notifyAgent(updated, 'answered');
  }

  private async offered(call: Offered): Promise<void> {
    const queue = this.queues().find((q) => q.number === call.to || q.name === call.to);
    if (!queue) {
      // The caller of a call an agent is transferring, dialling the transfer's target.
      const transferred = call.fromAgent ? null : await this.rooms.findVoipRoomTransferringTo(call.from, call.to);
      if (transferred) return this.transferring(transferred, call);
      // Not a queue: a registered extension is rung directly (agent to agent, no omnichannel room), else refused.
      const registered = await this.connector.registrations().catch(() => new Map());
      if (registered.has(call.to)) return this.connector.route(call, { action: 'dial', extension: call.to });
      if (call.fromAgent) return this.outbound(call);
      return this.connector.route(call, { action: 'reject', code: 404, reason: 'Unknown queue' });
    }
    if (await this.rooms.findVoipRoomByCallId(call.callId)) return; // the same INVITE offered twice
    const now = new Date();
    const visitor = await this.visitors.findOrCreateByPhone(call.from, call.fromName || undefined);
    const departmentId = queue.department ? (await this.departments.findByIdOrName(queue.department))?._id : undefined;
    const room = await this.rooms.createVoipRoom({
      visitor,
      phone: call.from,
      fnameFallback: visitor.username,
      queue: queue.name,
      departmentId,
      direction: 'inbound',
      callUniqueId: call.callId,
      callStatus: 'queued',
      pbxHandle: call.handle,
      ts: now,
    });
    await this.visitors.setLastChat(visitor._id, room._id, now);
    await this.record(room, 'QueueCallerJoin', { queue: queue.name });
    await this.dispatch();
  }

  /**
   * An agent's call to a number that is neither a queue nor an extension: out through `VoIP_Outbound_Gateway`, as a
   * `v` room of direction `outbound` served by the agent from the start (ringing the outside party, a visitor by
   * its number as for inbound calls).
   */
  private async outbound(call: Offered): Promise<void> {
    const gateway = this.settings.get<string>('VoIP_Outbound_Gateway')?.trim();
    const agent = await this.users.findByExtension(call.from);
    if (!gateway || !agent) return this.connector.route(call, { action: 'reject', code: 404, reason: 'No route outside' });
    if (!/^\+?[0-9*#]{1,32}$/.test(call.to)) {
      return this.connector.route(call, { action: 'reject', code: 484, reason: 'Address Incomplete' });
    }
    if (await this.rooms.findVoipRoomByCallId(call.callId)) return; // the same INVITE offered twice
    if (!(await this.coordination.takeLine(agent._id, call.callId))) {
      return this.connector.route(call, { action: 'reject', code: 486, reason: 'Busy Here' });
    }
    const now = new Date();
    const visitor = await this.visitors.findOrCreateByPhone(call.to);
    // The agent may have opened the room already (`voip/room` with the number's visitor token, as Rocket.Chat's
    // client does before dialling): this call is that room's.
    const opened = await this.rooms.findOpenVoipRoomByToken(visitor.token);
    const fields = {
      direction: 'outbound' as const,
      callUniqueId: call.callId,
      callStatus: 'ringing' as const,
      servedBy: { _id: agent._id, username: agent.username, ts: now },
    };
    const room =
      opened && opened.callStatus === 'created' && opened.servedBy?._id === agent._id
        ? (await this.rooms.updateVoipRoom(opened._id, fields, ['created']))!
        : await this.rooms.createVoipRoom({
            visitor,
            phone: call.to,
            fnameFallback: call.to,
            direction: 'outbound',
            callUniqueId: call.callId,
            callStatus: 'ringing',
            servedBy: { _id: agent._id, username: agent.username },
            ts: now,
          });
    await this.record(room, 'OutboundCall', { agent: agent.username, agentExtension: call.from, to: call.to });
    await this.connector.route(call, { action: 'relay', uri: `sip:${call.to}@${gateway}` });
    this.notifyAgent(room, 'outbound');
  }

  /** Hands waiting calls, oldest first, to free agents. */
  private async dispatch(): Promise<void> {
    if (!this.connector.isConnected()) return;
    const waiting = await this.rooms.findQueuedVoipCalls();
    if (waiting.length === 0) return;
    let registered: Set<string>;
    try {
      registered = new Set((await this.connector.registrations()).keys());
    } catch (error) {
      this.logger.warn(`cannot read registrations: ${(error as Error).message}`);
      return;
    }
    const agents = await this.users.findWithExtensions();
    const queues = this.queues();
    const now = Date.now();
    for (const room of waiting) {
      const queue = queues.find((q) => q.name === room.queue);
      if (!queue || !room.pbxHandle) continue;
      const skipped = new Set((room.callSkippedAgents ?? []).filter((s) => s.until.getTime() > now).map((s) => s._id));
      const candidates = await this.departmentRule(queue, agents);
      // Another instance may take an agent or the call meanwhile: then the next agent, or the next call.
      for (;;) {
        const { busy, idleSince } = await this.coordination.lineStates();
        const agent = chooseAgent(queue, candidates, registered, new Set(busy.keys()), idleSince, skipped);
        if (!agent) break;
        const result = await this.assign(room, room.pbxHandle, queue, agent);
        if (result !== 'agent-taken') break;
        skipped.add(agent._id);
      }
    }
  }

  /** The department rule: a queue bound to a department is served by that department's agents only. */
  private async departmentRule(queue: QueueDefinition, agents: VoipAgent[]): Promise<VoipAgent[]> {
    if (!queue.department) return agents;
    const department = await this.departments.findByIdOrName(queue.department);
    if (!department || department.enabled === false) return [];
    const members = new Set((await this.departmentAgents.agentsOf(department._id)).map((entry) => entry.agentId));
    return agents.filter((agent) => members.has(agent._id));
  }

  /**
   * The agent's phone rang and did not take the call (no answer within the queue's ring timeout, declined, gone):
   * the call is back in its queue (it keeps its place: the oldest first), offered to another agent, and to this one
   * again only after another ring timeout (Asterisk's `retry`). Kamailio holds the call again meanwhile.
   */
  private async requeue(room: IVoipRoom, event: Extract<PbxEvent, { type: 'requeue' }>): Promise<void> {
    const queue = this.queues().find((q) => q.name === room.queue);
    const agent = room.servedBy;
    if (room.callStatus !== 'ringing' || !queue || !agent) {
      await this.connector.route(event, { action: 'reject', code: 480, reason: 'Temporarily Unavailable' });
      return;
    }
    const retryMs = ringTimeoutMs(queue);
    const skipped = [
      ...(room.callSkippedAgents ?? []).filter((s) => s._id !== agent._id),
      { _id: agent._id, until: new Date(Date.now() + retryMs) },
    ];
    const updated = await this.rooms.updateVoipRoom(
      room._id,
      { callStatus: 'queued', pbxHandle: event.handle, callSkippedAgents: skipped },
      ['ringing'],
      ['servedBy', 'callRingingAt'],
    );
    if (!updated) return;
    const code = event.code;
    const reason = code === 408 ? 'no answer' : `declined (${code})`;
    const user = await this.users.findVoipUserById(agent._id);
    await this.record(room, 'AgentRingNoAnswer', {
      agent: agent.username,
      code,
      reason,
      ...(user?.extension && { agentExtension: user.extension }),
    });
    await this.activity.message(updated, 'voip-call-declined', agent, { msg: reason });
    await this.coordination.releaseLine(agent._id, room.callUniqueId, false);
    this.notifyAgent({ ...room, callStatus: 'queued' }, 'not-answered');
    setTimeout(() => void this.exclusive(() => this.dispatch()).catch(() => undefined), retryMs + 50).unref();
    await this.dispatch();
  }

  /** Rings the agent for the call, unless another instance took the agent or the call first. */
  private async assign(
    room: IVoipRoom,
    handle: string,
    queue: QueueDefinition,
    agent: VoipAgent,
  ): Promise<'rung' | 'agent-taken' | 'call-taken'> {
    if (!(await this.coordination.takeLine(agent._id, room.callUniqueId))) return 'agent-taken';
    const now = new Date();
    const ringing = await this.rooms.updateVoipRoom(
      room._id,
      { callStatus: 'ringing', servedBy: { _id: agent._id, username: agent.username, ts: now } },
      ['queued'],
      ['pbxHandle'],
    );
    if (!ringing) {
      await this.coordination.releaseLine(agent._id, room.callUniqueId, false);
      return 'call-taken';
    }
    try {
      await this.connector.route(
        { callId: room.callUniqueId, handle },
        { action: 'dial', extension: agent.extension!, ringTimeoutMs: ringTimeoutMs(queue) },
      );
    } catch (error) {
      // Not sent: the call waits again, with its handle.
      await this.rooms.updateVoipRoom(room._id, { callStatus: 'queued', pbxHandle: handle }, ['ringing'], ['servedBy']);
      await this.coordination.releaseLine(agent._id, room.callUniqueId, false);
      this.logger.warn(`could not route ${room.callUniqueId}: ${(error as Error).message}`);
      return 'call-taken';
    }
    await this.record(ringing, 'QueueCallerLeave', { agentExtension: agent.extension });
    this.notifyAgent(ringing, 'offered');
    return 'rung';
  }

  /**
   * The caller of a call being transferred (blind transfer: the agent's REFER) dials the target extension: the room
   * follows the new leg, ringing the target's agent; the first agent keeps the call until it is answered.
   */
  private async transferring(room: IVoipRoom, call: Offered): Promise<void> {
    const target = await this.users.findByExtension(call.to);
    const from = room.servedBy;
    if (!target || !from) {
      await this.connector.route(call, { action: 'reject', code: 404, reason: 'Not Found' });
      return this.transferRefused(room);
    }
    if (!(await this.coordination.takeLine(target._id, call.callId))) {
      await this.connector.route(call, { action: 'reject', code: 486, reason: 'Busy Here' });
      return this.transferRefused(room);
    }
    const updated = await this.rooms.updateVoipRoom(
      room._id,
      {
        callUniqueId: call.callId,
        callTransfer: {
          fromCallId: room.callUniqueId,
          from: { _id: from._id, username: from.username },
          to: { _id: target._id, username: target.username },
        },
      },
      ['answered', 'on-hold'],
    );
    if (!updated) {
      await this.coordination.releaseLine(target._id, call.callId, false);
      return this.connector.route(call, { action: 'reject', code: 481, reason: 'Call Does Not Exist' });
    }
    await this.record(updated, 'TransferCall', { from: from.username, to: target.username, fromCallId: room.callUniqueId });
    const queue = this.queues().find((q) => q.name === room.queue);
    await this.connector.route(call, { action: 'dial', extension: call.to, ringTimeoutMs: queue ? ringTimeoutMs(queue) : 30_000 });
  }

  /** The transfer's target answered: the room is theirs (subscription, `servedBy`), the first agent is free. */
  private async transferAnswered(room: IVoipRoom, now: Date): Promise<void> {
    const transfer = room.callTransfer!;
    const updated = await this.rooms.updateVoipRoom(
      room._id,
      {
        callStatus: 'answered',
        servedBy: { ...transfer.to, ts: now },
        callTotalHoldTime: (room.callTotalHoldTime ?? 0) + heldUntil(room, room.callLegEnded?.at ?? now),
      },
      ['answered', 'on-hold'],
      ['callTransfer', 'callHoldStartedAt', 'callReferred', 'callLegEnded'],
    );
    if (!updated) return;
    await this.coordination.releaseLine(transfer.from._id, transfer.fromCallId);
    await this.record(updated, 'AgentConnect', { agent: transfer.to.username, transfer: true });
    await this.activity.unsubscribe(updated, transfer.from._id);
    await this.activity.subscribe(updated, transfer.to, now);
    await this.activity.message(updated, 'livechat_transfer_history', transfer.from, {
      transferData: {
        transferredBy: { ...transfer.from, type: 'agent' },
        transferredTo: transfer.to,
        scope: 'agent',
        ts: now,
      },
    });
    this.realtime.notifyUser(transfer.from._id, 'voip.events', [{ type: 'transferred', roomId: room._id, callId: transfer.fromCallId }]);
    this.notifyAgent(updated, 'answered');
  }

  /**
   * The transfer's target did not take the call (or the caller gave it up while it rang): the room stays with the first
   * agent and the first leg; when that leg is over too, the call ended as that leg did.
   */
  private async transferFailed(room: IVoipRoom): Promise<void> {
    const transfer = room.callTransfer!;
    await this.coordination.releaseLine(transfer.to._id, room.callUniqueId, false);
    const first = { ...room, callUniqueId: transfer.fromCallId };
    const unset: Array<keyof IVoipRoom> = ['callTransfer', 'callTransferredTo', 'callReferred'];
    if (room.callLegEnded) {
      const { by, at } = room.callLegEnded;
      if (await this.hungUp(first, by, at, { callUniqueId: transfer.fromCallId }, unset)) {
        await this.record(first, 'TransferFailed', { to: transfer.to.username });
      }
      return;
    }
    const updated = await this.rooms.updateVoipRoom(room._id, { callUniqueId: transfer.fromCallId }, ['answered', 'on-hold'], unset);
    if (!updated) return;
    await this.record(updated, 'TransferFailed', { to: transfer.to.username });
  }

  /**
   * The caller's call to the transfer's target was refused (busy, no such agent), or the caller's phone refused the
   * REFER (`code`): nothing more to wait for.
   */
  private async transferRefused(room: IVoipRoom, code?: number): Promise<void> {
    await this.record(room, 'TransferFailed', { to: room.callTransferredTo, ...(code && { referCode: code }) });
    if (room.callLegEnded) {
      await this.hungUp(room, room.callLegEnded.by, room.callLegEnded.at, {}, ['callTransferredTo', 'callReferred']);
      return;
    }
    await this.rooms.updateVoipRoom(room._id, {}, ['answered', 'on-hold'], ['callReferred']);
  }

  /**
   * The leg the room followed ended after the agent's REFER (the agent hung up at once, as a blind transfer allows, or
   * the caller did): the call goes on with the caller's new call to the target, ringing or still to come; the first
   * agent is free. Not answered or never placed, the call ended when this leg did.
   */
  private async legEnded(room: IVoipRoom, callId: string, by: 'visitor' | 'agent', now: Date): Promise<void> {
    // A leg ends once: the other phone's BYE crossing the first one changes neither who ended it nor when.
    if (room.callLegEnded?.callId === callId) return;
    const updated = await this.rooms.updateVoipRoom(room._id, { callLegEnded: { callId, at: now, by } }, ['answered', 'on-hold']);
    if (!updated) return;
    this.logger.log(
      `${callId} ended (${by}) during a transfer${room.callTransfer ? ' ringing' : ''}: room ${room._id} follows the new call`,
    );
    await this.record({ ...room, callUniqueId: callId }, 'LegHangup', { by, transferTo: room.callTransferredTo });
    const agent = room.callTransfer?.from ?? room.servedBy;
    if (agent) await this.coordination.releaseLine(agent._id, callId);
    this.notifyAgent({ ...room, callUniqueId: callId }, 'hangup');
    await this.dispatch();
  }

  /** Calls whose leg ended after a REFER and whose caller never called the target: over as of that leg's end. */
  private async endTransfersNeverCalled(): Promise<void> {
    for (const room of await this.rooms.findVoipRoomsLeftByTransfer(new Date(Date.now() - TRANSFER_WAIT_MS))) {
      const { by, at } = room.callLegEnded!;
      if (await this.hungUp(room, by, at, {}, ['callTransferredTo', 'callReferred'])) {
        await this.record(room, 'TransferFailed', { to: room.callTransferredTo, reason: 'the caller did not call the target' });
      }
    }
  }

  /**
   * The call is over (a BYE, at `at`, by the caller or the agent): times, messages, the agent free. `set` / `unset`:
   * what else changes in the room with it. False when the call was no longer going on.
   */
  private async hungUp(
    room: IVoipRoom,
    endedBy: 'visitor' | 'agent',
    at: Date,
    set: Partial<IVoipRoom> = {},
    unset: Array<keyof IVoipRoom> = [],
  ): Promise<boolean> {
    if (room.callStatus !== 'answered' && room.callStatus !== 'on-hold') return false;
    const duration = room.callStarted ? Math.max(0, at.getTime() - room.callStarted.getTime()) : 0;
    const updated = await this.rooms.updateVoipRoom(
      room._id,
      {
        ...set,
        callStatus: 'ended',
        callEndedAt: at,
        callDuration: duration,
        callTotalHoldTime: (room.callTotalHoldTime ?? 0) + heldUntil(room, at),
        callEndedBy: endedBy,
      },
      ['answered', 'on-hold'],
      ['callHoldStartedAt', 'callLegEnded', ...unset],
    );
    if (!updated) return false;
    await this.record(room, 'Hangup', { by: endedBy });
    if (updated.servedBy) {
      await this.activity.message(updated, 'voip-call-ended', updated.servedBy, { msg: endedBy });
      await this.activity.message(updated, 'voip-call-duration', updated.servedBy, {
        voipData: { callDuration: duration, callStarted: room.callStarted?.toISOString() },
      });
    }
    await this.free(room);
    if (updated.servedBy && endedBy === 'visitor')
      this.realtime.notifyUser(updated.servedBy._id, 'call.callerhangup', [{ roomId: room._id }]);
    this.notifyAgent(updated, 'hangup');
    await this.dispatch();
    return true;
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
      ['pbxHandle'],
    );
    if (!updated) return;
    await this.record(room, status === 'abandoned' ? 'QueueCallerAbandon' : 'AgentRingNoAnswer', { reason: why });
    await this.free(room, false);
    this.notifyAgent(updated, status);
  }

  private async free(room: IVoipRoom, talked = true): Promise<void> {
    if (room.servedBy) await this.coordination.releaseLine(room.servedBy._id, room.callUniqueId, talked);
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
