import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type {
  ILivechatCustomField,
  ILivechatDepartment,
  ILivechatDepartmentAgent,
  ILivechatInquiry,
  ILivechatRoom,
  ILivechatTrigger,
  ILivechatVisitor,
  IMessage,
  ISubscription,
  LivechatStatus,
  LivechatUser,
} from '@rc/contracts';
import type { Model } from 'mongoose';
import { escapeRegExp } from '../common/escape-regex.js';
import { randomId } from '../common/random-id.js';
import { MESSAGE_MODEL } from '../messages/message.schema.js';
import { ROOM_MODEL } from '../rooms/room.schema.js';
import { SUBSCRIPTION_MODEL } from '../subscriptions/subscription.schema.js';
import { USER_MODEL } from '../users/user.schema.js';
import {
  LIVECHAT_CUSTOM_FIELD_MODEL,
  LIVECHAT_DEPARTMENT_AGENT_MODEL,
  LIVECHAT_DEPARTMENT_MODEL,
  LIVECHAT_INQUIRY_MODEL,
  LIVECHAT_TRIGGER_MODEL,
  LIVECHAT_VISITOR_MODEL,
} from './livechat.schemas.js';

export interface Paged<T> {
  items: T[];
  total: number;
}

/** `rocketchat_livechat_visitor`, owned by omnichannel. */
@Injectable()
export class LivechatVisitorsRepository {
  constructor(@InjectModel(LIVECHAT_VISITOR_MODEL) private readonly visitors: Model<ILivechatVisitor>) {}

  findByToken(token: string): Promise<ILivechatVisitor | null> {
    return this.visitors.findOne({ token }).lean<ILivechatVisitor>().exec();
  }

  /** Creates the visitor of a token or updates the given fields (Rocket.Chat's `registerGuest`). */
  async upsertByToken(token: string, set: Partial<ILivechatVisitor>, username: string): Promise<ILivechatVisitor> {
    return await this.visitors
      .findOneAndUpdate(
        { token },
        { $set: set, $setOnInsert: { _id: randomId(), token, username, ts: new Date(), status: 'online' } },
        { upsert: true, returnDocument: 'after' },
      )
      .lean<ILivechatVisitor>()
      .exec();
  }

  async setStatus(token: string, status: string): Promise<boolean> {
    return (await this.visitors.updateOne({ token }, { $set: { status } }).exec()).matchedCount === 1;
  }

  async setLastChat(visitorId: string, rid: string, ts: Date): Promise<void> {
    await this.visitors.updateOne({ _id: visitorId }, { $set: { lastChat: { _id: rid, ts } } }).exec();
  }

  /** `livechatData.<key>`; kept unless `overwrite` when already set. Answers whether it was written. */
  async setCustomField(token: string, key: string, value: string, overwrite: boolean): Promise<boolean> {
    const filter = overwrite ? { token } : { token, [`livechatData.${key}`]: { $exists: false } };
    return (await this.visitors.updateOne(filter, { $set: { [`livechatData.${key}`]: value } }).exec()).matchedCount === 1;
  }

  findById(id: string): Promise<ILivechatVisitor | null> {
    return this.visitors.findById(id).lean<ILivechatVisitor>().exec();
  }

  async removeByToken(token: string): Promise<ILivechatVisitor | null> {
    return this.visitors.findOneAndDelete({ token }).lean<ILivechatVisitor>().exec();
  }

  async page(filter: { text?: string }, offset: number, count: number): Promise<Paged<ILivechatVisitor>> {
    const query = filter.text
      ? { $or: ['name', 'username', 'visitorEmails.address'].map((f) => ({ [f]: new RegExp(escapeRegExp(filter.text!), 'i') })) }
      : {};
    const [items, total] = await Promise.all([
      this.visitors.find(query).sort({ ts: -1 }).skip(offset).limit(count).lean<ILivechatVisitor[]>().exec(),
      this.visitors.countDocuments(query).exec(),
    ]);
    return { items, total };
  }
}

