import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean, historyWindow, integer, optionalDate, page, pagination, roomSelector, sort } from '../core/wire-params.js';
import { familyOf, familyPaths } from '../rooms/room-families.js';
import { ActorField, EntityIdField, PaginationFields, RoomSelectorFields, SortField, type Page } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';

/**
 * `chat.getMessage` / Meteor `getSingleMessage`. No such message: the method answers `null`, the route Rocket.Chat's
 * `API.v1.failure()` without a text (`{success: false}`, 400).
 */
export const messagesGet = defineRpc({
  subject: 'messages.get',
  request: z.strictObject({ actor: ActorField, msgId: EntityIdField }),
  response: as<{ message: IMessage | null }>(),
})
  .get('chat.getMessage', {
    request: ({ query, actor }) => ({ actor, msgId: query.msgId }),
    reply: ({ message }) => {
      if (!message) throw new DomainError(ErrorCode.PlainFailure, '');
      return { message };
    },
  })
  .method('getSingleMessage', { request: ([msgId], { actor }) => ({ actor, msgId }), reply: ({ message }) => message });

/** What a history read answers: the page, newest first, and where the caller's unread messages start. */
export interface HistoryResult {
  messages: IMessage[];
  firstUnread?: IMessage;
  unreadNotLoaded?: number;
}

/**
 * `channels.history`, `groups.history`, `im.history` (Rocket.Chat's `getChannelHistory`): messages before
 * `latest` (default now) and after `oldest`, newest first; thread replies only with `showThreadMessages`.
 */
export const RoomHistoryRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  latest: z.date().optional(),
  oldest: z.date().optional(),
  inclusive: z.boolean().default(false),
  unreads: z.boolean().default(false),
  showThreadMessages: z.boolean().default(false),
  offset: z.number().int().min(0).max(1_000_000).default(0),
  count: z.number().int().min(0).max(1_000_000).optional(),
});

export const messagesHistory = defineRpc({
  subject: 'messages.history',
  request: RoomHistoryRequest,
  response: as<HistoryResult>(),
}).get(familyPaths('history', ['channels', 'groups', 'im', 'dm']), {
  request: ({ path, query, actor }) => ({ actor, ...roomSelector(query, familyOf(path).t), ...historyWindow(query) }),
});

/** Meteor `loadHistory(rid, end, limit, ls)`: the page before `end`, and the first unread after `ls`. */
export const LoadHistoryRequest = z.strictObject({
  actor: ActorField,
  rid: EntityIdField,
  end: z.date().optional(),
  limit: z.number().int().min(0).max(1000).default(20),
  ls: z.date().optional(),
  showThreadMessages: z.boolean().default(true),
});

export const messagesLoadHistory = defineRpc({
  subject: 'messages.loadHistory',
  request: LoadHistoryRequest,
  response: as<HistoryResult>(),
}).method('loadHistory', {
  request: ([rid, end, limit, ls, showThreadMessages], { actor }) => ({
    actor,
    rid,
    end: optionalDate(end),
    // Meteor clients ask for any number: the server serves at most a thousand.
    limit: typeof limit === 'number' ? Math.min(limit, 1000) : (limit ?? undefined),
    ls: optionalDate(ls),
    showThreadMessages: showThreadMessages ?? undefined,
  }),
});

/** Where a cursor page of `chat.syncMessages` ends: epoch milliseconds as strings, `null` past either end. */
export interface SyncCursor {
  next: string | null;
  previous: string | null;
}

/**
 * What `chat.syncMessages` answers: with `lastUpdate`, the room's messages changed after it and those deleted
 * since, newest first; with a cursor (`type`), one page of one kind, oldest change first, and the cursors.
 */
export interface SyncMessagesResult {
  result: { updated: IMessage[]; deleted: Array<{ _id: string; _deletedAt: Date }>; cursor?: SyncCursor };
}

/**
 * A cursor of `chat.syncMessages`: epoch milliseconds read as Rocket.Chat's `parseInt` reads them; anything else is
 * its bare `Error('Invalid Date')` (the text alone).
 */
