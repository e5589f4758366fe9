import { Inject, Injectable } from '@nestjs/common';
import {
  messageCreatedEvent,
  messageEditedEvent,
  notifyAllEvent,
  notifyLoggedEvent,
  notifyRoomEvent,
  notifyUserEvent,
  notifyUsersEvent,
  rolesEvent,
  roomMessagesEvent,
  roomCreatedEvent,
  roomsChangedEvent,
  userPresenceEvent,
  type ChangeAction,
  type IMessage,
  type IPermission,
  type IRole,
  type IRoom,
  type ISubscription,
  type IUser,
  type MessageErasure,
  type StreamEvent,
  type UserRef,
  streamKey,
  usersEventText,
} from '@rc/contracts';
import { encodeEvent, EventBus } from '@rc/platform';
import { streamEvents, type AnnouncedSetting, type StatusUser } from './stream-event-builders.js';

/** Whether this process publishes the events that follow from database changes. */
export const PUBLISHES_CHANGES = Symbol('PUBLISHES_CHANGES');

/**
 * Publishes Rocket.Chat's stream events on NATS. Two kinds:
 * - changes (a document was written): published only by the active realtime source, so that with
 *   `REALTIME_SOURCE=stream-hub` the services stay silent and stream-hub speaks instead;
 * - ephemeral events that no document records (typing, desktop notifications, ephemeral messages):
 *   always published by whoever produces them.
 */
@Injectable()
export class RealtimePublisher {
  constructor(
    private readonly events: EventBus,
    @Inject(PUBLISHES_CHANGES) readonly publishesChanges: boolean,
  ) {}

  // ── changes ──────────────────────────────────────────────────────────────────────────────────────────

  /** stream-room-messages `<rid>` (and `__my_messages__`, which gateways derive from it). */
  messageUpserted(message: IMessage): void {
    if (this.publishesChanges) this.events.publish(roomMessagesEvent, message.rid, message);
  }

  /** stream-notify-room `<rid>/deleteMessage`. */
  messageDeleted(message: Pick<IMessage, '_id' | 'rid'>): void {
    if (this.publishesChanges) this.events.publish(notifyRoomEvent, message.rid, streamEvents.messageDeleted(message));
  }

  /** stream-notify-user `<uid>/subscriptions-changed`, to the subscription's owner. */
  subscriptionChanged(action: ChangeAction, subscription: ISubscription): void {
    if (!this.publishesChanges) return;
    this.events.publish(notifyUserEvent, subscription.u._id, streamEvents.subscriptionChanged(action, subscription));
  }

  /**
   * stream-notify-user `<uid>/rooms-changed`, to every member of the room. Published once, keyed by the
   * room: each gateway delivers it to the members it holds. `inserted` is not published: a gateway sends it to
   * each member it holds as they join (it follows their subscriptions). A room's removal is published before
   * its subscriptions' removals, which end the gateways' interest in the room.
   */
  roomChanged(action: Exclude<ChangeAction, 'inserted'>, room: IRoom | Pick<IRoom, '_id'>): void {
    if (!this.publishesChanges) return;
    // A join code is a secret of the room's owners: never sent to clients.
    const { joinCode: _joinCode, ...visible } = room as IRoom;
    this.events.publish(roomsChangedEvent, room._id, { action, room: visible });
  }

  /** stream-notify-logged `user-status`, stream-user-presence `<uid>` and the user's own `userData`. */
  userStatusChanged(user: StatusUser): void {
    if (!this.publishesChanges) return;
    this.publishLogged(streamEvents.userStatus(user));
    this.events.publish(userPresenceEvent, user._id, streamEvents.userPresence(user));
    this.events.publish(notifyUserEvent, user._id, streamEvents.userStatusData(user));
  }

  /**
   * stream-notify-user `<uid>/userData` `{type: 'updated', id, diff, unset}` (Rocket.Chat's notifyOnUserChange):
   * the user's own clients apply the dotted keys of `diff` to their copy of the user (e.g.
   * `services.totp.enabled`, which the account page reads to show two-factor authentication on or off).
   */
  userDataChanged(userId: string, diff: Record<string, unknown>, unset: Record<string, 1> = {}): void {
    if (this.publishesChanges) this.events.publish(notifyUserEvent, userId, streamEvents.userDataUpdated(userId, diff, unset));
  }

  userNameChanged(user: Pick<IUser, '_id' | 'username' | 'name'>): void {
    if (this.publishesChanges) this.publishLogged(streamEvents.userNameChanged(user));
  }

  permissionChanged(action: ChangeAction, permission: IPermission): void {
    if (this.publishesChanges) this.publishLogged(streamEvents.permissionChanged(action, permission));
  }

