import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type ILivechatInquiry, type ILivechatRoom, type IMessage, type LivechatAgentInfo } from '@rc/contracts';
import {
  LivechatDepartmentAgentsRepository,
  LivechatDepartmentsRepository,
  LivechatInquiriesRepository,
  MessagesRepository,
  RoomsRepository,
  SubscriptionsRepository,
  UsersRepository,
  randomId,
  type LivechatAgentDocument,
} from '@rc/models';
import { IncreasingClock } from '@rc/platform';
import { SettingsCache } from '@rc/settings';
import { LivechatNotifier } from '../livechat/livechat-notifier.js';

export type RoutingMethod = 'Auto_Selection' | 'Manual_Selection';
type AgentRef = { _id: string; username: string };

/** How many candidates one routing attempt tries before leaving the inquiry queued. */
const CANDIDATES = 5;

/**
 * Rocket.Chat's RoutingManager. `Manual_Selection`: inquiries wait in the queue until an agent takes one;
 * `Auto_Selection`: each inquiry goes to the least recently routed available agent of its department with room
 * for one more chat. Both take the inquiry with one conditional write on its status (`queued` → `taken`), so
 * however many instances route at once, an inquiry is served once; the agent's capacity is reserved the same
 * way before (and given back when the inquiry was taken by someone else).
 */
@Injectable()
export class RoutingService {
  private readonly logger = new Logger(RoutingService.name);
  /** Chats routed in the same millisecond still take turns. */
  private readonly routingClock = new IncreasingClock();

  constructor(
    private readonly settings: SettingsCache,
    private readonly inquiries: LivechatInquiriesRepository,
    private readonly rooms: RoomsRepository,
    private readonly agents: UsersRepository,
    private readonly departments: LivechatDepartmentsRepository,
    private readonly departmentAgents: LivechatDepartmentAgentsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly messages: MessagesRepository,
    private readonly notifier: LivechatNotifier,
  ) {}

  get method(): RoutingMethod {
    return this.settings.get<string>('Livechat_Routing_Method') === 'Manual_Selection' ? 'Manual_Selection' : 'Auto_Selection';
  }

  private get maxChats(): number {
    return Number(this.settings.get<number>('Livechat_maximum_chats_per_agent') ?? 0) || 0;
  }

  /** Agent ids of a department (`undefined`: any agent). */
  async departmentAgentIds(department: string | undefined): Promise<string[] | undefined> {
    if (!department) return undefined;
    return (await this.departmentAgents.agentsOf(department)).map((a) => a.agentId);
  }

  /** Whether an agent could serve a visitor of this department now (the widget's `online`). */
  async anyAgentOnline(department: string | undefined): Promise<boolean> {
    const ids = await this.departmentAgentIds(department);
    return (await this.agents.findEligibleLivechatAgents(ids, 0, 1)).length > 0;
  }

  async nextAgent(department: string | undefined): Promise<LivechatAgentDocument | undefined> {
    const ids = await this.departmentAgentIds(department);
    return (await this.agents.findEligibleLivechatAgents(ids, this.maxChats, 1))[0];
  }

  /** `Auto_Selection`: one attempt to route an inquiry; false when it stays queued. */
  async route(inquiry: ILivechatInquiry): Promise<boolean> {
    if (this.method !== 'Auto_Selection' || inquiry.status !== 'queued') return false;
    const max = this.maxChats;
    const ids = await this.departmentAgentIds(inquiry.department);
    const preferred = inquiry.defaultAgent ? [inquiry.defaultAgent.agentId] : [];
    const candidates = [
      ...(preferred.length ? await this.agents.findEligibleLivechatAgents(preferred, max, 1) : []),
      ...(await this.agents.findEligibleLivechatAgents(ids, max, CANDIDATES)),
    ];
    for (const candidate of candidates) {
      const now = this.routingClock.now();
      const reserved = await this.agents.reserveLivechatSeat(candidate._id, max, now);
      if (!reserved) continue;
      const claimed = await this.inquiries.claim(inquiry._id, { agentId: candidate._id, username: candidate.username }, now);
      if (!claimed) {
        // Someone else (another instance, a manual take) had it first: give the reserved chat back.
        await this.agents.releaseLivechatChat(candidate._id);
        return false;
      }
      await this.serve(claimed, { _id: candidate._id, username: candidate.username });
      return true;
    }
    return false;
  }

  /** Every queued inquiry (oldest first) gets one routing attempt. */
  async routeQueue(limit = 200): Promise<number> {
    if (this.method !== 'Auto_Selection') return 0;
    const { items } = await this.inquiries.queued(undefined, 0, limit);
    let routed = 0;
    for (const inquiry of items) if (await this.route(inquiry)) routed++;
    return routed;
  }

  /** `inquiries.take`: the first taker wins; a second is refused with nothing changed. */
  async take(inquiryId: string, agent: LivechatAgentDocument): Promise<ILivechatInquiry> {
    if (agent.statusLivechat !== 'available') {
      throw new DomainError(ErrorCode.LivechatAgentOffline, 'Agent status is offline or Omnichannel service is not active');
    }
    const now = new Date();
    const claimed = await this.inquiries.claim(inquiryId, { agentId: agent._id, username: agent.username }, now);
    if (!claimed) {
      const existing = await this.inquiries.findById(inquiryId);
      if (!existing) throw new DomainError(ErrorCode.LivechatInvalidInquiry, 'Invalid inquiry');
      throw new DomainError(ErrorCode.LivechatInquiryTaken, 'Inquiry already taken');
    }
    await this.agents.countLivechatChat(agent._id, now);
    await this.serve(claimed, { _id: agent._id, username: agent.username });
    return claimed;
  }

