import { z } from 'zod';
import type { Params } from '../core/binding.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { integer, date } from '../core/wire-params.js';
import type { IMessage } from '../typings/message.js';
import type { ILivechatRoom, ILivechatVisitor, LivechatAgentInfo } from './livechat-types.js';

/** A visitor's token: the widget's random id, its only credential. */
export const VisitorTokenField = z.string().min(1).max(128);
export const LivechatIdField = z.string().min(1).max(64);

/** The token from the body or query, else the `x-visitor-token` header. */
export function visitorTokenOf(params: Params, visitorToken: string | undefined): unknown {
  return params.token ?? visitorToken;
}

/** What the widget reads at start: settings, theme, messages, departments, triggers and whether anyone serves. */
export interface LivechatConfig {
  enabled: boolean;
  online: boolean;
  settings: Record<string, unknown>;
  theme: Record<string, unknown>;
  messages: Record<string, unknown>;
  survey: { items: string[]; values: string[] };
  triggers: unknown[];
  departments: Array<{ _id: string; name: string; showOnRegistration: boolean; showOnOfflineForm: boolean }>;
  resources: { sound: string };
  guest?: ILivechatVisitor;
  room?: ILivechatRoom;
  agent?: LivechatAgentInfo;
}

/** `GET livechat/config?token&department`: the widget's configuration (and, with a token, its visitor and open room). */
export const livechatConfig = defineRpc({
  subject: 'omnichannel.config',
  request: z.strictObject({ token: VisitorTokenField.optional(), department: LivechatIdField.optional() }),
  response: as<{ config: LivechatConfig }>(),
}).get('livechat/config', {
  auth: 'none',
  request: ({ query }) => ({ token: query.token, department: query.department }),
});

const VisitorInput = z.strictObject({
  token: VisitorTokenField,
  name: z.string().max(256).optional(),
  email: z.string().max(256).optional(),
  department: LivechatIdField.optional(),
  phone: z.string().max(64).optional(),
  username: z.string().max(128).optional(),
  customFields: z
    .array(z.strictObject({ key: z.string().max(128), value: z.string().max(4096), overwrite: z.boolean() }))
    .max(100)
    .optional(),
});

/** `POST livechat/visitor {visitor}`: registers (or updates) the visitor of a token. */
export const livechatRegisterVisitor = defineRpc({
  subject: 'omnichannel.visitor.register',
  request: z.strictObject({ visitor: VisitorInput }),
  response: as<{ visitor: ILivechatVisitor }>(),
}).post('livechat/visitor', { auth: 'none', request: ({ body }) => ({ visitor: body.visitor }) });

/** `GET livechat/visitor/:token`. */
export const livechatGetVisitor = defineRpc({
  subject: 'omnichannel.visitor.get',
  request: z.strictObject({ token: VisitorTokenField }),
  response: as<{ visitor: ILivechatVisitor }>(),
}).get('livechat/visitor/:token', { auth: 'none', request: ({ params }) => ({ token: params.token }) });

/** `DELETE livechat/visitor/:token`: the visitor and their data, refused while they have an open room. */
export const livechatDeleteVisitor = defineRpc({
  subject: 'omnichannel.visitor.delete',
  request: z.strictObject({ token: VisitorTokenField }),
  response: as<{ visitor: { _id: string; ts: Date } }>(),
}).delete('livechat/visitor/:token', { auth: 'none', request: ({ params }) => ({ token: params.token }) });

/** `POST livechat/visitor.status {token, status}`. */
export const livechatVisitorStatus = defineRpc({
  subject: 'omnichannel.visitor.status',
  request: z.strictObject({ token: VisitorTokenField, status: z.enum(['online', 'away', 'offline', 'busy']) }),
  response: as<{ token: string; status: string }>(),
}).post('livechat/visitor.status', {
  auth: 'none',
  request: ({ body, caller }) => ({ token: visitorTokenOf(body, caller.visitorToken), status: body.status }),
});

/**
 * `GET livechat/room?token&rid&agentId`: the visitor's room `rid` (created, queued and routed when it does not
 * exist yet; the widget picks the id), `newRoom` telling which.
 */
export const livechatGetRoom = defineRpc({
  subject: 'omnichannel.room.get',
  request: z.strictObject({
    token: VisitorTokenField,
    rid: LivechatIdField.optional(),
    agentId: LivechatIdField.optional(),
    /** The room's source when not the widget (NATS only: an app opening a room names itself, `type: 'app'`). */
    source: z
      .strictObject({
        type: z.literal('app'),
        id: z.string().max(64),
        alias: z.string().max(256).optional(),
        label: z.string().max(256).optional(),
        sidebarIcon: z.string().max(1024).optional(),
        defaultIcon: z.string().max(1024).optional(),
      })
      .optional(),
  }),
  response: as<{ room: ILivechatRoom; newRoom: boolean }>(),
}).get('livechat/room', {
  auth: 'none',
  request: ({ query, caller }) => ({ token: visitorTokenOf(query, caller.visitorToken), rid: query.rid, agentId: query.agentId }),
});

