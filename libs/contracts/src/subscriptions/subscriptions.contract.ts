import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField, RoomFamilyField } from '../rooms/common-fields.js';
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
});

/** `subscriptions.getOne`: the caller's subscription to a room (null when not a member). */
export const subscriptionsGetOne = defineRpc({
  subject: 'subscriptions.getOne',
  request: z.strictObject({ actor: ActorField, roomId: EntityIdField }),
  response: as<{ subscription: ISubscription | null }>(),
});

/** `subscriptions.read` / Meteor `readMessages`: marks the room read (and its threads with `readThreads`). */
export const subscriptionsRead = defineRpc({
  subject: 'subscriptions.read',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, readThreads: z.boolean().default(false) }),
  response: as<{ ok: true }>(),
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
});

/**
 * `im.open|close`, `channels.open|close`, `groups.open|close` (Meteor `openRoom`, `hideRoom`): shows or hides
 * the room in the caller's sidebar. Refused when it is already in that state, with Rocket.Chat's message.
 */
export const subscriptionsSetOpen = defineRpc({
  subject: 'subscriptions.setOpen',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, open: z.boolean(), t: RoomFamilyField.optional() }),
  response: as<{ ok: true }>(),
});
