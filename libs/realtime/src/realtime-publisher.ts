import { Inject, Injectable } from '@nestjs/common';
import {
  notifyAllEvent,
  notifyLoggedEvent,
  notifyRoomEvent,
  notifyUserEvent,
  roomMessagesEvent,
  userPresenceEvent,
  type IMessage,
  type IPermission,
  type IRole,
  type IRoom,
  type ISetting,
  type ISubscription,
  type IUser,
  type StreamEvent,
} from '@rc/contracts';
import { EventBus } from '@rc/platform';
import { streamEvents, type ChangeAction } from './stream-event-builders.js';

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

  messageUpserted(message: IMessage): void {
    if (this.publishesChanges) this.events.publish(roomMessagesEvent, message.rid, message);
  }

  messageDeleted(message: Pick<IMessage, '_id' | 'rid'>): void {
    if (this.publishesChanges) this.events.publish(notifyRoomEvent, message.rid, streamEvents.messageDeleted(message));
  }

  subscriptionChanged(action: ChangeAction, subscription: ISubscription): void {
    if (!this.publishesChanges) return;
    this.events.publish(notifyUserEvent, subscription.u._id, streamEvents.subscriptionChanged(action, subscription));
  }

  /** rooms-changed to every member given (a room's members are known to the writer, looked up by stream-hub). */
  roomChanged(action: ChangeAction, room: IRoom | Pick<IRoom, '_id'>, memberIds: readonly string[]): void {
    if (!this.publishesChanges) return;
    for (const userId of memberIds) this.events.publish(notifyUserEvent, userId, streamEvents.roomChanged(action, room, userId));
  }

  userStatusChanged(user: Pick<IUser, '_id' | 'username' | 'status' | 'statusText'>): void {
    if (!this.publishesChanges) return;
    this.events.publish(notifyLoggedEvent, 'user-status', streamEvents.userStatus(user));
    this.events.publish(userPresenceEvent, user._id, streamEvents.userPresence(user));
  }

  userNameChanged(user: Pick<IUser, '_id' | 'username' | 'name'>): void {
    if (this.publishesChanges) this.publishLogged(streamEvents.userNameChanged(user));
  }

  permissionChanged(action: ChangeAction, permission: IPermission): void {
    if (this.publishesChanges) this.publishLogged(streamEvents.permissionChanged(action, permission));
  }

  roleChanged(action: 'changed' | 'removed', role: IRole): void {
    if (this.publishesChanges) this.publishLogged(streamEvents.roleChanged(action, role));
  }

  settingChanged(action: ChangeAction, setting: Pick<ISetting, '_id' | 'value' | 'public'>): void {
    if (!this.publishesChanges) return;
    const event = streamEvents.settingChanged(action, setting);
    if (setting.public) this.events.publish(notifyAllEvent, event.eventName, event);
    else this.events.publish(notifyLoggedEvent, event.eventName, event);
  }

  // ── ephemeral ────────────────────────────────────────────────────────────────────────────────────────

  /** A user gained or lost a role: not a document of its own in Rocket.Chat, so always published. */
  userRoleChanged(type: 'added' | 'removed', role: string, user: { _id: string; username?: string }, scope?: string): void {
    this.publishLogged(streamEvents.userRoleChanged(type, role, user, scope));
  }

  /** stream-notify-user `<uid>/<event>` (`notification`, `message`, `force_logout`, …). */
  notifyUser(userId: string, event: string, args: unknown[]): void {
    this.events.publish(notifyUserEvent, userId, { eventName: `${userId}/${event}`, args });
  }

  /** stream-notify-room `<rid>/<event>` (`user-activity`, …). */
  notifyRoom(roomId: string, event: string, args: unknown[]): void {
    this.events.publish(notifyRoomEvent, roomId, { eventName: `${roomId}/${event}`, args });
  }

  private publishLogged(event: StreamEvent): void {
    this.events.publish(notifyLoggedEvent, event.eventName, event);
  }
}