function syncCursor(value: unknown): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'string' ? Number.parseInt(value, 10) : Number.NaN;
  if (Number.isNaN(ms) || Number.isNaN(new Date(ms).getTime())) throw new DomainError(ErrorCode.PlainFailure, 'Invalid Date');
  return new Date(ms);
}

/**
 * `chat.syncMessages?roomId&lastUpdate` (Rocket.Chat's `messages/get` with `lastUpdate`): what a client that had
 * the room open at `lastUpdate` missed. Rocket.Chat 7.1's cursor form, `?roomId&type=UPDATED|DELETED&next|previous
 * &count` (the mobile app's from 7.1 on): one page of the changed (or deleted) messages after `next` (before
 * `previous`), and the cursors to go on. Rocket.Chat's parameter errors, in its words.
 */
export const messagesSync = defineRpc({
  subject: 'messages.sync',
  request: z
    .strictObject({
      actor: ActorField,
      rid: EntityIdField,
      lastUpdate: z.date().optional(),
      type: z.enum(['UPDATED', 'DELETED']).optional(),
      next: z.date().optional(),
      previous: z.date().optional(),
      count: z.number().int().min(1).max(1_000_000).default(20),
    })
    .refine((request) => request.lastUpdate !== undefined || request.type !== undefined, { message: 'lastUpdate or type' }),
  response: as<SyncMessagesResult>(),
}).get('chat.syncMessages', {
  request: ({ query, actor }) => {
    // The validator requires `roomId` (ajv); the route's own check catches an empty one.
    if (query.roomId === undefined) throw new DomainError(ErrorCode.InvalidParams, "must have required property 'roomId'");
    if (query.roomId === '') throw new DomainError(ErrorCode.ParamRequired, 'The required "roomId" query param is missing');
    const hasLastUpdate = query.lastUpdate !== undefined && query.lastUpdate !== '';
    if (!hasLastUpdate && (query.type === undefined || query.type === '')) {
      throw new DomainError(ErrorCode.ParamRequired, 'The "type" or "lastUpdate" parameters must be provided');
    }
    const lastUpdate = hasLastUpdate ? (typeof query.lastUpdate === 'string' ? Date.parse(query.lastUpdate) : Number.NaN) : undefined;
    if (lastUpdate !== undefined && Number.isNaN(lastUpdate)) {
      throw new DomainError(ErrorCode.LastUpdateParamInvalid, 'The "lastUpdate" query parameter must be a valid date');
    }
    const next = syncCursor(query.next);
    const previous = syncCursor(query.previous);
    if ((next || previous) && !query.type) {
      throw new DomainError(ErrorCode.TypeParamRequired, 'The "type" parameter is required when using the "next" or "previous" parameters');
    }
    if (next && previous) throw new DomainError(ErrorCode.CursorConflict, 'You cannot provide both "next" and "previous" parameters');
    if ((next || previous) && lastUpdate !== undefined) {
      throw new DomainError(
        ErrorCode.CursorAndLastUpdateConflict,
        'The attributes "next", "previous" and "lastUpdate" cannot be used together',
      );
    }
    return {
      actor,
      rid: query.roomId,
      lastUpdate: lastUpdate === undefined ? undefined : new Date(lastUpdate),
      type: query.type === undefined || query.type === '' ? undefined : query.type,
      next,
      previous,
      count: query.count === undefined || query.count === '' ? undefined : integer(query.count),
    };
  },
});

/** `im.messages`, `channels.messages`, `groups.messages`: a room's messages, paginated and sorted. */
export const ListMessagesRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  /** `im.messages` may name the other user of the direct message instead of the room. */
  username: UsernameField.optional(),
  pinned: z.boolean().optional(),
  /** Only the messages mentioning one of these users (the clients' Mentions list), or starred by one (Starred). */
  mentionIds: z.array(EntityIdField).max(100).optional(),
  starredIds: z.array(EntityIdField).max(100).optional(),
  sort: SortField.optional(),
  ...PaginationFields,
});

