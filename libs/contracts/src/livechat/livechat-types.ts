import type { IMessage } from '../typings/message.js';
import type { UserRef } from '../typings/user.js';

/** Rocket.Chat's `rocketchat_livechat_visitor` document. */
export interface ILivechatVisitor {
  _id: string;
  token: string;
  username: string;
  name?: string;
  ts: Date;
  _updatedAt: Date;
  department?: string;
  visitorEmails?: Array<{ address: string }>;
  phone?: Array<{ phoneNumber: string }>;
  status?: 'online' | 'away' | 'offline' | 'busy';
  lastChat?: { _id: string; ts: Date };
  livechatData?: Record<string, unknown>;
  /** Set through `omnichannel/contact` (the older contact form). */
  contactManager?: { username: string };
  userAgent?: string;
  ip?: string;
  host?: string;
}

/** The visitor as a livechat room and inquiry carry it (`v`). */
export interface VisitorRef {
  _id: string;
  username: string;
  token: string;
  status?: string;
  name?: string;
}

export type InquiryStatus = 'queued' | 'taken' | 'ready' | 'open';

/** Rocket.Chat's `rocketchat_livechat_inquiry` document: a room waiting in (or taken from) the queue. */
export interface ILivechatInquiry {
  _id: string;
  rid: string;
  name: string;
  ts: Date;
  _updatedAt: Date;
  message: string;
  status: InquiryStatus;
  v: VisitorRef;
  t: 'l';
  department?: string;
  queuedAt?: Date;
  takenAt?: Date;
  /** The agent the inquiry was routed to (this server's record of "routed once"). */
  takenBy?: { agentId: string; username: string };
  defaultAgent?: { agentId: string; username: string };
  source?: { type: string };
  priorityWeight?: number;
  estimatedWaitingTimeQueue?: number;
}

/** A livechat room (`rocketchat_room`, `t: 'l'`). */
export interface ILivechatRoom {
  _id: string;
  t: 'l';
  fname: string;
  msgs: number;
  usersCount: number;
  ts: Date;
  _updatedAt: Date;
  v: VisitorRef;
  open?: boolean;
  departmentId?: string;
  servedBy?: { _id: string; username: string; ts: Date };
  responseBy?: { _id: string; username: string; firstResponseTs: Date; lastMessageTs: Date };
  waitingResponse?: boolean;
  cl?: boolean;
  closedAt?: Date;
  closer?: 'user' | 'visitor';
  closedBy?: { _id: string; username: string };
  closingMessage?: IMessage;
  tags?: string[];
  lastMessage?: IMessage;
  lm?: Date;
  source: { type: string; alias?: string };
  /** Rocket.Chat 7's contact of the visitor for this room's source (`rocketchat_livechat_contact`). */
  contactId?: string;
  queuedAt?: Date;
  metrics?: Record<string, unknown>;
  livechatData?: Record<string, unknown>;
  transcriptRequest?: { requestedAt: Date; requestedBy: UserRef; email: string; subject: string };
}

/** Rocket.Chat's `rocketchat_livechat_department` document. */
export interface ILivechatDepartment {
  _id: string;
  name: string;
  enabled: boolean;
  description?: string;
  showOnRegistration: boolean;
  showOnOfflineForm: boolean;
  email?: string;
  numAgents: number;
  requestTagBeforeClosingChat?: boolean;
  chatClosingTags?: string[];
  offlineMessageChannelName?: string;
  archived?: boolean;
  _updatedAt: Date;
}

/** Rocket.Chat's `rocketchat_livechat_department_agents` document. */
export interface ILivechatDepartmentAgent {
  _id: string;
  agentId: string;
  departmentId: string;
  departmentEnabled: boolean;
  username: string;
  count: number;
  order: number;
  _updatedAt: Date;
}

/** Rocket.Chat's `rocketchat_livechat_custom_field` document. */
export interface ILivechatCustomField {
  _id: string;
  label: string;
  scope: 'visitor' | 'room';
  visibility: 'visible' | 'hidden';
  type?: string;
  regexp?: string;
  required?: boolean;
  defaultValue?: string;
  options?: string;
  public?: boolean;
  searchable?: boolean;
  _updatedAt: Date;
}

/** Rocket.Chat's `rocketchat_livechat_trigger` document. */
export interface ILivechatTrigger {
  _id: string;
  name: string;
  description: string;
  enabled: boolean;
  runOnce: boolean;
  conditions: Array<{ name: string; value?: string | number }>;
  actions: Array<{ name: string; params?: Record<string, unknown> }>;
  _updatedAt: Date;
}

/** An agent as the visitor sees them (`livechat/agent.info`, `agentData`). */
export interface LivechatAgentInfo {
  _id: string;
  username: string;
  name?: string;
  emails?: Array<{ address: string; verified?: boolean }>;
  status?: string;
  customFields?: Record<string, unknown>;
  phone?: unknown;
}

/** An agent or manager as the administration lists them (`livechat/users/agent`). */
export interface LivechatUser {
  _id: string;
  username: string;
  name?: string;
  emails?: Array<{ address: string; verified?: boolean }>;
  status?: string;
  statusLivechat?: 'available' | 'not-available';
  livechat?: { maxNumberSimultaneousChat?: number };
}

export type LivechatStatus = 'available' | 'not-available';

/** One day of a business hour as Rocket.Chat stores it (times `HH:mm` in the business hour's timezone). */
export interface BusinessHourWorkDay {
  day: string;
  start: { time: string; utc: { dayOfWeek: string; time: string }; cron: { dayOfWeek: string; time: string } };
  finish: { time: string; utc: { dayOfWeek: string; time: string }; cron: { dayOfWeek: string; time: string } };
  open: boolean;
  code?: number;
}

/** Rocket.Chat's `rocketchat_livechat_business_hours` document (the default one: `type: 'default'`). */
export interface ILivechatBusinessHour {
  _id: string;
  name: string;
  active: boolean;
  type: 'default' | 'custom';
  timezone: { name: string; utc: string };
  workHours: BusinessHourWorkDay[];
  ts: Date;
  _updatedAt: Date;
  departments?: Array<{ _id: string; name: string }>;
}
