import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean, fields, json, pagination } from '../core/wire-params.js';
import { ActorField, PaginationFields } from '../rooms/common-fields.js';
import type { ILivechatBusinessHour, ILivechatRoom, ILivechatTrigger, ILivechatVisitor } from './livechat-types.js';
import { LivechatIdField } from './visitor.contract.js';

type Page<K extends string, T> = { [key in K]: T[] } & { count: number; offset: number; total: number };

// ── triggers (`view-livechat-manager`) ─────────────────────────────────────────────────────────────────────

/** Rocket.Chat's trigger conditions and actions (`isPOSTLivechatTriggersParams`). */
const TriggerCondition = z.strictObject({
  name: z.enum(['time-on-site', 'page-url', 'chat-opened-by-visitor', 'after-guest-registration']),
  value: z.union([z.string().max(2048), z.number()]).optional(),
});
const TriggerAction = z.strictObject({
  name: z.enum(['send-message', 'use-external-service']),
  params: z
    .strictObject({
      sender: z.enum(['queue', 'custom']).optional(),
      msg: z.string().max(4096).optional(),
      name: z.string().max(256).optional(),
      serviceUrl: z.string().max(2048).optional(),
      serviceTimeout: z.number().int().min(0).max(60_000).optional(),
      serviceFallbackMessage: z.string().max(4096).optional(),
    })
    .optional(),
});

/** `GET livechat/triggers?offset&count` → `{triggers, count, offset, total}`. */
export const livechatListTriggers = defineRpc({
  subject: 'omnichannel.triggers.list',
  request: z.strictObject({ actor: ActorField, ...PaginationFields }),
  response: as<Page<'triggers', ILivechatTrigger>>(),
}).get('livechat/triggers', { request: ({ actor, query }) => ({ actor, ...pagination(query) }) });

/** `POST livechat/triggers {_id?, name, description, enabled, runOnce, conditions, actions}`: creates or replaces one. */
export const livechatSaveTrigger = defineRpc({
  subject: 'omnichannel.triggers.save',
  request: z.strictObject({
    actor: ActorField,
    _id: LivechatIdField.optional(),
    name: z.string().min(1).max(256),
    description: z.string().max(4096),
    enabled: z.boolean(),
    runOnce: z.boolean(),
    conditions: z.array(TriggerCondition).min(1).max(20),
    actions: z.array(TriggerAction).min(1).max(20),
  }),
  response: as<Record<string, never>>(),
}).post('livechat/triggers', {
  request: ({ actor, body }) => ({
    actor,
    _id: body._id,
    name: body.name,
    description: body.description,
    enabled: body.enabled,
    runOnce: body.runOnce,
    conditions: body.conditions,
    actions: body.actions,
  }),
});

/** `GET livechat/triggers/:_id` → `{trigger}` (`null` when there is none). */
export const livechatGetTrigger = defineRpc({
  subject: 'omnichannel.triggers.get',
  request: z.strictObject({ actor: ActorField, _id: LivechatIdField }),
  response: as<{ trigger: ILivechatTrigger | null }>(),
}).get('livechat/triggers/:_id', { request: ({ actor, params }) => ({ actor, _id: params._id }) });

/** `DELETE livechat/triggers/:_id`. */
export const livechatDeleteTrigger = defineRpc({
  subject: 'omnichannel.triggers.delete',
  request: z.strictObject({ actor: ActorField, _id: LivechatIdField }),
  response: as<Record<string, never>>(),
}).delete('livechat/triggers/:_id', { request: ({ actor, params }) => ({ actor, _id: params._id }) });

// ── business hours (`view-livechat-business-hours`) ───────────────────────────────────────────────────────

const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const Time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:mm');
/** A time as the administration sends it (`'08:00'`) or as the business hour came from `livechat/business-hour`. */
const TimeInput = z.union([Time, z.object({ time: Time })]);

/**
 * What `livechat:saveBusinessHour` receives: Rocket.Chat's form (`timezone` or `timezoneName` a zone name,
 * `workHours[].start`/`finish` `HH:mm`), or a business hour read back and changed (other fields ignored).
 */
export const BusinessHourInput = z.object({
  _id: LivechatIdField.optional(),
  name: z.string().max(256).optional(),
  type: z.enum(['default', 'custom']).optional(),
  active: z.boolean().optional(),
  timezone: z.union([z.string().max(64), z.object({ name: z.string().max(64) })]).optional(),
  timezoneName: z.string().max(64).optional(),
  workHours: z
    .array(z.object({ day: z.enum(DAYS), start: TimeInput, finish: TimeInput, open: z.boolean() }))
    .min(1)
    .max(7),
});

