import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean, json, list, pagination } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields } from '../rooms/common-fields.js';
import type {
  FreeSwitchExtension,
  IConnectionStatus,
  IQueueMembershipDetails,
  IQueueMembershipSubscription,
  IQueueSummary,
  IRegistrationInfo,
  IVoipExtensionBase,
  IVoipExtensionDetails,
  IVoipExtensionWithAgentInfo,
  IVoipRoom,
} from './voip.typings.js';

/** A SIP extension (what the agent's phone registers as): digits, letters, `_.-`, as PBX user parts are. */
export const ExtensionField = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,32}$/, 'expected an extension');
const UsernameParam = z.string().trim().min(1).max(64);

/** Rocket.Chat's `VoipClientEvents`: what the agent's softphone reports of a call (`voip/events`). */
export const VOIP_CLIENT_EVENTS = [
  'voip-call-started',
  'voip-call-ended',
  'voip-call-on-hold',
  'voip-call-unhold',
  'voip-call-wrapup',
] as const;

// ---- Rocket.Chat 6.x connector routes (community Omnichannel VoIP) ----

/** `GET connector.getVersion` (manage-voip-call-settings): the PBX's version and connector type. */
export const voipConnectorVersion = defineRpc({
  subject: 'voip.connector.version',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ version: string; type: string }>(),
}).get('connector.getVersion', { request: ({ actor }) => ({ actor }) });

/** `GET connector.extension.list` (manage-voip-call-settings): every extension known to the PBX, registered or not. */
export const voipExtensionList = defineRpc({
  subject: 'voip.extension.list',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ extensions: IVoipExtensionBase[] }>(),
}).get('connector.extension.list', { request: ({ actor }) => ({ actor }) });

/** `GET connector.extension.getDetails?extension=` (manage-voip-call-settings). */
export const voipExtensionDetails = defineRpc({
  subject: 'voip.extension.details',
  request: z.strictObject({ actor: ActorField, extension: ExtensionField }),
  response: as<IVoipExtensionDetails>(),
}).get('connector.extension.getDetails', { request: ({ query, actor }) => ({ actor, extension: query.extension }) });

/** `GET connector.extension.getRegistrationInfoByExtension?extension=` (manage-voip-call-settings). */
export const voipRegistrationInfoByExtension = defineRpc({
  subject: 'voip.extension.registrationInfo',
  request: z.strictObject({ actor: ActorField, extension: ExtensionField }),
  response: as<IRegistrationInfo | { result: string }>(),
}).get('connector.extension.getRegistrationInfoByExtension', {
  request: ({ query, actor }) => ({ actor, extension: query.extension }),
});

/** `GET connector.extension.getRegistrationInfoByUserId?id=` (view-agent-extension-association; one's own only). */
export const voipRegistrationInfoByUserId = defineRpc({
  subject: 'voip.extension.registrationInfoByUserId',
  request: z.strictObject({ actor: ActorField, id: EntityIdField }),
  response: as<IRegistrationInfo | { result: string }>(),
}).get('connector.extension.getRegistrationInfoByUserId', { request: ({ query, actor }) => ({ actor, id: query.id }) });

/** `POST omnichannel/agent/extension` (manage-agent-extension-association): `{username | userId, extension}`. */
export const voipAssignExtension = defineRpc({
  subject: 'voip.extension.assign',
  request: z.strictObject({
    actor: ActorField,
    userId: EntityIdField.optional(),
    username: UsernameParam.optional(),
    extension: ExtensionField,
  }),
  response: as<Record<string, never>>(),
}).post('omnichannel/agent/extension', {
  request: ({ body, actor }) => ({ actor, userId: body.userId, username: body.username, extension: body.extension }),
});

/** `GET omnichannel/agent/extension/:username` (view-agent-extension-association). */
export const voipAgentExtension = defineRpc({
  subject: 'voip.extension.ofAgent',
  request: z.strictObject({ actor: ActorField, username: UsernameParam }),
  response: as<{ extension: { _id: string; username: string; extension: string } }>(),
}).get('omnichannel/agent/extension/:username', { request: ({ params, actor }) => ({ actor, username: params.username }) });

/** `DELETE omnichannel/agent/extension/:username` (manage-agent-extension-association). */
export const voipUnassignExtension = defineRpc({
  subject: 'voip.extension.unassign',
  request: z.strictObject({ actor: ActorField, username: UsernameParam }),
  response: as<Record<string, never>>(),
}).delete('omnichannel/agent/extension/:username', { request: ({ params, actor }) => ({ actor, username: params.username }) });

/** `GET omnichannel/extension?type=free|allocated|available&(userId|username)=` (manage-agent-extension-association). */
export const voipExtensionsByType = defineRpc({
  subject: 'voip.extension.byType',
  request: z.strictObject({
    actor: ActorField,
    type: z.enum(['free', 'allocated', 'available']),
    userId: EntityIdField.optional(),
    username: UsernameParam.optional(),
  }),
  response: as<{ extensions: string[] }>(),
}).get('omnichannel/extension', {
  request: ({ query, actor }) => ({
    actor,
    type: typeof query.type === 'string' ? query.type.toLowerCase() : query.type,
    userId: query.userId,
    username: query.username,
  }),
});

