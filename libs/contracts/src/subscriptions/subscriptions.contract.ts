import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { date, fields, optionalDate, roomSelector, syncResult } from '../core/wire-params.js';
import { familyOf, familyPaths } from '../rooms/room-families.js';
import { ActorField, EntityIdField, RoomSelectorFields } from '../rooms/common-fields.js';
import type { ISubscription } from '../typings/subscription.js';

/**
 * `subscriptions.get` (REST and Meteor `subscriptions/get`): the caller's subscriptions; with
 * `updatedSince`, those changed since and those removed since (from `rocketchat_trash`).
 */
export const SubscriptionsGetRequest = z.strictObject({ actor: ActorField, updatedSince: z.date().optional() });

export type SubscriptionsGetResult = ISubscription[] | { update: ISubscription[]; remove: Array<{ _id: string; _deletedAt: Date }> };

export const subscriptionsGet = defineRpc({
  subject: 'subscriptions.get',
  request: SubscriptionsGetRequest,
  response: as<SubscriptionsGetResult>(),
})
  .get('subscriptions.get', {
    request: ({ query, actor }) => {
      if (query.updatedSince === undefined || query.updatedSince === '') return { actor, updatedSince: undefined };
      const updatedSince = date(query.updatedSince);
      // The route's own check, in its words (it names `lastUpdate`).
      if (!(updatedSince instanceof Date)) {
        throw new DomainError(ErrorCode.InvalidUpdatedSince, 'The "lastUpdate" query parameter must be a valid date.');
      }
      return { actor, updatedSince };
    },
    reply: syncResult,
  })
  .method('subscriptions/get', { request: ([updatedSince], { actor }) => ({ actor, updatedSince: optionalDate(updatedSince) }) });

/** `subscriptions.getOne`: the caller's subscription to a room (null when not a member). */
export const subscriptionsGetOne = defineRpc({
  subject: 'subscriptions.getOne',
  request: z.strictObject({ actor: ActorField, roomId: EntityIdField }),
  response: as<{ subscription: ISubscription | null }>(),
}).get('subscriptions.getOne', { request: ({ query, actor }) => ({ actor, roomId: query.roomId }) });

/**
 * `subscriptions.read` / Meteor `readMessages`: marks the room read (and its threads with `readThreads`).
 * `checkedBy`: the method looks the room up and checks access first (Rocket.Chat's `readMessages` method); the
 * route goes straight to the subscription.
 */
export const subscriptionsRead = defineRpc({
  subject: 'subscriptions.read',
  request: z.strictObject({
    actor: ActorField,
    rid: EntityIdField,
    readThreads: z.boolean().default(false),
    checkedBy: z.enum(['route', 'method']).default('method'),
  }),
  response: as<{ ok: true }>(),
})
  .post('subscriptions.read', {
    // `rid`, or the newer `roomId`, not both (Rocket.Chat's `anyOf` of two schemas without other keys).
    request: ({ body, actor }) => {
      if (body.rid !== undefined && body.roomId !== undefined) {
        throw new DomainError(ErrorCode.InvalidParams, 'must match a schema in anyOf');
      }
      return { actor, rid: body.rid ?? body.roomId, readThreads: body.readThreads, checkedBy: 'route' };
    },
    reply: () => ({}),
  })
  .method('readMessages', {
    request: ([rid, readThreads], { actor }) => ({ actor, rid, readThreads: readThreads ?? undefined, checkedBy: 'method' }),
    reply: () => undefined,
  });

/** `subscriptions.unread` / Meteor `unreadMessages`: from the room's last message, or from a given message. */
export const subscriptionsUnread = defineRpc({
  subject: 'subscriptions.unread',
  request: z.strictObject({
    actor: ActorField,
    roomId: EntityIdField.optional(),
    firstUnreadMessage: z.strictObject({ _id: EntityIdField }).optional(),
  }),
  response: as<{ ok: true }>(),
})
  .post('subscriptions.unread', {
    request: ({ body, actor }) => ({ actor, roomId: body.roomId, firstUnreadMessage: body.firstUnreadMessage }),
    reply: () => ({}),
  })
  // Meteor `unreadMessages(firstUnreadMessage?, roomId?)`: the client sends the whole message; its id is enough.
  .method('unreadMessages', {
    request: ([firstUnreadMessage, roomId], { actor }) => ({
      actor,
      roomId: roomId ?? undefined,
      firstUnreadMessage: firstUnreadMessage ? { _id: fields(firstUnreadMessage)._id } : undefined,
    }),
    reply: () => undefined,
  });