/** `POST livechat/room.close {rid, token}`: the visitor ends the chat. */
export const livechatCloseRoomByVisitor = defineRpc({
  subject: 'omnichannel.room.closeByVisitor',
  request: z.strictObject({ token: VisitorTokenField, rid: LivechatIdField }),
  response: as<{ rid: string; comment: string }>(),
}).post('livechat/room.close', {
  auth: 'none',
  request: ({ body, caller }) => ({ token: visitorTokenOf(body, caller.visitorToken), rid: body.rid }),
});

/** `POST livechat/room.transfer {rid, token, department}`: the visitor switches department (re-queued there). */
export const livechatTransferByVisitor = defineRpc({
  subject: 'omnichannel.room.transferByVisitor',
  request: z.strictObject({ token: VisitorTokenField, rid: LivechatIdField, department: LivechatIdField }),
  response: as<{ room: ILivechatRoom }>(),
}).post('livechat/room.transfer', {
  auth: 'none',
  request: ({ body, caller }) => ({ token: visitorTokenOf(body, caller.visitorToken), rid: body.rid, department: body.department }),
});

/** `POST livechat/message {token, rid, msg, _id?}`: the visitor writes. */
export const livechatSendMessage = defineRpc({
  subject: 'omnichannel.message.send',
  request: z.strictObject({
    token: VisitorTokenField,
    rid: LivechatIdField,
    msg: z.string().min(1).max(20_000),
    _id: LivechatIdField.optional(),
    agent: z.strictObject({ agentId: LivechatIdField, username: z.string().max(64) }).optional(),
  }),
  response: as<{ message: IMessage }>(),
}).post('livechat/message', {
  auth: 'none',
  request: ({ body, caller }) => ({
    token: visitorTokenOf(body, caller.visitorToken),
    rid: body.rid,
    msg: body.msg,
    _id: body._id,
    agent: body.agent,
  }),
});

/** `PUT livechat/message/:_id {token, rid, msg}`. */
export const livechatEditMessage = defineRpc({
  subject: 'omnichannel.message.edit',
  request: z.strictObject({ token: VisitorTokenField, rid: LivechatIdField, _id: LivechatIdField, msg: z.string().min(1).max(20_000) }),
  response: as<{ message: IMessage }>(),
}).put('livechat/message/:_id', {
  auth: 'none',
  request: ({ body, params, caller }) => ({
    token: visitorTokenOf(body, caller.visitorToken),
    rid: body.rid,
    _id: params._id,
    msg: body.msg,
  }),
});

/** `DELETE livechat/message/:_id {token, rid}`. */
export const livechatDeleteMessage = defineRpc({
  subject: 'omnichannel.message.delete',
  request: z.strictObject({ token: VisitorTokenField, rid: LivechatIdField, _id: LivechatIdField }),
  response: as<{ message: { _id: string; ts: Date } }>(),
}).delete('livechat/message/:_id', {
  auth: 'none',
  request: ({ body, query, params, caller }) => ({
    token: visitorTokenOf({ ...query, ...body }, caller.visitorToken),
    rid: body.rid ?? query.rid,
    _id: params._id,
  }),
});

/** `GET livechat/messages.history/:rid?token&ls&end&limit`: the room's messages, newest first. */
export const livechatMessagesHistory = defineRpc({
  subject: 'omnichannel.messages.history',
  request: z.strictObject({
    token: VisitorTokenField,
    rid: LivechatIdField,
    ls: z.date().optional(),
    end: z.date().optional(),
    limit: z.number().int().min(1).max(100).default(20),
  }),
  response: as<{ messages: IMessage[] }>(),
}).get('livechat/messages.history/:rid', {
  auth: 'none',
  request: ({ query, params, caller }) => ({
    token: visitorTokenOf(query, caller.visitorToken),
    rid: params.rid,
    ls: query.ls === undefined ? undefined : date(query.ls),
    end: query.end === undefined ? undefined : date(query.end),
    limit: query.limit === undefined ? undefined : integer(query.limit),
  }),
});

/** `GET livechat/agent.info/:rid/:token`: the agent serving the visitor's room. */
export const livechatAgentInfo = defineRpc({
  subject: 'omnichannel.agent.info',
  request: z.strictObject({ token: VisitorTokenField, rid: LivechatIdField }),
  response: as<{ agent: LivechatAgentInfo }>(),
}).get('livechat/agent.info/:rid/:token', { auth: 'none', request: ({ params }) => ({ token: params.token, rid: params.rid }) });

/** `GET livechat/agent.next/:token?department`: the agent who would serve the visitor next. */
export const livechatAgentNext = defineRpc({
  subject: 'omnichannel.agent.next',
  request: z.strictObject({ token: VisitorTokenField, department: LivechatIdField.optional() }),
  response: as<{ agent: LivechatAgentInfo }>(),
}).get('livechat/agent.next/:token', {
  auth: 'none',
  request: ({ params, query }) => ({ token: params.token, department: query.department }),
});