/** Rocket.Chat's comma-joined ids (`mentionIds=a,b`), trimmed; none when absent or empty. */
const commaIds = (value: unknown): unknown =>
  typeof value === 'string' && value !== '' ? value.split(',').map((id) => id.trim()) : value || undefined;

export const messagesList = defineRpc({
  subject: 'messages.list',
  request: ListMessagesRequest,
  response: as<Page<IMessage>>(),
}).get(familyPaths('messages', ['channels', 'groups', 'im', 'dm']), {
  request: ({ path, query, actor }) => ({
    actor,
    ...roomSelector(query, familyOf(path).t),
    // Only `im.messages` may name the other user of the direct message.
    username: familyOf(path).t === 'd' ? query.username : undefined,
    pinned: query.pinned === undefined ? undefined : boolean(query.pinned),
    mentionIds: commaIds(query.mentionIds),
    starredIds: commaIds(query.starredIds),
    sort: sort(query.sort),
    ...pagination(query),
  }),
  reply: (result) => page('messages', result),
});

/**
 * `im.messages.others` (`view-room-administration`): any direct message's messages, for administrators, only
 * while `API_Enable_Direct_Message_History_EndPoint` is on (else `error-endpoint-disabled`); newest first.
 */
export const messagesOthersDirect = defineRpc({
  subject: 'messages.othersDirect',
  request: z.strictObject({ actor: ActorField, roomId: z.string().max(64).optional(), sort: SortField.optional(), ...PaginationFields }),
  response: as<Page<IMessage>>(),
}).get('im.messages.others', {
  request: ({ query, actor }) => ({ actor, roomId: query.roomId, sort: sort(query.sort), ...pagination(query) }),
  reply: (result) => page('messages', result),
});

/** `chat.getThreadMessages`: a thread's replies, oldest first. */
export const messagesThreadMessages = defineRpc({
  subject: 'messages.threadMessages',
  request: z.strictObject({ actor: ActorField, tmid: EntityIdField, sort: SortField.optional(), ...PaginationFields }),
  response: as<Page<IMessage>>(),
}).get('chat.getThreadMessages', {
  request: ({ query, actor }) => ({ actor, tmid: query.tmid, sort: sort(query.sort), ...pagination(query) }),
  reply: (result) => page('messages', result),
});

/** `chat.getThreadsList`: a room's threads (all, the ones the caller follows, or unread), latest reply first. */
export const messagesThreadsList = defineRpc({
  subject: 'messages.threadsList',
  request: z.strictObject({
    actor: ActorField,
    rid: EntityIdField,
    type: z.enum(['all', 'following', 'unread']).default('all'),
    text: z.string().max(1024).optional(),
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<Page<IMessage>>(),
}).get('chat.getThreadsList', {
  request: ({ query, actor }) => ({
    actor,
    rid: query.rid,
    type: query.type,
    text: query.text,
    sort: sort(query.sort),
    ...pagination(query),
  }),
  reply: (result) => page('threads', result),
});

/**
 * `chat.search?roomId&searchText`: Rocket.Chat's `messageSearch` in one room, with its query syntax (`from:`,
 * `has:star`, `is:pinned`, `before:`, … — see `apps/core/src/message-search`), newest first.
 */
export const messagesSearch = defineRpc({
  subject: 'messages.search',
  request: z.strictObject({
    actor: ActorField,
    roomId: EntityIdField,
    searchText: z.string().min(1).max(1024),
    ...PaginationFields,
  }),
  response: as<{ messages: IMessage[] }>(),
}).get('chat.search', {
  request: ({ query, actor }) => {
    if (query.roomId === undefined || query.roomId === '') {
      throw new DomainError(ErrorCode.RoomIdParamNotProvided, 'The required "roomId" query param is missing.');
    }
    if (query.searchText === undefined || query.searchText === '') {
      throw new DomainError(ErrorCode.SearchTextParamNotProvided, 'The required "searchText" query param is missing.');
    }
    return { actor, roomId: query.roomId, searchText: query.searchText, ...pagination(query) };
  },
});
