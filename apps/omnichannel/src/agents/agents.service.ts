import { Injectable } from '@nestjs/common';
import {
  authorizationAddUserToRole,
  authorizationRemoveUserFromRole,
  DomainError,
  ErrorCode,
  type Actor,
  type ILivechatDepartment,
  type ILivechatDepartmentAgent,
  type ILivechatRoom,
  type LivechatStatus,
  type LivechatUser,
  type RpcParsedRequest,
  type livechatListRooms,
  type livechatSaveDepartment,
} from '@rc/contracts';
import {
  LivechatDepartmentAgentsRepository,
  LivechatDepartmentsRepository,
  LivechatInquiriesRepository,
  RoomsRepository,
  SubscriptionsRepository,
  UsersRepository,
  type LivechatAgentDocument,
} from '@rc/models';
import { PermissionChecker } from '@rc/permissions';
import { RpcClient } from '@rc/platform';
import { BusinessHoursService } from '../business-hours/business-hours.service.js';
import { LivechatNotifier } from '../livechat/livechat-notifier.js';
import { RoutingService } from '../routing/routing.service.js';
import { PageSize } from '@rc/settings';

const unauthorized = () => new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');
const ROLE = { agent: 'livechat-agent', manager: 'livechat-manager' } as const;

const page = <K extends string, T>(key: K, items: T[], offset: number, total: number) =>
  ({ [key]: items, count: items.length, offset, total }) as { [k in K]: T[] } & { count: number; offset: number; total: number };

function publicUser(user: LivechatAgentDocument): LivechatUser {
  const { _id, username, name, emails, status, statusLivechat, livechat } = user;
  return {
    _id,
    username,
    ...(name && { name }),
    ...(emails && { emails }),
    ...(status && { status }),
    ...(statusLivechat && { statusLivechat }),
    ...(livechat && { livechat }),
  };
}

