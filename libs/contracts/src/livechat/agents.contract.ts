import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean, fields, list, pagination } from '../core/wire-params.js';
import { ActorField, PaginationFields } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import type {
  ILivechatDepartment,
  ILivechatDepartmentAgent,
  ILivechatInquiry,
  ILivechatRoom,
  ILivechatVisitor,
  LivechatStatus,
  LivechatUser,
} from './livechat-types.js';
import { LivechatIdField } from './visitor.contract.js';

const UserTypeField = z.enum(['agent', 'manager']);

type Page<K extends string, T> = { [key in K]: T[] } & { count: number; offset: number; total: number };

/** `POST livechat/users/:type {username}`: the user becomes an agent (role `livechat-agent`, `statusLivechat`) or a manager. */
export const livechatAddUser = defineRpc({
  subject: 'omnichannel.users.add',
  request: z.strictObject({ actor: ActorField, type: UserTypeField, username: z.string().min(1).max(64) }),
  response: as<{ user: LivechatUser }>(),
}).post('livechat/users/:type', { request: ({ actor, params, body }) => ({ actor, type: params.type, username: body.username }) });

/** `DELETE livechat/users/:type/:_id`. */
export const livechatRemoveUser = defineRpc({
  subject: 'omnichannel.users.remove',
  request: z.strictObject({ actor: ActorField, type: UserTypeField, userId: LivechatIdField }),
  response: as<Record<string, never>>(),
}).delete('livechat/users/:type/:_id', { request: ({ actor, params }) => ({ actor, type: params.type, userId: params._id }) });

/** `GET livechat/users/:type?text&offset&count`. */
export const livechatListUsers = defineRpc({
  subject: 'omnichannel.users.list',
  request: z.strictObject({
    actor: ActorField,
    type: UserTypeField,
    text: z.string().max(128).optional(),
    onlyAvailable: z.boolean().optional(),
    ...PaginationFields,
  }),
  response: as<Page<'users', LivechatUser>>(),
}).get('livechat/users/:type', {
  request: ({ actor, params, query }) => ({
    actor,
    type: params.type,
    text: query.text,
    onlyAvailable: query.onlyAvailable === undefined ? undefined : boolean(query.onlyAvailable),
    ...pagination(query),
  }),
});

/**
 * `POST livechat/agent.status {status?, agentId?}` and DDP `livechat:changeLivechatStatus [{status?, agentId?}]`:
 * an agent's availability (`users.statusLivechat`), toggled when no status is given; another agent's needs
 * `manage-livechat-agents`.
 */
export const livechatAgentStatus = defineRpc({
  subject: 'omnichannel.agent.status',
  request: z.strictObject({
    actor: ActorField,
    status: z.enum(['available', 'not-available']).optional(),
    agentId: LivechatIdField.optional(),
  }),
  response: as<{ status: LivechatStatus }>(),
})
  .post('livechat/agent.status', { request: ({ actor, body }) => ({ actor, status: body.status, agentId: body.agentId }) })
  .method('livechat:changeLivechatStatus', {
    request: ([options], { actor }) => ({ actor, status: fields(options).status, agentId: fields(options).agentId }),
    reply: () => true,
  });

const DepartmentInput = z.strictObject({
  enabled: z.boolean(),
  name: z.string().min(1).max(256),
  description: z.string().max(4096).optional(),
  showOnRegistration: z.boolean(),
  showOnOfflineForm: z.boolean(),
  email: z.string().max(256),
  requestTagBeforeClosingChat: z.boolean().optional(),
  chatClosingTags: z.array(z.string().max(128)).max(100).optional(),
  offlineMessageChannelName: z.string().max(256).optional(),
  fallbackForwardDepartment: z.string().max(64).optional(),
  departmentsAllowedToForward: z.array(z.string().max(64)).max(100).optional(),
});
const DepartmentAgentInput = z.strictObject({
  agentId: LivechatIdField,
  username: z.string().max(64).optional(),
  count: z.number().int().min(0).optional(),
  order: z.number().int().min(0).optional(),
});

/** `GET livechat/department?text&enabled&onlyMyDepartments&offset&count`. */
export const livechatListDepartments = defineRpc({
  subject: 'omnichannel.department.list',
  request: z.strictObject({
    actor: ActorField,
    text: z.string().max(256).optional(),
    enabled: z.boolean().optional(),
    ...PaginationFields,
  }),
  response: as<Page<'departments', ILivechatDepartment>>(),
}).get('livechat/department', {
  request: ({ actor, query }) => ({
    actor,
    text: query.text,
    enabled: query.enabled === undefined ? undefined : boolean(query.enabled),
    ...pagination(query),
  }),
});