/** `GET omnichannel/extensions` (manage-agent-extension-association): extensions with their agents, filtered, paged. */
export const voipExtensionsWithAgents = defineRpc({
  subject: 'voip.extension.withAgents',
  request: z.strictObject({
    actor: ActorField,
    status: z.string().max(32).optional(),
    agentId: EntityIdField.optional(),
    queues: z.array(z.string().max(64)).max(100).optional(),
    extension: z.string().max(32).optional(),
    ...PaginationFields,
  }),
  response: as<{ extensions: IVoipExtensionWithAgentInfo[]; offset: number; count: number; total: number }>(),
}).get('omnichannel/extensions', {
  request: ({ query, actor }) => ({
    actor,
    status: query.status,
    agentId: query.agentId,
    queues: list(query.queues),
    extension: query.extension,
    ...pagination(query),
  }),
});

/** `GET voip/queues.getSummary`: every queue with its agents and waiting callers. */
export const voipQueuesSummary = defineRpc({
  subject: 'voip.queues.summary',
  request: z.strictObject({ actor: ActorField }),
  response: as<{ summary: IQueueSummary[] }>(),
}).get('voip/queues.getSummary', { request: ({ actor }) => ({ actor }) });

/** `GET voip/queues.getQueuedCallsForThisExtension?extension=`: queues the extension serves and calls waiting in them. */
export const voipQueuedCalls = defineRpc({
  subject: 'voip.queues.queuedCalls',
  request: z.strictObject({ actor: ActorField, extension: ExtensionField }),
  response: as<IQueueMembershipDetails>(),
}).get('voip/queues.getQueuedCallsForThisExtension', { request: ({ query, actor }) => ({ actor, extension: query.extension }) });

/** `GET voip/queues.getMembershipSubscription?extension=`: the queues the extension is a member of. */
export const voipQueueMembership = defineRpc({
  subject: 'voip.queues.membership',
  request: z.strictObject({ actor: ActorField, extension: ExtensionField }),
  response: as<IQueueMembershipSubscription>(),
}).get('voip/queues.getMembershipSubscription', { request: ({ query, actor }) => ({ actor, extension: query.extension }) });

/**
 * `GET voip/room?token=&rid=&agentId=&direction=` (inbound-voip-calls): `token` is the caller's livechat visitor
 * token (the room's `v.token`). With `rid`, that room of the visitor; without, the visitor's open call, or a new room
 * for the agent (`agentId`: oneself, or anybody for a manager) and the visitor: an agent about to call a number.
 */
export const voipRoom = defineRpc({
  subject: 'voip.room.get',
  request: z.strictObject({
    actor: ActorField,
    token: z.string().min(1).max(128),
    rid: EntityIdField.optional(),
    agentId: EntityIdField.optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
  }),
  response: as<{ room: IVoipRoom; newRoom: boolean }>(),
}).get('voip/room', {
  request: ({ query, actor }) => ({ actor, token: query.token, rid: query.rid, agentId: query.agentId, direction: query.direction }),
});

const DateRangeField = z.strictObject({ start: z.coerce.date().optional(), end: z.coerce.date().optional() });

/** `GET voip/rooms` (view-livechat-rooms, or view-l-room for one's own with `agents=[me]`). */
export const voipRooms = defineRpc({
  subject: 'voip.rooms.list',
  request: z.strictObject({
    actor: ActorField,
    agents: z.array(EntityIdField).max(100).optional(),
    open: z.boolean().optional(),
    queue: z.string().max(64).optional(),
    visitorId: z.string().max(128).optional(),
    direction: z.enum(['inbound', 'outbound']).optional(),
    roomName: z.string().max(128).optional(),
    createdAt: DateRangeField.optional(),
    closedAt: DateRangeField.optional(),
    ...PaginationFields,
  }),
  response: as<{ rooms: IVoipRoom[]; count: number; offset: number; total: number }>(),
}).get('voip/rooms', {
  request: ({ query, actor }) => ({
    actor,
    agents: list(query.agents),
    open: query.open === undefined ? undefined : boolean(query.open),
    queue: query.queue,
    visitorId: query.visitorId,
    direction: query.direction,
    roomName: query.roomName,
    createdAt: query.createdAt === undefined ? undefined : json(query.createdAt, 'query'),
    closedAt: query.closedAt === undefined ? undefined : json(query.closedAt, 'query'),
    ...pagination(query),
  }),
});