/** The agents' and managers' side: users, availability, departments, the queue, rooms, forwarding and closing. */
@Injectable()
export class AgentsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly permissions: PermissionChecker,
    private readonly rpc: RpcClient,
    private readonly agents: UsersRepository,
    private readonly departments: LivechatDepartmentsRepository,
    private readonly departmentMembers: LivechatDepartmentAgentsRepository,
    private readonly inquiries: LivechatInquiriesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly routing: RoutingService,
    private readonly notifier: LivechatNotifier,
    private readonly businessHours: BusinessHoursService,
  ) {}

  async require(actor: Actor, ...permissions: string[]): Promise<void> {
    if (!(await this.permissions.check(actor.userId, permissions, 'any'))) throw unauthorized();
  }

  // ── users ─────────────────────────────────────────────────────────────────────────────────────────────

  async addUser(actor: Actor, type: 'agent' | 'manager', username: string): Promise<LivechatUser> {
    await this.require(actor, type === 'agent' ? 'manage-livechat-agents' : 'manage-livechat-managers');
    const user = await this.agents.findLivechatAgentByUsername(username);
    if (!user) throw new DomainError(ErrorCode.UserNotFound, 'User not found');
    await this.rpc.request(authorizationAddUserToRole, { actor, roleId: ROLE[type], userId: user._id });
    if (type === 'agent' && !user.statusLivechat) {
      await this.agents.setStatusLivechat(user._id, user.status && user.status !== 'offline' ? 'available' : 'not-available');
    }
    return publicUser((await this.agents.findLivechatAgentById(user._id))!);
  }

  async removeUser(actor: Actor, type: 'agent' | 'manager', userId: string): Promise<void> {
    await this.require(actor, type === 'agent' ? 'manage-livechat-agents' : 'manage-livechat-managers');
    const user = await this.agents.findLivechatAgentById(userId);
    if (!user || !user.roles?.includes(ROLE[type])) throw new DomainError(ErrorCode.UserNotFound, 'User not found');
    await this.rpc.request(authorizationRemoveUserFromRole, { actor, roleId: ROLE[type], username: user.username });
    if (type === 'agent') {
      await this.agents.unsetLivechatAgent(userId);
      for (const entry of await this.departmentMembers.removeAgent(userId)) await this.departmentAgentRemoved(entry);
    }
  }

  async listUsers(
    actor: Actor,
    type: 'agent' | 'manager',
    filter: { text?: string; onlyAvailable?: boolean },
    offset: number,
    count: number,
  ) {
    await this.require(actor, 'manage-livechat-agents', 'manage-livechat-managers', 'view-livechat-manager');
    const { items, total } = await this.agents.findLivechatUsersPage(ROLE[type], filter, offset, count);
    return page('users', items.map(publicUser), offset, total);
  }

  /** An agent's availability; another agent's needs `manage-livechat-agents`. Available: routing looks for work. */
  async setStatus(actor: Actor, status: LivechatStatus | undefined, agentId: string | undefined): Promise<LivechatStatus> {
    const targetId = agentId ?? actor.userId;
    if (targetId !== actor.userId) await this.require(actor, 'manage-livechat-agents');
    const agent = await this.agents.findLivechatAgentById(targetId);
    if (!agent || !agent.roles?.includes('livechat-agent')) throw new DomainError(ErrorCode.LivechatInvalidAgent, 'Invalid agent');
    const next = status ?? (agent.statusLivechat === 'available' ? 'not-available' : 'available');
    if (next === 'available' && !(await this.businessHours.isOpenNow())) {
      throw new DomainError(ErrorCode.LivechatBusinessHoursClosed, 'Not allowed');
    }
    await this.agents.setStatusLivechat(targetId, next);
    if (next === 'available') void this.routing.routeQueue().catch(() => undefined);
    return next;
  }

  // ── departments ───────────────────────────────────────────────────────────────────────────────────────

  async listDepartments(actor: Actor, filter: { text?: string; enabled?: boolean }, offset: number, count: number) {
    await this.require(actor, 'view-livechat-departments', 'view-l-room', 'manage-livechat-departments');
    const { items, total } = await this.departments.page(filter, offset, count);
    return page('departments', items, offset, total);
  }

  async saveDepartment({ actor, _id, department, agents }: RpcParsedRequest<typeof livechatSaveDepartment>) {
    await this.require(actor, 'manage-livechat-departments');
    if (_id && !(await this.departments.findById(_id))) throw new DomainError(ErrorCode.LivechatInvalidDepartment, 'Department not found');
    const saved = await this.departments.save(_id, {
      ...department,
      showOnRegistration: department.showOnRegistration,
      showOnOfflineForm: department.showOnOfflineForm,
    });
    await this.departmentMembers.setDepartmentEnabled(saved._id, saved.enabled);
    if (agents) {
      const current = await this.departmentMembers.agentsOf(saved._id);
      for (const old of current)
        if (!agents.some((a) => a.agentId === old.agentId)) await this.removeDepartmentAgent(saved._id, old.agentId);
      await this.upsertAgents(saved, agents);
    }
    return { department: (await this.departments.findById(saved._id))!, agents: await this.departmentMembers.agentsOf(saved._id) };
  }

  private async upsertAgents(department: ILivechatDepartment, agents: Array<{ agentId: string; count?: number; order?: number }>) {
    for (const entry of agents) {
      const agent = await this.agents.findLivechatAgentById(entry.agentId);
      if (!agent || !agent.roles?.includes('livechat-agent')) throw new DomainError(ErrorCode.LivechatInvalidAgent, 'Invalid agent');
      const { entry: saved, created } = await this.departmentMembers.upsert(department, {
        agentId: agent._id,
        username: agent.username,
        count: entry.count,
        order: entry.order,
      });
      if (created) await this.recountAgents(department._id);
      this.notifier.departmentAgent(created ? 'inserted' : 'updated', saved);
    }
  }

  private async removeDepartmentAgent(departmentId: string, agentId: string): Promise<void> {
    const removed = await this.departmentMembers.remove(departmentId, agentId);
    if (removed) await this.departmentAgentRemoved(removed);
  }

  private async departmentAgentRemoved(entry: ILivechatDepartmentAgent): Promise<void> {
    await this.recountAgents(entry.departmentId);
    this.notifier.departmentAgent('removed', entry);
  }

  private async recountAgents(departmentId: string): Promise<void> {
    await this.departments.setNumAgents(departmentId, await this.departmentMembers.countOf(departmentId));
  }

  async getDepartment(actor: Actor, id: string, includeAgents: boolean) {
    await this.require(actor, 'view-livechat-departments', 'manage-livechat-departments', 'view-l-room');
    const department = await this.departments.findById(id);
    return { department, ...(includeAgents && department && { agents: await this.departmentMembers.agentsOf(id) }) };
  }

  async deleteDepartment(actor: Actor, id: string): Promise<void> {
    await this.require(actor, 'manage-livechat-departments', 'remove-livechat-department');
    if (!(await this.departments.remove(id))) throw new DomainError(ErrorCode.LivechatInvalidDepartment, 'Department not found');
    for (const entry of await this.departmentMembers.removeDepartment(id)) this.notifier.departmentAgent('removed', entry);
  }

  async departmentAgents(actor: Actor, id: string, offset: number, count: number) {
    await this.require(actor, 'view-livechat-departments', 'manage-livechat-departments', 'add-livechat-department-agents');
    const all = await this.departmentMembers.agentsOf(id);
    return page('agents', all.slice(offset, count ? offset + count : undefined), offset, all.length);
  }

  async saveDepartmentAgents(
    actor: Actor,
    id: string,
    upsert: Array<{ agentId: string; count?: number; order?: number }>,
    remove: Array<{ agentId: string }>,
  ) {
    await this.require(actor, 'manage-livechat-departments', 'add-livechat-department-agents');
    const department = await this.departments.findById(id);
    if (!department) throw new DomainError(ErrorCode.LivechatInvalidDepartment, 'Department not found');
    await this.upsertAgents(department, upsert);
    for (const r of remove) await this.removeDepartmentAgent(id, r.agentId);
  }

  async agentDepartments(actor: Actor, agentId: string, enabledOnly: boolean) {
    if (agentId !== actor.userId) await this.require(actor, 'manage-livechat-agents', 'view-livechat-departments');
    return { departments: await this.departmentMembers.departmentsOf(agentId, enabledOnly) };
  }

  // ── the queue ─────────────────────────────────────────────────────────────────────────────────────────

  /** Queued inquiries; `forUser`: of the caller's departments and those without one. */
  async queued(actor: Actor, department: string | undefined, forUser: boolean, offset: number, count: number) {
    await this.require(actor, 'view-l-room');
    let departments: Array<string | null> | undefined = department ? [department] : undefined;
    if (forUser && !department)
      departments = [...(await this.departmentMembers.departmentsOf(actor.userId, true)).map((d) => d.departmentId), null];
    const { items, total } = await this.inquiries.queued(departments, offset, count);
    return page('inquiries', items, offset, total);
  }

  async take(actor: Actor, inquiryId: string, userId: string | undefined) {
    await this.require(actor, 'view-l-room');
    if (userId && userId !== actor.userId) await this.require(actor, 'transfer-livechat-guest');
    const agent = await this.agents.findLivechatAgentById(userId ?? actor.userId);
    if (!agent || !agent.roles?.includes('livechat-agent')) throw new DomainError(ErrorCode.LivechatInvalidAgent, 'Invalid agent');
    return { inquiry: await this.routing.take(inquiryId, agent) };
  }

  async inquiryOf(actor: Actor, roomId: string) {
    await this.require(actor, 'view-l-room');
    return { inquiry: await this.inquiries.findByRid(roomId) };
  }

  // ── rooms ─────────────────────────────────────────────────────────────────────────────────────────────

  async listRooms(request: RpcParsedRequest<typeof livechatListRooms>) {
    const { actor, offset, count, createdAt, closedAt, ...filter } = request;
    await this.require(actor, 'view-livechat-rooms');
    const range = (r?: { start?: string; end?: string }) =>
      r && { ...(r.start && { start: new Date(r.start) }), ...(r.end && { end: new Date(r.end) }) };
    const { items, total } = await this.rooms.findLivechatPage(
      { ...filter, createdAt: range(createdAt), closedAt: range(closedAt) },
      offset,
      this.pageSize.count(count),
    );
    return page('rooms', items, offset, total);
  }

  private async openRoom(rid: string): Promise<ILivechatRoom> {
    const room = await this.rooms.findLivechatById(rid);
    if (!room) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
    if (!room.open) throw new DomainError(ErrorCode.LivechatRoomAlreadyClosed, 'Room closed');
    return room;
  }

  /** The serving agent, or whoever holds the permission for others' rooms. */
  private async assertServesOr(actor: Actor, room: ILivechatRoom, permission: string): Promise<void> {
    if (room.servedBy?._id === actor.userId) return;
    if (!(await this.permissions.check(actor.userId, [permission]))) throw unauthorized();
  }

  async forward(
    actor: Actor,
    roomId: string,
    departmentId: string | undefined,
    userId: string | undefined,
    comment?: string,
  ): Promise<void> {
    await this.require(actor, 'view-l-room');
    const room = await this.openRoom(roomId);
    await this.assertServesOr(actor, room, 'transfer-livechat-guest');
    const by = { _id: actor.userId, username: actor.username };
    if (userId) {
      const target = await this.agents.findLivechatAgentById(userId);
      if (!target || !target.roles?.includes('livechat-agent')) throw new DomainError(ErrorCode.LivechatInvalidAgent, 'Invalid agent');
      if (room.servedBy?._id === userId) throw new DomainError(ErrorCode.ActionNotAllowed, 'error-selected-agent-room-agent-are-same');
      if (target.statusLivechat !== 'available')
        throw new DomainError(ErrorCode.LivechatAgentOffline, 'Agent status is offline or Omnichannel service is not active');
      await this.routing.forwardToAgent(room, target, by, comment);
      return;
    }
    if (!departmentId) throw new DomainError(ErrorCode.InvalidParams, 'departmentId or userId is required');
    const department = await this.departments.findById(departmentId);
    if (!department || !department.enabled)
      throw new DomainError(ErrorCode.LivechatInvalidDepartment, 'The provided department is invalid');
    if (room.departmentId === departmentId && !room.servedBy)
      throw new DomainError(ErrorCode.ActionNotAllowed, 'error-forwarding-chat-same-department');
    await this.routing.forwardToDepartment(room, departmentId, by, comment);
  }

  async closeByUser(actor: Actor, rid: string, comment: string | undefined, tags: string[] | undefined): Promise<void> {
    await this.require(actor, 'close-livechat-room');
    const room = await this.openRoom(rid);
    await this.assertServesOr(actor, room, 'close-others-livechat-room');
    await this.close(room, { closer: 'user', closedBy: { _id: actor.userId, username: actor.username } }, comment, tags);
  }

  /** Closing: the room closed (once), the `livechat-close` message, the inquiry and the agents' subscriptions removed. */
  async close(
    room: ILivechatRoom,
    by: { closer: 'user' | 'visitor'; closedBy: { _id: string; username: string } },
    comment = '',
    tags?: string[],
  ): Promise<void> {
    const now = new Date();
    const closed = await this.rooms.closeLivechat(room._id, { ...by, closedAt: now, ...(tags && { tags }), comment });
    if (!closed) throw new DomainError(ErrorCode.LivechatRoomAlreadyClosed, 'Room closed');
    await this.routing.systemMessage(room, 'livechat-close', comment, by.closedBy);
    const inquiry = await this.inquiries.removeByRid(room._id);
    if (inquiry && inquiry.status === 'queued') this.notifier.inquiry('removed', inquiry);
    await this.routing.unserve(closed);
    this.notifier.roomChanged(closed);
  }

  async join(actor: Actor, roomId: string): Promise<void> {
    await this.require(actor, 'view-l-room');
    const room = await this.openRoom(roomId);
    if (!(await this.permissions.check(actor.userId, ['view-livechat-rooms']))) throw unauthorized();
    const subscription = await this.subscriptions.ensureLivechatAgent(room, { _id: actor.userId, username: actor.username }, new Date());
    this.notifier.subscription('inserted', subscription);
  }
}
