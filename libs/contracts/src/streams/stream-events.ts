import { as } from '../core/phantom.js';
import { defineEvent } from '../core/event-contract.js';
import type { IMessage } from '../typings/message.js';
import type { IRoom } from '../typings/room.js';

/**
 * Realtime events, one NATS event per DDP stream. The routing key is what a reader subscribes by, so a
 * gateway instance receives only the keys its own sockets watch:
 *
 * | DDP stream (collection)  | NATS subject                        | key                 |
 * |--------------------------|-------------------------------------|---------------------|
 * | stream-room-messages     | stream.room-messages.<rid>          | room id             |
 * | stream-notify-room       | stream.notify-room.<rid>            | room id             |
 * | stream-notify-user       | stream.notify-user.<uid>            | user id             |
 * | stream-notify-user       | stream.rooms-changed.<rid>          | room id (see below) |
 * | stream-notify-user       | stream.notify-users.<event>         | event name (below)  |
 * | stream-notify-logged     | stream.notify-logged.<event>        | event name          |
 * | stream-notify-all        | stream.notify-all.<event>           | event name          |
 * | stream-user-presence     | stream.user-presence.<uid>          | user id             |
 * | stream-roles             | stream.roles.<event>                | event name          |
 *
 * `<uid>/rooms-changed` is addressed to every member of a room, so it travels once per room change keyed
 * by the room, and each gateway forwards it to the members it holds (as Rocket.Chat's streamer does):
 * a message in a room of a thousand members is one NATS message, not a thousand. Likewise `<uid>/<event>` to
 * several users at once (a message's desktop notification to the room's connected members) travels once, keyed
 * by the event and listing its users (`users-event.ts`), and each gateway delivers it to the listed users it holds.
 *
 * Producers: the service that wrote (realtime source `direct`) or stream-hub (source `stream-hub`), both
 * through the same mapping, so a client cannot tell which one is on.
 */

/** A stream push as DDP carries it: `fields: {eventName, args}`. */
export interface StreamEvent {
  eventName: string;
  args: unknown[];
  /**
   * The DDP connection that wrote the event (typing), so that it is not echoed back to its author, as
   * Rocket.Chat's streamer does (`retransmitToSelf: false`). Never sent to clients.
   */
  origin?: string;
}

/** What changed in a document, in Rocket.Chat's words (`clientAction`). */
export type ChangeAction = 'inserted' | 'updated' | 'removed';

export const STREAMS = {
  roomMessages: 'stream-room-messages',
  notifyRoom: 'stream-notify-room',
  notifyUser: 'stream-notify-user',
  notifyLogged: 'stream-notify-logged',
  notifyAll: 'stream-notify-all',
  userPresence: 'stream-user-presence',
  roles: 'stream-roles',
  apps: 'stream-apps',
  appsEngine: 'stream-apps-engine',
} as const;
export type StreamName = (typeof STREAMS)[keyof typeof STREAMS];

/** A message inserted or changed in room `<rid>`; DDP eventName is the room id, args `[message]`. */
export const roomMessagesEvent = defineEvent({ name: 'stream.room-messages', payload: as<IMessage>() });

/** Room-scoped notifications; eventName `<rid>/<event>` (`deleteMessage`, `user-activity`, …). */
export const notifyRoomEvent = defineEvent({ name: 'stream.notify-room', payload: as<StreamEvent>() });

/** User-scoped notifications; eventName `<uid>/<event>` (`subscriptions-changed`, `notification`, …). */
export const notifyUserEvent = defineEvent({ name: 'stream.notify-user', payload: as<StreamEvent>() });

/** A room inserted, changed or removed: delivered to its members as `<uid>/rooms-changed` `[action, room]`. */
export const roomsChangedEvent = defineEvent({
  name: 'stream.rooms-changed',
  payload: as<{ action: ChangeAction; room: IRoom | Pick<IRoom, '_id'> }>(),
});

/** Notifications for every logged-in user; keyed and named by the event (`user-status`, `roles-change`, …). */
export const notifyLoggedEvent = defineEvent({ name: 'stream.notify-logged', payload: as<StreamEvent>() });

/** Notifications for every connection, logged in or not (`public-settings-changed`, …). */
export const notifyAllEvent = defineEvent({ name: 'stream.notify-all', payload: as<StreamEvent>() });

/**
 * The apps-engine's announcements for clients (`stream-apps`) and for the engines (`stream-apps-engine`), keyed
 * and named by the event (`app/added`, `app/removed`, `app/updated`, `app/statusUpdate`, `app/settingUpdated`,
 * `command/added`, `command/removed`, `actions/changed`), args `[appId, …]` as Rocket.Chat's AppServerNotifier.
 */
export const appsStreamEvent = defineEvent({ name: 'stream.apps', payload: as<StreamEvent>() });
export const appsEngineStreamEvent = defineEvent({ name: 'stream.apps-engine', payload: as<StreamEvent>() });

/** A user's presence; DDP eventName is the user id, args `[[username, statusCode, statusText]]`. */
export const userPresenceEvent = defineEvent({ name: 'stream.user-presence', payload: as<StreamEvent>() });

/** Role documents created, changed or deleted; eventName `roles`, args `[{type, ...role}]`. */
export const rolesEvent = defineEvent({ name: 'stream.roles', payload: as<StreamEvent>() });

/**
 * A stream event name as a NATS subject token (`notify-logged` and `notify-all` are keyed by event name):
 * characters NATS reserves (`.`, `*`, `>`, whitespace) and `%` itself are percent-encoded, so that
 * `voip.statuschanged` stays one token. Publishers and gateways both key through this.
 */
export function streamKey(eventName: string): string {
  return eventName.replace(/[.*>\s%]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`);
}