/** `GET livechat/business-hour?_id&type` → `{businessHour}` (the default one with `type=default`). */
export const livechatGetBusinessHour = defineRpc({
  subject: 'omnichannel.businessHours.get',
  request: z.strictObject({ actor: ActorField, _id: LivechatIdField.optional(), type: z.enum(['default', 'custom']).optional() }),
  response: as<{ businessHour: ILivechatBusinessHour | null }>(),
}).get('livechat/business-hour', { request: ({ actor, query }) => ({ actor, _id: query._id, type: query.type }) });

/** `GET livechat/business-hours(.list)?name&offset&count` → `{businessHours, count, offset, total}`. */
export const livechatListBusinessHours = defineRpc({
  subject: 'omnichannel.businessHours.list',
  request: z.strictObject({ actor: ActorField, name: z.string().max(256).optional(), ...PaginationFields }),
  response: as<Page<'businessHours', ILivechatBusinessHour>>(),
})
  .get('livechat/business-hours', { request: ({ actor, query }) => ({ actor, name: query.name, ...pagination(query) }) })
  .get('livechat/business-hours.list', { request: ({ actor, query }) => ({ actor, name: query.name, ...pagination(query) }) });

/**
 * DDP `livechat:saveBusinessHour [businessHour]` (Rocket.Chat 7's administration) and REST
 * `POST livechat/business-hours.save`: the default business hour's days, times and timezone.
 */
export const livechatSaveBusinessHour = defineRpc({
  subject: 'omnichannel.businessHours.save',
  request: z.strictObject({ actor: ActorField, businessHour: BusinessHourInput }),
  response: as<{ businessHour: ILivechatBusinessHour }>(),
})
  .method('livechat:saveBusinessHour', { request: ([data], { actor }) => ({ actor, businessHour: fields(data) }), reply: () => undefined })
  .post('livechat/business-hours.save', { request: ({ actor, body }) => ({ actor, businessHour: body }) });

// ── visitors (`view-l-room`) ──────────────────────────────────────────────────────────────────────────────

/** `GET livechat/visitors.chatHistory/room/:roomId/visitor/:visitorId` → the visitor's rooms `{history, …}`. */
export const livechatVisitorChatHistory = defineRpc({
  subject: 'omnichannel.visitors.chatHistory',
  request: z.strictObject({ actor: ActorField, roomId: LivechatIdField, visitorId: LivechatIdField, ...PaginationFields }),
  response: as<Page<'history', ILivechatRoom>>(),
}).get('livechat/visitors.chatHistory/room/:roomId/visitor/:visitorId', {
  request: ({ actor, params, query }) => ({ actor, roomId: params.roomId, visitorId: params.visitorId, ...pagination(query) }),
});

/**
 * `GET livechat/visitors.searchChats/room/:roomId/visitor/:visitorId?searchText&closedChatsOnly&servedChatsOnly`:
 * the visitor's rooms whose name or messages contain the text.
 */
export const livechatVisitorSearchChats = defineRpc({
  subject: 'omnichannel.visitors.searchChats',
  request: z.strictObject({
    actor: ActorField,
    roomId: LivechatIdField,
    visitorId: LivechatIdField,
    searchText: z.string().max(256).optional(),
    closedChatsOnly: z.boolean().optional(),
    servedChatsOnly: z.boolean().optional(),
    ...PaginationFields,
  }),
  response: as<Page<'history', ILivechatRoom>>(),
}).get('livechat/visitors.searchChats/room/:roomId/visitor/:visitorId', {
  request: ({ actor, params, query }) => ({
    actor,
    roomId: params.roomId,
    visitorId: params.visitorId,
    searchText: query.searchText,
    closedChatsOnly: query.closedChatsOnly === undefined ? undefined : boolean(query.closedChatsOnly),
    servedChatsOnly: query.servedChatsOnly === undefined ? undefined : boolean(query.servedChatsOnly),
    ...pagination(query),
  }),
});

/** `GET livechat/visitors.autocomplete?selector={"term","exceptions"}` → `{items: [{_id, name, username}]}` (10 at most). */
export const livechatVisitorAutocomplete = defineRpc({
  subject: 'omnichannel.visitors.autocomplete',
  request: z.strictObject({
    actor: ActorField,
    selector: z.strictObject({
      term: z.string().max(256),
      exceptions: z.array(LivechatIdField).max(1000).optional(),
      /** Rocket.Chat's extra query: not applied here (it would be client-written MongoDB). */
      conditions: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
  response: as<{ items: Array<Pick<ILivechatVisitor, '_id' | 'name' | 'username'>> }>(),
}).get('livechat/visitors.autocomplete', { request: ({ actor, query }) => ({ actor, selector: json(query.selector, 'query') }) });