/**
 * `im.open|close`, `channels.open|close`, `groups.open|close` (Meteor `openRoom`, `hideRoom`): shows or hides
 * the room in the caller's sidebar. Refused when it is already in that state, with Rocket.Chat's message.
 */
export const subscriptionsSetOpen = defineRpc({
  subject: 'subscriptions.setOpen',
  request: z.strictObject({ actor: ActorField, ...RoomSelectorFields, open: z.boolean() }),
  response: as<{ ok: true }>(),
})
  .post(familyPaths('open', ['channels', 'groups', 'im', 'dm']), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t), open: true }),
    reply: () => ({}),
  })
  .post(familyPaths('close', ['channels', 'groups', 'im', 'dm']), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t), open: false }),
    reply: () => ({}),
  });

/** Meteor `readThreads(tmid)`: the thread is read; it leaves the caller's unread threads (`tunread`). */
export const subscriptionsReadThread = defineRpc({
  subject: 'subscriptions.readThread',
  request: z.strictObject({ actor: ActorField, tmid: EntityIdField }),
  response: as<{ ok: true }>(),
}).method('readThreads', { request: ([tmid], { actor }) => ({ actor, tmid }), reply: () => undefined });

/** `rooms.favorite` (`roomId` or `roomName`, `favorite`) and Meteor `toggleFavorite(rid, f)`: stars the room in the sidebar. */
export const subscriptionsFavorite = defineRpc({
  subject: 'subscriptions.favorite',
  request: z.strictObject({
    actor: ActorField,
    ...RoomSelectorFields,
    favorite: z.boolean(),
    /** REST: the room is found as Rocket.Chat's rooms API finds it (`findRoomByIdOrName`), archived refused. */
    roomsApi: z.literal(true).optional(),
  }),
  response: as<{ ok: true }>(),
})
  .post('rooms.favorite', {
    request: ({ body, actor }) => {
      if (!('favorite' in body)) throw new DomainError(ErrorCode.PlainFailure, "The 'favorite' param is required");
      return { actor, ...roomSelector(body), favorite: body.favorite, roomsApi: true as const };
    },
    reply: () => ({}),
  })
  .method('toggleFavorite', {
    request: ([rid, favorite], { actor }) => ({ actor, roomId: rid, favorite: favorite ?? undefined }),
    reply: () => undefined,
  });

/**
 * Meteor `openRoom(rid)` / `hideRoom(rid)`: the same as `*.open` / `*.close`, but answering how many changed (0 or 1);
 * `rooms.open` (the web client's, when it opens a hidden room) answers success whatever changed, as Rocket.Chat's.
 */
export const subscriptionsShowInSidebar = defineRpc({
  subject: 'subscriptions.showInSidebar',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, open: z.boolean() }),
  response: as<{ modified: number }>(),
})
  .post('rooms.open', { request: ({ body, actor }) => ({ actor, rid: body.roomId, open: true }), reply: () => ({}) })
  .method('openRoom', { request: ([rid], { actor }) => ({ actor, rid, open: true }), reply: ({ modified }) => modified })
  .method('hideRoom', { request: ([rid], { actor }) => ({ actor, rid, open: false }), reply: ({ modified }) => modified });

/**
 * `chat.ignoreUser?rid&userId&ignore` and Meteor `ignoreUser({rid, userId, ignore})`: hides (or shows again) one
 * member's messages in the room for the caller; both must be members.
 */
export const subscriptionsIgnoreUser = defineRpc({
  subject: 'subscriptions.ignoreUser',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, userId: EntityIdField, ignore: z.boolean().default(true) }),
  response: as<{ ok: true }>(),
})
  .get('chat.ignoreUser', {
    // Rocket.Chat reads `ignore` as a string: "true" or "1" ignore, anything else shows again.
    request: ({ query, actor }) => ({
      actor,
      rid: query.rid,
      userId: query.userId,
      ignore: typeof query.ignore === 'string' ? /true|1/.test(query.ignore) : query.ignore,
    }),
    reply: () => ({}),
  })
  .method('ignoreUser', {
    request: ([options], { actor }) => {
      const { rid, userId, ignore } = fields(options);
      return { actor, rid, userId, ignore: ignore ?? undefined };
    },
    reply: () => true,
  });