  /** stream-roles `roles` (Rocket.Chat's `changed` for a created or updated role, `removed`). */
  roleChanged(action: 'changed' | 'removed', role: IRole | Pick<IRole, '_id'>): void {
    if (!this.publishesChanges) return;
    const event = streamEvents.roleChanged(action, role);
    this.events.publish(rolesEvent, streamKey(event.eventName), event);
  }

  /**
   * A setting changed: every logged-in user learns it (`private-settings-changed`), everyone else too when it
   * is public (`public-settings-changed`, `public-info`); hidden settings are never announced.
   */
  settingChanged(action: ChangeAction, setting: AnnouncedSetting): void {
    if (!this.publishesChanges || setting.hidden) return;
    if (setting.public) {
      this.publishAll(streamEvents.publicSettingChanged(action, setting));
      this.publishAll(streamEvents.publicInfoSettingChanged(action, setting));
    }
    this.publishLogged(streamEvents.privateSettingChanged(action, setting));
  }

  // ── domain events (outgoing webhooks react to them; published whatever the realtime source) ─────────────

  /** A message was stored (not an edit): `events.message-created`, keyed by the room. */
  messageCreated(message: IMessage, room: IRoom): void {
    this.events.publish(messageCreatedEvent, message.rid, { message, room });
  }

  /** A message's text was edited: `events.message-edited`, keyed by the room. */
  messageEdited(message: IMessage, room: IRoom): void {
    this.events.publish(messageEditedEvent, message.rid, { message, room });
  }

  /** A room was created by `owner`: `events.room-created`. */
  roomCreated(room: IRoom, owner: UserRef): void {
    const { joinCode: _joinCode, ...visible } = room;
    this.events.publish(roomCreatedEvent, room._id, { room: visible, owner });
  }

  // ── ephemeral ────────────────────────────────────────────────────────────────────────────────────────

  /** A user gained or lost a role: not a document of its own in Rocket.Chat, so always published. */
  userRoleChanged(
    type: 'added' | 'removed' | 'changed',
    role: string,
    user: { _id: string; username?: string; name?: string },
    scope?: string,
  ): void {
    this.publishLogged(streamEvents.userRoleChanged(type, role, user, scope));
  }

  /**
   * stream-notify-logged `Users:Deleted`, when the deleted user's messages were erased or reassigned (Rocket.Chat
   * says nothing when they are kept). Always published by the deleting service: what became of the messages
   * is known only there (a deleted user document carries nothing but its id, and the erasure depends on a
   * setting and on who may take the messages over), so stream-hub cannot derive it from the database.
   */
  userDeleted(userId: string, erasure: MessageErasure): void {
    if (erasure.messageErasureType === 'Keep') return;
    this.publishLogged(streamEvents.userDeleted(userId, erasure));
  }

  /** stream-notify-user `<uid>/<event>` (`notification`, `message`, `force_logout`, …). */
  notifyUser(userId: string, event: string, args: unknown[]): void {
    this.events.publish(notifyUserEvent, userId, { eventName: `${userId}/${event}`, args });
  }

  /**
   * The same `<uid>/<event>` to several users (a message's desktop notification to every recipient): one NATS message
   * listing them, the args encoded once (`notifyUsersEvent`); each gateway delivers it to the listed users it holds,
   * in the frame `notifyUser` would give each. A single user gets `notifyUser`: only the gateways holding them hear it.
   */
  notifyUsers(userIds: Iterable<string>, event: string, args: unknown[]): void {
    const ids = [...new Set(userIds)];
    if (ids.length === 1) this.notifyUser(ids[0], event, args);
    else if (ids.length > 1) this.events.publishEncoded(notifyUsersEvent, streamKey(event), usersEventText(event, ids, encodeEvent(args)));
  }

  /** stream-notify-room `<rid>/<event>` (`user-activity`, …); `origin` is the writing connection, not echoed to it. */
  notifyRoom(roomId: string, event: string, args: unknown[], origin?: string): void {
    this.events.publish(notifyRoomEvent, roomId, { eventName: `${roomId}/${event}`, args, ...(origin && { origin }) });
  }

  /** stream-notify-logged `<event>` for events no document records (`updateAvatar`, `Users:Deleted`, …). */
  notifyLogged(event: string, args: unknown[]): void {
    this.publishLogged({ eventName: event, args });
  }

  /** stream-notify-all `<event>`. */
  notifyAll(event: string, args: unknown[]): void {
    this.publishAll({ eventName: event, args });
  }

  private publishLogged(event: StreamEvent): void {
    this.events.publish(notifyLoggedEvent, streamKey(event.eventName), event);
  }

  private publishAll(event: StreamEvent): void {
    this.events.publish(notifyAllEvent, streamKey(event.eventName), event);
  }
}