/** `POST voip/room.close {rid, token, options?: {comment, tags}}` (inbound-voip-calls): the agent wraps the call up. */
export const voipRoomClose = defineRpc({
  subject: 'voip.room.close',
  request: z.strictObject({
    actor: ActorField,
    rid: EntityIdField,
    token: z.string().min(1).max(128),
    options: z.strictObject({ comment: z.string().max(1024).optional(), tags: z.array(z.string().max(64)).max(50).optional() }).optional(),
  }),
  response: as<{ rid: string }>(),
}).post('voip/room.close', { request: ({ body, actor }) => ({ actor, rid: body.rid, token: body.token, options: body.options }) });

/** `POST voip/events {event, rid, comment?}` (view-l-room): what the agent's softphone saw, recorded with the call. */
export const voipClientEvent = defineRpc({
  subject: 'voip.events.client',
  request: z.strictObject({
    actor: ActorField,
    event: z.enum(VOIP_CLIENT_EVENTS),
    rid: EntityIdField,
    comment: z.string().max(1024).optional(),
  }),
  response: as<{ recorded: true }>(),
}).post('voip/events', { request: ({ body, actor }) => ({ actor, event: body.event, rid: body.rid, comment: body.comment }) });

/** `GET voip/managementServer/checkConnection?host&port&username&password` (manage-voip-contact-center-settings). */
export const voipCheckManagementServer = defineRpc({
  subject: 'voip.checkManagementServer',
  request: z.strictObject({
    actor: ActorField,
    host: z.string().trim().min(1).max(255),
    port: z.coerce.number().int().min(1).max(65535),
    username: z.string().max(255),
    password: z.string().max(255),
  }),
  response: as<IConnectionStatus>(),
  timeoutMs: 15_000,
}).get('voip/managementServer/checkConnection', {
  request: ({ query, actor }) => ({
    actor,
    host: query.host,
    port: query.port,
    username: query.username ?? '',
    password: query.password ?? '',
  }),
});

/** `GET voip/callServer/checkConnection?websocketUrl=` (or `host`, `port`, `path`): a SIP WebSocket handshake. */
export const voipCheckCallServer = defineRpc({
  subject: 'voip.checkCallServer',
  request: z.strictObject({
    actor: ActorField,
    websocketUrl: z.string().max(1024).optional(),
    host: z.string().max(255).optional(),
    port: z.string().max(5).optional(),
    path: z.string().max(255).optional(),
  }),
  response: as<IConnectionStatus>(),
  timeoutMs: 15_000,
}).get('voip/callServer/checkConnection', {
  request: ({ query, actor }) => ({ actor, websocketUrl: query.websocketUrl, host: query.host, port: query.port, path: query.path }),
});

// ---- Rocket.Chat 7.x routes (its FreeSWITCH connector), served from the same PBX and the same extensions ----

/** `GET voip-freeswitch.extension.list?type=all|free|allocated|available&username=` (manage-voip-extensions). */
export const voipFsExtensionList = defineRpc({
  subject: 'voip.fs.extension.list',
  request: z.strictObject({
    actor: ActorField,
    type: z.enum(['all', 'free', 'allocated', 'available']).default('all'),
    username: UsernameParam.optional(),
  }),
  response: as<{ extensions: FreeSwitchExtension[] }>(),
}).get('voip-freeswitch.extension.list', { request: ({ query, actor }) => ({ actor, type: query.type, username: query.username }) });

/** `GET voip-freeswitch.extension.getDetails?extension=&group=` (view-voip-extension-details). */
export const voipFsExtensionDetails = defineRpc({
  subject: 'voip.fs.extension.details',
  request: z.strictObject({ actor: ActorField, extension: ExtensionField, group: z.string().max(64).optional() }),
  response: as<FreeSwitchExtension & { userId?: string; username?: string; name?: string }>(),
}).get('voip-freeswitch.extension.getDetails', {
  request: ({ query, actor }) => ({ actor, extension: query.extension, group: query.group }),
});

/** `POST voip-freeswitch.extension.assign {username, extension?}` (manage-voip-extensions): no extension unassigns. */
export const voipFsExtensionAssign = defineRpc({
  subject: 'voip.fs.extension.assign',
  request: z.strictObject({ actor: ActorField, username: UsernameParam, extension: ExtensionField.optional() }),
  response: as<Record<string, never>>(),
}).post('voip-freeswitch.extension.assign', {
  request: ({ body, actor }) => ({ actor, username: body.username, extension: body.extension === '' ? undefined : body.extension }),
});

/** `GET voip-freeswitch.extension.getRegistrationInfoByUserId?userId=` (view-user-voip-extension). */
export const voipFsRegistrationInfo = defineRpc({
  subject: 'voip.fs.extension.registrationInfo',
  request: z.strictObject({ actor: ActorField, userId: EntityIdField }),
  response: as<{ extension: FreeSwitchExtension; credentials: { password: string; websocketPath: string } }>(),
}).get('voip-freeswitch.extension.getRegistrationInfoByUserId', { request: ({ query, actor }) => ({ actor, userId: query.userId }) });