/** `POST livechat/offline.message {name, email, message, department?, host?}`: e-mailed to `Livechat_offline_email`. */
export const livechatOfflineMessage = defineRpc({
  subject: 'omnichannel.offline.message',
  request: z.strictObject({
    name: z.string().min(1).max(256),
    email: z.email().max(256),
    message: z.string().min(1).max(20_000),
    department: LivechatIdField.optional(),
    host: z.string().max(2048).optional(),
  }),
  response: as<{ message: string }>(),
}).post('livechat/offline.message', {
  auth: 'none',
  request: ({ body }) => ({ name: body.name, email: body.email, message: body.message, department: body.department, host: body.host }),
});

/** `POST livechat/page.visited {token, rid?, pageInfo}`: a navigation message in the room (`livechat_navigation_history`). */
export const livechatPageVisited = defineRpc({
  subject: 'omnichannel.page.visited',
  request: z.strictObject({
    token: VisitorTokenField,
    rid: LivechatIdField.nullish(),
    // The widget sends more than these (Rocket.Chat's `Match.ObjectIncluding`).
    pageInfo: z.looseObject({
      change: z.string().max(64),
      title: z.string().max(1024),
      location: z.looseObject({ href: z.string().max(4096) }),
    }),
  }),
  response: as<{ page: { msg: string; navigation: unknown } | null }>(),
}).post('livechat/page.visited', {
  auth: 'none',
  request: ({ body, caller }) => ({ token: visitorTokenOf(body, caller.visitorToken), rid: body.rid, pageInfo: body.pageInfo }),
});

const CustomFieldValue = z.strictObject({ key: z.string().min(1).max(128), value: z.string().max(4096), overwrite: z.boolean() });

/** `POST livechat/custom.field {token, key, value, overwrite}`: a visitor (or room) custom field. */
export const livechatCustomField = defineRpc({
  subject: 'omnichannel.customField.set',
  request: z.strictObject({ token: VisitorTokenField, fields: z.array(CustomFieldValue).min(1).max(100) }),
  response: as<{ fields: Array<{ Key: string; value: string; overwrite: boolean }> }>(),
})
  .post('livechat/custom.field', {
    auth: 'none',
    request: ({ body, caller }) => ({
      token: visitorTokenOf(body, caller.visitorToken),
      fields: [{ key: body.key, value: body.value, overwrite: body.overwrite }],
    }),
    reply: ({ fields }) => ({ field: { key: fields[0].Key, value: fields[0].value, overwrite: fields[0].overwrite } }),
  })
  .post('livechat/custom.fields', {
    auth: 'none',
    request: ({ body, caller }) => ({ token: visitorTokenOf(body, caller.visitorToken), fields: body.customFields }),
  });

/** `POST livechat/transcript {token, rid, email}`: the room's messages e-mailed to the visitor. */
export const livechatTranscript = defineRpc({
  subject: 'omnichannel.transcript',
  request: z.strictObject({ token: VisitorTokenField, rid: LivechatIdField, email: z.email().max(256) }),
  response: as<{ message: string }>(),
  timeoutMs: 30_000,
}).post('livechat/transcript', {
  auth: 'none',
  request: ({ body, caller }) => ({ token: visitorTokenOf(body, caller.visitorToken), rid: body.rid, email: body.email }),
});

/** `POST livechat/room.survey {token, rid, data}`: the visitor's answers, kept on the room's `surveyFeedback`. */
export const livechatRoomSurvey = defineRpc({
  subject: 'omnichannel.room.survey',
  request: z.strictObject({
    token: VisitorTokenField,
    rid: LivechatIdField,
    data: z.array(z.strictObject({ name: z.string().max(64), value: z.string().max(1024) })).max(20),
  }),
  response: as<{ rid: string; data: Record<string, string> }>(),
}).post('livechat/room.survey', {
  auth: 'none',
  request: ({ body, caller }) => ({ token: visitorTokenOf(body, caller.visitorToken), rid: body.rid, data: body.data }),
});

/**
 * DDP `livechat:setUpConnection [{token}]`: the widget ties its connection to its visitor (Rocket.Chat marks the
 * visitor online, and offline when the connection closes). Answers nothing.
 */
export const livechatSetUpConnection = defineRpc({
  subject: 'omnichannel.setUpConnection',
  request: z.strictObject({ token: VisitorTokenField }),
  response: as<Record<string, never>>(),
}).method('livechat:setUpConnection', {
  auth: 'optional',
  request: ([data]) => ({ token: (data as { token?: unknown } | undefined)?.token }),
  reply: () => undefined,
});

/** Whether a visitor token may read a room (the gateway asks it for the widget's stream subscriptions). */
export const livechatVisitorCanAccessRoom = defineRpc({
  subject: 'omnichannel.visitor.canAccessRoom',
  request: z.strictObject({ token: VisitorTokenField, rid: LivechatIdField }),
  response: as<{ allowed: boolean; username?: string }>(),
});