/** `rocketchat_livechat_inquiry`, owned by omnichannel: the queue; taking one is a single conditional write. */
@Injectable()
export class LivechatInquiriesRepository {
  constructor(@InjectModel(LIVECHAT_INQUIRY_MODEL) private readonly inquiries: Model<ILivechatInquiry>) {}

  async insert(inquiry: Omit<ILivechatInquiry, '_updatedAt'>): Promise<ILivechatInquiry> {
    await this.inquiries.create(inquiry);
    return (await this.findById(inquiry._id))!;
  }

  findById(id: string): Promise<ILivechatInquiry | null> {
    return this.inquiries.findById(id).lean<ILivechatInquiry>().exec();
  }

  findByRid(rid: string): Promise<ILivechatInquiry | null> {
    return this.inquiries.findOne({ rid }).lean<ILivechatInquiry>().exec();
  }

  /**
   * Takes a queued inquiry for an agent: only one caller, on any instance, sees it still `queued` and wins;
   * every other gets `null`.
   */
  claim(id: string, agent: { agentId: string; username: string }, now: Date): Promise<ILivechatInquiry | null> {
    return this.inquiries
      .findOneAndUpdate(
        { _id: id, status: 'queued' },
        { $set: { status: 'taken', takenAt: now, takenBy: agent } },
        { returnDocument: 'after' },
      )
      .lean<ILivechatInquiry>()
      .exec();
  }

  /** Gives a claimed inquiry back to the queue (the agent it was meant for could not take it). */
  async release(id: string, agentId: string): Promise<void> {
    await this.inquiries
      .updateOne(
        { _id: id, status: 'taken', 'takenBy.agentId': agentId },
        { $set: { status: 'queued' }, $unset: { takenAt: 1, takenBy: 1 } },
      )
      .exec();
  }

  /** Back in the queue (a transfer to a department, an agent who left), to be routed again. */
  requeue(rid: string, department: string | undefined, now: Date): Promise<ILivechatInquiry | null> {
    return this.inquiries
      .findOneAndUpdate(
        { rid },
        {
          $set: { status: 'queued', queuedAt: now, ...(department && { department }) },
          $unset: { takenAt: 1, takenBy: 1, ...(!department && {}) },
        },
        { returnDocument: 'after' },
      )
      .lean<ILivechatInquiry>()
      .exec();
  }

  async setTakenBy(rid: string, agent: { agentId: string; username: string }, now: Date): Promise<void> {
    await this.inquiries.updateOne({ rid }, { $set: { status: 'taken', takenAt: now, takenBy: agent } }).exec();
  }

  removeByRid(rid: string): Promise<ILivechatInquiry | null> {
    return this.inquiries.findOneAndDelete({ rid }).lean<ILivechatInquiry>().exec();
  }