/** `POST livechat/department {department, agents?}` (create) and `PUT livechat/department/:_id` (update). */
export const livechatSaveDepartment = defineRpc({
  subject: 'omnichannel.department.save',
  request: z.strictObject({
    actor: ActorField,
    _id: LivechatIdField.optional(),
    department: DepartmentInput,
    agents: z.array(DepartmentAgentInput).max(1000).optional(),
  }),
  response: as<{ department: ILivechatDepartment; agents: ILivechatDepartmentAgent[] }>(),
})
  .post('livechat/department', {
    request: ({ actor, body }) => ({ actor, _id: undefined, department: body.department, agents: body.agents }),
  })
  .put('livechat/department/:_id', {
    request: ({ actor, body, params }) => ({ actor, _id: params._id, department: body.department, agents: body.agents }),
  });

/** `GET livechat/department/:_id?includeAgents`. */
export const livechatGetDepartment = defineRpc({
  subject: 'omnichannel.department.get',
  request: z.strictObject({ actor: ActorField, _id: LivechatIdField, includeAgents: z.boolean().default(true) }),
  response: as<{ department: ILivechatDepartment | null; agents?: ILivechatDepartmentAgent[] }>(),
}).get('livechat/department/:_id', {
  request: ({ actor, params, query }) => ({
    actor,
    _id: params._id,
    includeAgents: query.includeAgents === undefined ? undefined : boolean(query.includeAgents),
  }),
});

/** `DELETE livechat/department/:_id` (`remove-livechat-department`). */
export const livechatDeleteDepartment = defineRpc({
  subject: 'omnichannel.department.delete',
  request: z.strictObject({ actor: ActorField, _id: LivechatIdField }),
  response: as<Record<string, never>>(),
}).delete('livechat/department/:_id', { request: ({ actor, params }) => ({ actor, _id: params._id }) });

/** `GET livechat/department/:_id/agents`. */
export const livechatDepartmentAgents = defineRpc({
  subject: 'omnichannel.department.agents',
  request: z.strictObject({ actor: ActorField, departmentId: LivechatIdField, ...PaginationFields }),
  response: as<Page<'agents', ILivechatDepartmentAgent>>(),
}).get('livechat/department/:_id/agents', {
  request: ({ actor, params, query }) => ({ actor, departmentId: params._id, ...pagination(query) }),
});

/** `POST livechat/department/:_id/agents {upsert, remove}`. */
export const livechatSaveDepartmentAgents = defineRpc({
  subject: 'omnichannel.department.saveAgents',
  request: z.strictObject({
    actor: ActorField,
    departmentId: LivechatIdField,
    upsert: z.array(DepartmentAgentInput).max(1000).default([]),
    remove: z.array(DepartmentAgentInput).max(1000).default([]),
  }),
  response: as<Record<string, never>>(),
}).post('livechat/department/:_id/agents', {
  request: ({ actor, params, body }) => ({ actor, departmentId: params._id, upsert: body.upsert, remove: body.remove }),
});

/** `GET livechat/agents/:agentId/departments?enabledDepartmentsOnly`. */
export const livechatAgentDepartments = defineRpc({
  subject: 'omnichannel.agent.departments',
  request: z.strictObject({ actor: ActorField, agentId: LivechatIdField, enabledDepartmentsOnly: z.boolean().optional() }),
  response: as<{ departments: ILivechatDepartmentAgent[] }>(),
}).get('livechat/agents/:agentId/departments', {
  request: ({ actor, params, query }) => ({
    actor,
    agentId: params.agentId,
    enabledDepartmentsOnly: query.enabledDepartmentsOnly === undefined ? undefined : boolean(query.enabledDepartmentsOnly),
  }),
});

/** `GET livechat/inquiries.queued?department` (`view-l-room`): the queue. */
export const livechatInquiriesQueued = defineRpc({
  subject: 'omnichannel.inquiries.queued',
  request: z.strictObject({ actor: ActorField, department: LivechatIdField.optional(), forUser: z.boolean(), ...PaginationFields }),
  response: as<Page<'inquiries', ILivechatInquiry>>(),
})
  .get('livechat/inquiries.queued', {
    request: ({ actor, query }) => ({ actor, department: query.department, forUser: false, ...pagination(query) }),
  })
  .get('livechat/inquiries.queuedForUser', {
    request: ({ actor, query }) => ({ actor, department: query.department, forUser: true, ...pagination(query) }),
  });

/** `POST livechat/inquiries.take {inquiryId, userId?}`: the first taker wins, atomically; a later one is refused. */
export const livechatTakeInquiry = defineRpc({
  subject: 'omnichannel.inquiries.take',
  request: z.strictObject({ actor: ActorField, inquiryId: LivechatIdField, userId: LivechatIdField.optional() }),
  response: as<{ inquiry: ILivechatInquiry }>(),
})
  .post('livechat/inquiries.take', { request: ({ actor, body }) => ({ actor, inquiryId: body.inquiryId, userId: body.userId }) })
  .method('livechat:takeInquiry', {
    request: ([inquiryId], { actor }) => ({ actor, inquiryId, userId: undefined }),
    reply: () => undefined,
  });

