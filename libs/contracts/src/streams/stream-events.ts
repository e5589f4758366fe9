import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';
import type { IMessage } from '../typings/message.js';

/**
 * Realtime events, one NATS event per DDP stream. The routing key is what a reader subscribes by, so a
 * gateway instance receives only the keys its own sockets watch:
 *
 * | DDP stream (collection)  | NATS subject                        | key                 |
 * |--------------------------|-------------------------------------|---------------------|
 * | stream-room-messages     | stream.room-messages.<rid>          | room id             |
 * | stream-notify-room       | stream.notify-room.<rid>            | room id             |
 * | stream-notify-user       | stream.notify-user.<uid>            | user id             |
 * | stream-notify-logged     | stream.notify-logged.<event>        | event name          |
 * | stream-notify-all        | stream.notify-all.<event>           | event name          |
 * | stream-user-presence     | stream.user-presence.<uid>          | user id             |
 *
 * Producers: the service that wrote (realtime source `direct`) or stream-hub (source `stream-hub`), both
 * through the same mapping, so a client cannot tell which one is on.
 */

/** A stream push as DDP carries it: `fields: {eventName, args}`. */
export interface StreamEvent {
  eventName: string;
  args: unknown[];
}

export const STREAMS = {
  roomMessages: 'stream-room-messages',
  notifyRoom: 'stream-notify-room',
  notifyUser: 'stream-notify-user',
  notifyLogged: 'stream-notify-logged',
  notifyAll: 'stream-notify-all',
  userPresence: 'stream-user-presence',
} as const;
export type StreamName = (typeof STREAMS)[keyof typeof STREAMS];

/** A message inserted or changed in room `<rid>`; DDP eventName is the room id, args `[message]`. */
export const roomMessagesEvent = defineEvent({ name: 'stream.room-messages', payload: as<IMessage>() });

/** Room-scoped notifications; eventName `<rid>/<event>` (`deleteMessage`, `user-activity`, …). */
export const notifyRoomEvent = defineEvent({ name: 'stream.notify-room', payload: as<StreamEvent>() });

/** User-scoped notifications; eventName `<uid>/<event>` (`rooms-changed`, `subscriptions-changed`, …). */
export const notifyUserEvent = defineEvent({ name: 'stream.notify-user', payload: as<StreamEvent>() });

/** Notifications for every logged-in user; keyed and named by the event (`user-status`, `roles-change`, …). */
export const notifyLoggedEvent = defineEvent({ name: 'stream.notify-logged', payload: as<StreamEvent>() });

/** Notifications for every connection, logged in or not (`public-settings-changed`, …). */
export const notifyAllEvent = defineEvent({ name: 'stream.notify-all', payload: as<StreamEvent>() });

/** A user's presence; DDP eventName is the user id, args `[[username, statusCode, statusText]]`. */
export const userPresenceEvent = defineEvent({ name: 'stream.user-presence', payload: as<StreamEvent>() });