  /** The agent joins the room: served by them, their subscription, the `uj` message, the widget's agentData. */
  async serve(inquiry: ILivechatInquiry, agent: AgentRef): Promise<void> {
    const now = new Date();
    const room = await this.rooms.setLivechatServedBy(inquiry.rid, agent, now);
    this.notifier.inquiry('removed', inquiry);
    if (!room) {
      // Closed while being routed: nothing to serve.
      await this.agents.releaseLivechatChat(agent._id);
      return;
    }
    const subscription = await this.subscriptions.ensureLivechatAgent(room, agent, now);
    this.notifier.subscription('inserted', subscription);
    await this.systemMessage(room, 'uj', agent.username, agent);
    this.notifier.roomChanged(room);
    this.notifier.room(room._id, { type: 'agentData', data: await this.agentInfo(agent._id) });
  }

  /** The agent leaves the room (transfer, close): their subscription removed, their chat count given back. */
  async unserve(room: ILivechatRoom): Promise<void> {
    for (const subscription of await this.subscriptions.findByRoom(room._id)) {
      await this.subscriptions.deleteOne(subscription.rid, subscription.u._id);
      this.notifier.subscription('removed', subscription);
    }
    if (room.servedBy) await this.agents.releaseLivechatChat(room.servedBy._id);
  }

  /** Forward to an agent: served by them at once. */
  async forwardToAgent(room: ILivechatRoom, target: LivechatAgentDocument, by: AgentRef, comment?: string): Promise<void> {
    await this.unserve(room);
    const now = new Date();
    await this.inquiries.setTakenBy(room._id, { agentId: target._id, username: target.username }, now);
    await this.agents.countLivechatChat(target._id, now);
    await this.transferMessage(room, by, { scope: 'agent', transferredTo: { _id: target._id, username: target.username }, comment });
    const inquiry = await this.inquiries.findByRid(room._id);
    if (inquiry) await this.serve(inquiry, { _id: target._id, username: target.username });
  }

  /** Forward to a department: back in its queue, routed there. */
  async forwardToDepartment(room: ILivechatRoom, departmentId: string, by: AgentRef | undefined, comment?: string): Promise<ILivechatRoom> {
    await this.unserve(room);
    const now = new Date();
    const requeued = await this.rooms.requeueLivechat(room._id, departmentId, now);
    if (!requeued) throw new DomainError(ErrorCode.RoomClosed, 'Room closed');
    // Before the inquiry is queued again: a sweep may route it at once, and its agent must be told after this.
    await this.notifier.agentLeft(room._id);
    const inquiry = await this.inquiries.requeue(room._id, departmentId, now);
    await this.transferMessage(requeued, by ?? { _id: room.v._id, username: room.v.username }, {
      scope: 'department',
      nextDepartment: { _id: departmentId, name: (await this.departments.findById(departmentId))?.name },
      comment,
    });
    if (inquiry) {
      this.notifier.inquiry('inserted', inquiry);
      await this.route(inquiry).catch((error: Error) => this.logger.warn(`routing ${inquiry._id} failed: ${error.message}`));
    }
    return (await this.rooms.findLivechatById(room._id)) ?? requeued;
  }

  /**
   * `Livechat_agent_leave_action: forward`: a disconnected agent's room goes back to its department's queue
   * (routed again), once, whichever instance notices first.
   */
  async requeueFromAgent(room: ILivechatRoom, agentId: string): Promise<boolean> {
    const now = new Date();
    const released = await this.rooms.releaseLivechatFromAgent(room._id, agentId, now);
    if (!released) return false;
    await this.unserve(released);
    await this.notifier.agentLeft(room._id);
    const inquiry = await this.inquiries.requeue(room._id, room.departmentId, now);
    await this.transferMessage(
      released,
      { _id: agentId, username: released.servedBy?.username ?? '' },
      { scope: 'queue', comment: 'agent disconnected' },
    );
    if (inquiry) {
      this.notifier.inquiry('inserted', inquiry);
      await this.route(inquiry).catch((error: Error) => this.logger.warn(`routing ${inquiry._id} failed: ${error.message}`));
    }
    return true;
  }

  async agentInfo(agentId: string): Promise<LivechatAgentInfo | null> {
    const agent = await this.agents.findLivechatAgentById(agentId);
    if (!agent) return null;
    const showEmail = this.settings.get<boolean>('Livechat_show_agent_email') !== false;
    return {
      _id: agent._id,
      username: agent.username,
      ...(agent.name && { name: agent.name }),
      ...(showEmail && agent.emails && { emails: agent.emails }),
      ...(agent.status && { status: agent.status }),
    };
  }

  async systemMessage(
    room: Pick<ILivechatRoom, '_id'>,
    t: string,
    msg: string,
    u: AgentRef,
    extra: Record<string, unknown> = {},
  ): Promise<IMessage> {
    const message = await this.messages.insertLivechat({
      _id: randomId(),
      rid: room._id,
      t,
      msg,
      ts: new Date(),
      u,
      groupable: false,
      ...extra,
    });
    this.notifier.message(message);
    return message;
  }

  private transferMessage(room: ILivechatRoom, by: AgentRef, data: Record<string, unknown>): Promise<IMessage> {
    return this.systemMessage(room, 'livechat_transfer_history', '', by, {
      transferData: { transferredBy: by, ts: new Date(), ...data },
    });
  }
}
