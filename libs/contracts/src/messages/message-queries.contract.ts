import { z } from 'zod';
import { UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField, PaginationFields, RoomSelectorFields, SortField, type Page } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';

/** `chat.getMessage` / Meteor `getSingleMessage`. */
export const messagesGet = defineRpc({
  subject: 'messages.get',
  request: z.strictObject({ actor: ActorField, msgId: EntityIdField }),
  response: as<{ message: IMessage }>(),
});

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
  count: z.number().int().min(0).max(1_000_000).default(20),
});

export const messagesHistory = defineRpc({
  subject: 'messages.history',
  request: RoomHistoryRequest,
  response: as<HistoryResult>(),
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
});

/** `im.messages`, `channels.messages`, `groups.messages`: a room's messages, paginated and sorted. */
export const ListMessagesRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  /** `im.messages` may name the other user of the direct message instead of the room. */
  username: UsernameField.optional(),
  pinned: z.boolean().optional(),
  sort: SortField.optional(),
  ...PaginationFields,
});

export const messagesList = defineRpc({
  subject: 'messages.list',
  request: ListMessagesRequest,
  response: as<Page<IMessage>>(),
});

/** `chat.getThreadMessages`: a thread's replies, oldest first. */
export const messagesThreadMessages = defineRpc({
  subject: 'messages.threadMessages',
  request: z.strictObject({ actor: ActorField, tmid: EntityIdField, sort: SortField.optional(), ...PaginationFields }),
  response: as<Page<IMessage>>(),
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
});

/** `chat.search` / Meteor `messageSearch`: the room's messages whose text contains `searchText`. */
export const messagesSearch = defineRpc({
  subject: 'messages.search',
  request: z.strictObject({
    actor: ActorField,
    roomId: EntityIdField,
    searchText: z.string().min(1).max(1024),
    ...PaginationFields,
  }),
  response: as<{ messages: IMessage[] }>(),
});