  /** Queued inquiries, oldest first; `departments` limits them (`null` in the list: those without one). */
  async queued(departments: Array<string | null> | undefined, offset: number, count: number): Promise<Paged<ILivechatInquiry>> {
    const query: Record<string, unknown> = { status: 'queued' };
    if (departments) {
      const ids = departments.filter((d): d is string => d !== null);
      query.$or = [{ department: { $in: ids } }, ...(departments.includes(null) ? [{ department: { $exists: false } }] : [])];
    }
    const [items, total] = await Promise.all([
      this.inquiries
        .find(query)
        .sort({ queuedAt: 1 })
        .skip(offset)
        .limit(count || 1000)
        .lean<ILivechatInquiry[]>()
        .exec(),
      this.inquiries.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /** Position of a queued inquiry (1 = next). */
  async position(inquiry: Pick<ILivechatInquiry, 'queuedAt' | 'department'>): Promise<number> {
    return (
      (await this.inquiries
        .countDocuments({
          status: 'queued',
          queuedAt: { $lt: inquiry.queuedAt },
          ...(inquiry.department && { department: inquiry.department }),
        })
        .exec()) + 1
    );
  }
}

/** `rocketchat_livechat_department` and `rocketchat_livechat_department_agents`, owned by omnichannel. */
@Injectable()
export class LivechatDepartmentsRepository {
  constructor(
    @InjectModel(LIVECHAT_DEPARTMENT_MODEL) private readonly departments: Model<ILivechatDepartment>,
    @InjectModel(LIVECHAT_DEPARTMENT_AGENT_MODEL) private readonly agents: Model<ILivechatDepartmentAgent>,
  ) {}

  findById(id: string): Promise<ILivechatDepartment | null> {
    return this.departments.findById(id).lean<ILivechatDepartment>().exec();
  }

  findByIdOrName(value: string): Promise<ILivechatDepartment | null> {
    return this.departments
      .findOne({ $or: [{ _id: value }, { name: value }] })
      .lean<ILivechatDepartment>()
      .exec();
  }

  async save(id: string | undefined, data: Omit<ILivechatDepartment, '_id' | '_updatedAt' | 'numAgents'>): Promise<ILivechatDepartment> {
    const _id = id ?? randomId();
    await this.departments.updateOne({ _id }, { $set: data, $setOnInsert: { numAgents: 0 } }, { upsert: true }).exec();
    await this.agents.updateMany({ departmentId: _id }, { $set: { departmentEnabled: data.enabled } }).exec();
    return (await this.findById(_id))!;
  }

  async remove(id: string): Promise<boolean> {
    await this.agents.deleteMany({ departmentId: id }).exec();
    return (await this.departments.deleteOne({ _id: id }).exec()).deletedCount === 1;
  }

  async page(filter: { text?: string; enabled?: boolean }, offset: number, count: number): Promise<Paged<ILivechatDepartment>> {
    const query: Record<string, unknown> = {};
    if (filter.text) query.name = new RegExp(escapeRegExp(filter.text), 'i');
    if (filter.enabled !== undefined) query.enabled = filter.enabled;
    const [items, total] = await Promise.all([
      this.departments
        .find(query)
        .sort({ name: 1 })
        .skip(offset)
        .limit(count || 1000)
        .lean<ILivechatDepartment[]>()
        .exec(),
      this.departments.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  enabledForRegistration(): Promise<ILivechatDepartment[]> {
    return this.departments.find({ enabled: true }).sort({ name: 1 }).lean<ILivechatDepartment[]>().exec();
  }

  agentsOf(departmentId: string): Promise<ILivechatDepartmentAgent[]> {
    return this.agents.find({ departmentId }).sort({ order: 1, username: 1 }).lean<ILivechatDepartmentAgent[]>().exec();
  }

  departmentsOf(agentId: string, enabledOnly = false): Promise<ILivechatDepartmentAgent[]> {
    return this.agents
      .find({ agentId, ...(enabledOnly && { departmentEnabled: true }) })
      .lean<ILivechatDepartmentAgent[]>()
      .exec();
  }

  async upsertAgent(
    department: ILivechatDepartment,
    agent: { agentId: string; username: string; count?: number; order?: number },
  ): Promise<void> {
    await this.agents
      .updateOne(
        { departmentId: department._id, agentId: agent.agentId },
        {
          $set: { username: agent.username, count: agent.count ?? 0, order: agent.order ?? 0, departmentEnabled: department.enabled },
          $setOnInsert: { _id: randomId() },
        },
        { upsert: true },
      )
      .exec();
    await this.countAgents(department._id);
  }

  async removeAgent(departmentId: string, agentId: string): Promise<void> {
    await this.agents.deleteOne({ departmentId, agentId }).exec();
    await this.countAgents(departmentId);
  }

  async removeAgentEverywhere(agentId: string): Promise<void> {
    const of = await this.departmentsOf(agentId);
    await this.agents.deleteMany({ agentId }).exec();
    for (const d of of) await this.countAgents(d.departmentId);
  }

  private async countAgents(departmentId: string): Promise<void> {
    const numAgents = await this.agents.countDocuments({ departmentId }).exec();
    await this.departments.updateOne({ _id: departmentId }, { $set: { numAgents } }).exec();
  }
}

/** `rocketchat_livechat_custom_field` and `rocketchat_livechat_trigger` (read by the widget's config). */
@Injectable()
export class LivechatConfigRepository {
  constructor(
    @InjectModel(LIVECHAT_CUSTOM_FIELD_MODEL) private readonly customFields: Model<ILivechatCustomField>,
    @InjectModel(LIVECHAT_TRIGGER_MODEL) private readonly triggers: Model<ILivechatTrigger>,
  ) {}

  customField(id: string): Promise<ILivechatCustomField | null> {
    return this.customFields.findById(id).lean<ILivechatCustomField>().exec();
  }

  enabledTriggers(): Promise<ILivechatTrigger[]> {
    return this.triggers.find({ enabled: true }).lean<ILivechatTrigger[]>().exec();
  }
}

export interface RoomFilter {
  agents?: string[];
  departmentId?: string;
  open?: boolean;
  roomName?: string;
  tags?: string[];
  createdAt?: { start?: Date; end?: Date };
  closedAt?: { start?: Date; end?: Date };
}

/** Rooms of type `l` in `rocketchat_room`: omnichannel creates, serves, transfers and closes them. */
@Injectable()
export class LivechatRoomsRepository {
  constructor(@InjectModel(ROOM_MODEL) private readonly rooms: Model<ILivechatRoom>) {}

  findById(rid: string): Promise<ILivechatRoom | null> {
    return this.rooms.findOne({ _id: rid, t: 'l' }).lean<ILivechatRoom>().exec();
  }

  findOpenByVisitorToken(token: string): Promise<ILivechatRoom | null> {
    return this.rooms.findOne({ t: 'l', open: true, 'v.token': token }).sort({ ts: -1 }).lean<ILivechatRoom>().exec();
  }

  async insert(room: Omit<ILivechatRoom, '_updatedAt'>): Promise<ILivechatRoom> {
    await this.rooms.create(room);
    return (await this.findById(room._id))!;
  }

  /** Served by an agent: only while open, so a room closed meanwhile is not taken. */
  setServedBy(rid: string, agent: { _id: string; username: string }, now: Date): Promise<ILivechatRoom | null> {
    return this.rooms
      .findOneAndUpdate(
        { _id: rid, t: 'l', open: true },
        { $set: { servedBy: { ...agent, ts: now } }, $unset: { queuedAt: 1 } },
        { returnDocument: 'after' },
      )
      .lean<ILivechatRoom>()
      .exec();
  }

  /** Back to the queue of a department (or none). */
  requeue(rid: string, departmentId: string | undefined, now: Date): Promise<ILivechatRoom | null> {
    return this.rooms
      .findOneAndUpdate(
        { _id: rid, t: 'l', open: true },
        { $set: { queuedAt: now, ...(departmentId && { departmentId }) }, $unset: { servedBy: 1 } },
        { returnDocument: 'after' },
      )
      .lean<ILivechatRoom>()
      .exec();
  }

  /** Back to the queue from the agent who served it, only if they still do (one instance acts on a leaving agent). */
  releaseFromAgent(rid: string, agentId: string, now: Date): Promise<ILivechatRoom | null> {
    return this.rooms
      .findOneAndUpdate(
        { _id: rid, t: 'l', open: true, 'servedBy._id': agentId },
        { $set: { queuedAt: now }, $unset: { servedBy: 1 } },
        { returnDocument: 'before' },
      )
      .lean<ILivechatRoom>()
      .exec();
  }

  /** Agents serving open rooms. */
  async servingAgentIds(): Promise<string[]> {
    return await this.rooms.distinct('servedBy._id', { t: 'l', open: true, servedBy: { $exists: true } }).exec();
  }

  /** Closes an open room; `null` when it was not open (closed twice, or by someone else first). */
  close(
    rid: string,
    set: Pick<ILivechatRoom, 'closer' | 'closedBy' | 'closedAt'> & { tags?: string[]; comment?: string },
  ): Promise<ILivechatRoom | null> {
    const { comment, ...rest } = set;
    return this.rooms
      .findOneAndUpdate(
        { _id: rid, t: 'l', open: true },
        { $set: { ...rest, ...(comment !== undefined && { 'metrics.comment': comment }) }, $unset: { open: 1 } },
        { returnDocument: 'after' },
      )
      .lean<ILivechatRoom>()
      .exec();
  }

  async messageStored(message: IMessage, fromVisitor: boolean): Promise<void> {
    await this.rooms
      .updateOne(
        { _id: message.rid },
        {
          $set: { lastMessage: message, lm: message.ts, ...(fromVisitor ? { waitingResponse: true } : { waitingResponse: false }) },
          $inc: { msgs: 1 },
        },
      )
      .exec();
  }

  async setSurvey(rid: string, data: Record<string, string>): Promise<void> {
    await this.rooms
      .updateOne({ _id: rid }, { $set: { surveyFeedback: Object.entries(data).map(([name, value]) => ({ name, value })) } })
      .exec();
  }

  async setLivechatData(rid: string, key: string, value: string): Promise<void> {
    await this.rooms.updateOne({ _id: rid }, { $set: { [`livechatData.${key}`]: value } }).exec();
  }

  countOpenServedBy(agentId: string): Promise<number> {
    return this.rooms.countDocuments({ t: 'l', open: true, 'servedBy._id': agentId }).exec();
  }

  openServedBy(agentId: string): Promise<ILivechatRoom[]> {
    return this.rooms.find({ t: 'l', open: true, 'servedBy._id': agentId }).lean<ILivechatRoom[]>().exec();
  }

  async page(filter: RoomFilter, offset: number, count: number): Promise<Paged<ILivechatRoom>> {
    const query: Record<string, unknown> = { t: 'l' };
    if (filter.agents?.length) query['servedBy._id'] = { $in: filter.agents };
    if (filter.departmentId) query.departmentId = filter.departmentId;
    if (filter.open !== undefined) query.open = filter.open ? true : { $exists: false };
    if (filter.roomName) query.fname = new RegExp(escapeRegExp(filter.roomName), 'i');
    if (filter.tags?.length) query.tags = { $in: filter.tags };
    const range = (r: { start?: Date; end?: Date }) => ({ ...(r.start && { $gte: r.start }), ...(r.end && { $lte: r.end }) });
    if (filter.createdAt) query.ts = range(filter.createdAt);
    if (filter.closedAt) query.closedAt = range(filter.closedAt);
    const [items, total] = await Promise.all([
      this.rooms
        .find(query)
        .sort({ ts: -1 })
        .skip(offset)
        .limit(count || 50)
        .lean<ILivechatRoom[]>()
        .exec(),
      this.rooms.countDocuments(query).exec(),
    ]);
    return { items, total };
  }
}

/** Messages of livechat rooms (`rocketchat_message`): the visitor's and the system's, written by omnichannel. */
@Injectable()
export class LivechatMessagesRepository {
  constructor(@InjectModel(MESSAGE_MODEL) private readonly messages: Model<IMessage>) {}

  async insert(message: Omit<IMessage, '_updatedAt'> & { [extra: string]: unknown }): Promise<IMessage> {
    await this.messages.create(message);
    return (await this.messages.findById(message._id).lean<IMessage>().exec())!;
  }

  findById(id: string): Promise<IMessage | null> {
    return this.messages.findById(id).lean<IMessage>().exec();
  }

  update(id: string, rid: string, token: string, msg: string, editor: { _id: string; username: string }): Promise<IMessage | null> {
    return this.messages
      .findOneAndUpdate({ _id: id, rid, token }, { $set: { msg, editedAt: new Date(), editedBy: editor } }, { returnDocument: 'after' })
      .lean<IMessage>()
      .exec();
  }

  removeOwn(id: string, rid: string, token: string): Promise<IMessage | null> {
    return this.messages.findOneAndDelete({ _id: id, rid, token }).lean<IMessage>().exec();
  }

  /** Newest first, before `ls` / after `end`. */
  history(rid: string, window: { ls?: Date; end?: Date }, limit: number): Promise<IMessage[]> {
    const ts = { ...(window.ls && { $lt: window.ls }), ...(window.end && { $gt: window.end }) };
    return this.messages
      .find({ rid, _hidden: { $ne: true }, ...(Object.keys(ts).length > 0 && { ts }) })
      .sort({ ts: -1 })
      .limit(limit)
      .lean<IMessage[]>()
      .exec();
  }

  async navigation(rid: string, offset: number, count: number): Promise<Paged<IMessage>> {
    const query = { rid, t: 'livechat_navigation_history' };
    const [items, total] = await Promise.all([
      this.messages
        .find(query)
        .sort({ ts: -1 })
        .skip(offset)
        .limit(count || 50)
        .lean<IMessage[]>()
        .exec(),
      this.messages.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  all(rid: string): Promise<IMessage[]> {
    return this.messages
      .find({ rid, _hidden: { $ne: true } })
      .sort({ ts: 1 })
      .limit(10_000)
      .lean<IMessage[]>()
      .exec();
  }
}

/** Agents' subscriptions to the rooms they serve (`rocketchat_subscription`, `t: 'l'`). */
@Injectable()
export class LivechatSubscriptionsRepository {
  constructor(@InjectModel(SUBSCRIPTION_MODEL) private readonly subscriptions: Model<ISubscription>) {}

  async create(room: ILivechatRoom, agent: { _id: string; username: string }, now: Date): Promise<ISubscription> {
    const _id = randomId();
    await this.subscriptions
      .updateOne(
        { rid: room._id, 'u._id': agent._id },
        {
          $setOnInsert: {
            _id,
            rid: room._id,
            u: agent,
            name: room.fname,
            fname: room.fname,
            t: 'l',
            ts: now,
            ls: now,
            open: true,
            alert: true,
            unread: 1,
            userMentions: 0,
            groupMentions: 0,
            v: room.v,
            ...(room.departmentId && { department: room.departmentId }),
          },
        },
        { upsert: true },
      )
      .exec();
    return (await this.subscriptions.findOne({ rid: room._id, 'u._id': agent._id }).lean<ISubscription>().exec())!;
  }

  findByRoomAndUser(rid: string, userId: string): Promise<ISubscription | null> {
    return this.subscriptions.findOne({ rid, 'u._id': userId }).lean<ISubscription>().exec();
  }

  findByRoom(rid: string): Promise<ISubscription[]> {
    return this.subscriptions.find({ rid }).lean<ISubscription[]>().exec();
  }

  async remove(subscription: ISubscription): Promise<void> {
    await this.subscriptions.deleteOne({ _id: subscription._id }).exec();
  }

  countForRoom(rid: string): Promise<number> {
    return this.subscriptions.countDocuments({ rid }).exec();
  }
}

type AgentDoc = LivechatUser & { roles?: string[]; active?: boolean; livechatCount?: number; lastRoutingTime?: Date; utcOffset?: number };

const AGENT_FIELDS = { username: 1, name: 1, emails: 1, status: 1, statusLivechat: 1, livechat: 1, roles: 1, active: 1, livechatCount: 1 };

/**
 * Agents in `users`. Omnichannel writes `statusLivechat` ('available' | 'not-available', as Rocket.Chat stores
 * it; VoIP reads it too), `livechatCount` (open chats served) and `lastRoutingTime` (round robin); the
 * `livechat-agent` / `livechat-manager` roles are given by authorization.
 */
@Injectable()
export class LivechatAgentsRepository {
  constructor(@InjectModel(USER_MODEL) private readonly users: Model<AgentDoc>) {}

  findByUsername(username: string): Promise<AgentDoc | null> {
    return this.users.findOne({ username }, AGENT_FIELDS).lean<AgentDoc>().exec();
  }

  findById(id: string): Promise<AgentDoc | null> {
    return this.users.findById(id, AGENT_FIELDS).lean<AgentDoc>().exec();
  }

  /** Which of these users are disconnected (presence's `status`). */
  async offline(ids: string[]): Promise<string[]> {
    const users = await this.users
      .find({ _id: { $in: ids }, status: 'offline' }, { _id: 1 })
      .lean<Array<{ _id: string }>>()
      .exec();
    return users.map((u) => u._id);
  }

  async setStatusLivechat(userId: string, status: LivechatStatus): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $set: { statusLivechat: status } }).exec();
  }

  async unsetAgent(userId: string): Promise<void> {
    await this.users.updateOne({ _id: userId }, { $unset: { statusLivechat: 1, livechatCount: 1, lastRoutingTime: 1 } }).exec();
  }

  async page(role: string, filter: { text?: string; onlyAvailable?: boolean }, offset: number, count: number): Promise<Paged<AgentDoc>> {
    const query: Record<string, unknown> = { roles: role };
    if (filter.text) query.$or = ['username', 'name'].map((f) => ({ [f]: new RegExp(escapeRegExp(filter.text!), 'i') }));
    if (filter.onlyAvailable) query.statusLivechat = 'available';
    const [items, total] = await Promise.all([
      this.users
        .find(query, AGENT_FIELDS)
        .sort({ username: 1 })
        .skip(offset)
        .limit(count || 50)
        .lean<AgentDoc[]>()
        .exec(),
      this.users.countDocuments(query).exec(),
    ]);
    return { items, total };
  }

  /**
   * Agents who may receive a chat now: role `livechat-agent`, active, `statusLivechat: 'available'`, connected
   * (status other than offline), under `max` open chats (0: no limit); among `ids` when given. Least recently
   * routed first (the round robin).
   */
  eligible(ids: string[] | undefined, max: number, limit: number): Promise<AgentDoc[]> {
    return this.users
      .find(
        {
          roles: 'livechat-agent',
          active: { $ne: false },
          statusLivechat: 'available',
          status: { $exists: true, $ne: 'offline' },
          ...(ids && { _id: { $in: ids } }),
          ...(max > 0 && { $or: [{ livechatCount: { $lt: max } }, { livechatCount: { $exists: false } }] }),
        },
        AGENT_FIELDS,
      )
      .sort({ lastRoutingTime: 1, _id: 1 })
      .limit(limit)
      .lean<AgentDoc[]>()
      .exec();
  }

  /** Reserves one chat of an agent's capacity, atomically (`null`: full or no longer available). */
  reserve(agentId: string, max: number, now: Date): Promise<AgentDoc | null> {
    return this.users
      .findOneAndUpdate(
        {
          _id: agentId,
          statusLivechat: 'available',
          ...(max > 0 && { $or: [{ livechatCount: { $lt: max } }, { livechatCount: { $exists: false } }] }),
        },
        { $inc: { livechatCount: 1 }, $set: { lastRoutingTime: now } },
        { returnDocument: 'after', projection: AGENT_FIELDS },
      )
      .lean<AgentDoc>()
      .exec();
  }

  /** An agent taking a chat directly (manual take, forward to an agent): counted, never refused here. */
  async countChat(agentId: string, now: Date): Promise<void> {
    await this.users.updateOne({ _id: agentId }, { $inc: { livechatCount: 1 }, $set: { lastRoutingTime: now } }).exec();
  }

  async releaseChat(agentId: string): Promise<void> {
    await this.users.updateOne({ _id: agentId, livechatCount: { $gt: 0 } }, { $inc: { livechatCount: -1 } }).exec();
  }
}

export type { AgentDoc as LivechatAgentDocument };