/** `GET livechat/inquiries.getOne?roomId`. */
export const livechatInquiryGetOne = defineRpc({
  subject: 'omnichannel.inquiries.getOne',
  request: z.strictObject({ actor: ActorField, roomId: LivechatIdField }),
  response: as<{ inquiry: ILivechatInquiry | null }>(),
}).get('livechat/inquiries.getOne', { request: ({ actor, query }) => ({ actor, roomId: query.roomId }) });

/** `GET livechat/rooms?agents[]&departmentId&open&roomName&createdAt&closedAt&tags[]`. */
export const livechatListRooms = defineRpc({
  subject: 'omnichannel.rooms.list',
  request: z.strictObject({
    actor: ActorField,
    agents: z.array(LivechatIdField).max(100).optional(),
    departmentId: LivechatIdField.optional(),
    open: z.boolean().optional(),
    roomName: z.string().max(256).optional(),
    tags: z.array(z.string().max(128)).max(100).optional(),
    createdAt: z.strictObject({ start: z.string().max(64).optional(), end: z.string().max(64).optional() }).optional(),
    closedAt: z.strictObject({ start: z.string().max(64).optional(), end: z.string().max(64).optional() }).optional(),
    ...PaginationFields,
  }),
  response: as<Page<'rooms', ILivechatRoom>>(),
}).get('livechat/rooms', {
  request: ({ actor, query }) => ({
    actor,
    agents: list(query['agents[]'] ?? query.agents),
    departmentId: query.departmentId,
    open: query.open === undefined ? undefined : boolean(query.open),
    roomName: query.roomName,
    tags: list(query['tags[]'] ?? query.tags),
    createdAt: parseRange(query.createdAt),
    closedAt: parseRange(query.closedAt),
    ...pagination(query),
  }),
});

function parseRange(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * `POST livechat/room.forward {roomId, departmentId?, userId?, comment?}` (`view-l-room`; serving agent or
 * `transfer-livechat-guest`): to an agent (served at once) or a department (queued and routed there).
 */
export const livechatForwardRoom = defineRpc({
  subject: 'omnichannel.room.forward',
  request: z.strictObject({
    actor: ActorField,
    roomId: LivechatIdField,
    departmentId: LivechatIdField.optional(),
    userId: LivechatIdField.optional(),
    comment: z.string().max(4096).optional(),
  }),
  response: as<Record<string, never>>(),
}).post('livechat/room.forward', {
  request: ({ actor, body }) => ({
    actor,
    roomId: body.roomId,
    departmentId: body.departmentId,
    userId: body.userId,
    comment: body.comment,
  }),
});

/** `POST livechat/room.closeByUser {rid, comment?, tags?}`: an agent closes a room. */
export const livechatCloseRoomByUser = defineRpc({
  subject: 'omnichannel.room.closeByUser',
  request: z.strictObject({
    actor: ActorField,
    rid: LivechatIdField,
    comment: z.string().max(4096).optional(),
    tags: z.array(z.string().max(128)).max(100).optional(),
  }),
  response: as<Record<string, never>>(),
}).post('livechat/room.closeByUser', { request: ({ actor, body }) => ({ actor, rid: body.rid, comment: body.comment, tags: body.tags }) });

/** `GET livechat/room.join?roomId`: a manager joins a room they do not serve. */
export const livechatJoinRoom = defineRpc({
  subject: 'omnichannel.room.join',
  request: z.strictObject({ actor: ActorField, roomId: LivechatIdField }),
  response: as<Record<string, never>>(),
}).get('livechat/room.join', { request: ({ actor, query }) => ({ actor, roomId: query.roomId }) });

/** `GET livechat/visitors.info?visitorId` (`view-l-room`). */
export const livechatVisitorInfo = defineRpc({
  subject: 'omnichannel.visitors.info',
  request: z.strictObject({ actor: ActorField, visitorId: LivechatIdField }),
  response: as<{ visitor: ILivechatVisitor }>(),
}).get('livechat/visitors.info', { request: ({ actor, query }) => ({ actor, visitorId: query.visitorId }) });

/** `GET livechat/visitors.search?term&offset&count` (`view-l-room`): by name, username or e-mail. */
export const livechatVisitorSearch = defineRpc({
  subject: 'omnichannel.visitors.search',
  request: z.strictObject({ actor: ActorField, term: z.string().max(256).optional(), ...PaginationFields }),
  response: as<Page<'visitors', ILivechatVisitor>>(),
}).get('livechat/visitors.search', { request: ({ actor, query }) => ({ actor, term: query.term, ...pagination(query) }) });

/** `GET livechat/visitors.pagesVisited/:roomId` (`view-l-room`): the visitor's navigation in a room. */
export const livechatVisitorPagesVisited = defineRpc({
  subject: 'omnichannel.visitors.pagesVisited',
  request: z.strictObject({ actor: ActorField, roomId: LivechatIdField, ...PaginationFields }),
  response: as<Page<'pages', IMessage>>(),
}).get('livechat/visitors.pagesVisited/:roomId', {
  request: ({ actor, params, query }) => ({ actor, roomId: params.roomId, ...pagination(query) }),
});
