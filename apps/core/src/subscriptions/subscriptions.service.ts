import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type ISubscription, type RoomFamily, type SubscriptionsGetResult } from '@rc/contracts';
import { MessagesRepository, NotificationQueueRepository, RoomsRepository, SubscriptionsRepository, TrashRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { notificationSettingsUpdate } from './notification-settings.js';

/** Rocket.Chat's words for a room of another family (`findChannelByIdOrName`, `findPrivateGroupByIdOrName`, `findDirectMessageRoom`). */
const NOT_OF_FAMILY: Record<RoomFamily, string> = {
  c: 'The required "roomId" or "roomName" param provided does not match any channel',
  p: 'The required "roomId" or "roomName" param provided does not match any group',
  d: 'The required "roomId" param provided does not match any direct message',
};

/** The caller's subscriptions: sync, read/unread marks, open/close (Rocket.Chat's subscription methods). */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly access: AccessService,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly trash: TrashRepository,
    private readonly realtime: RealtimePublisher,
    private readonly resolver: RoomResolver,
    private readonly settings: SettingsCache,
    private readonly notificationQueue: NotificationQueueRepository,
  ) {}

  /** `subscriptions.get` / `subscriptions/get`: all of them, or what changed and what was removed since a date. */
  async get(actor: Actor, updatedSince?: Date): Promise<SubscriptionsGetResult> {
    if (!updatedSince) return this.subscriptions.findByUser(actor.userId);
    const [update, remove] = await Promise.all([
      this.subscriptions.findByUserUpdatedSince(actor.userId, updatedSince),
      this.trash.findSubscriptionsDeletedSince(actor.userId, updatedSince),
    ]);
    return { update, remove };
  }

  getOne(actor: Actor, roomId: string): Promise<ISubscription | null> {
    return this.subscriptions.findByRoomAndUser(roomId, actor.userId);
  }

  /** `rooms.saveNotification` / `saveNotificationSettings`: the caller's notification preferences in a room they belong to. */
  async saveNotificationSettings(
    actor: Actor,
    roomId: string,
    notifications: Record<string, string | boolean | number>,
  ): Promise<{ ok: true }> {
    const { $set, $unset } = notificationSettingsUpdate(notifications);
    const updated = await this.subscriptions.update(roomId, actor.userId, {
      ...(Object.keys($set).length && { $set }),
      ...(Object.keys($unset).length && { $unset }),
    });
    if (!updated) throw new DomainError(ErrorCode.InvalidSubscription, 'Invalid subscription', { method: 'saveNotificationSettings' });
    this.realtime.subscriptionChanged('updated', updated);
    return { ok: true };
  }

  /** `subscriptions.read` / `readMessages`: everything up to now is seen; counters and alert reset. */
  async read(actor: Actor, rid: string, readThreads: boolean): Promise<{ ok: true }> {
    const now = new Date();
    const updated = await this.subscriptions.update(rid, actor.userId, {
      $set: { open: true, alert: false, unread: 0, userMentions: 0, groupMentions: 0, ls: now, lr: now },
      ...(readThreads && { $unset: { tunread: 1, tunreadUser: 1, tunreadGroup: 1 } }),
    });
    // Rocket.Chat's `readMessages` helper throws a bare `Error('error-invalid-subscription')`: that text alone.
    if (!updated) throw new DomainError(ErrorCode.PlainFailure, 'error-invalid-subscription');
    this.realtime.subscriptionChanged('updated', updated);
    // Seen: the room's pushes still waiting (an online user's delay) are not sent.
    await this.notificationQueue.removeWaitingOfRoom(actor.userId, rid);
    return { ok: true };
  }

  /**
   * `subscriptions.unread` / `unreadMessages`: with `roomId`, from the room's last message; with
   * `firstUnreadMessage`, from that message (someone else's) on.
   */
  async unread(actor: Actor, roomId?: string, firstUnreadMessage?: { _id: string }): Promise<{ ok: true }> {
    let rid: string;
    let from: Date;
    if (roomId) {
      if (!(await this.access.canAccessRoom(actor.userId, roomId))) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
      const last = (await this.messages.findHistory({ rid: roomId, includeThreadReplies: false, limit: 1 }))[0];
      if (!last) throw new DomainError(ErrorCode.NoMessageForUnread, 'There are no messages to mark unread');
      rid = roomId;
      from = last.ts;
    } else {
      const message = firstUnreadMessage ? await this.messages.findById(firstUnreadMessage._id) : null;
      if (!message || message.u._id === actor.userId) {
        throw new DomainError(ErrorCode.ActionNotAllowed, 'Not allowed');
      }
      rid = message.rid;
      // Seen up to just before it, so that it counts as the first unread one.
      from = new Date(new Date(message.ts).getTime() - 1);
    }
    const updated = await this.subscriptions.update(rid, actor.userId, { $set: { open: true, alert: true, ls: from } });
    if (!updated) throw new DomainError(ErrorCode.InvalidSubscription, 'Invalid subscription');
    this.realtime.subscriptionChanged('updated', updated);
    return { ok: true };
  }

  /**
   * `im.open|close`, `channels.open|close`, `groups.open|close`: by id, or by name (resolved as the family's other
   * routes resolve it), refused when nothing would change.
   */
  async setOpen(actor: Actor, selector: RoomSelector, open: boolean): Promise<{ ok: true }> {
    const family = selector.t;
    const rid = selector.roomId ?? (await this.resolver.resolve(actor.userId, selector))._id;
    const room = await this.rooms.findById(rid);
    if (room && !(await this.access.canAccessRoom(actor.userId, rid))) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    if (room && family && room.t !== family) throw new DomainError(ErrorCode.RoomNotFound, NOT_OF_FAMILY[family]);
    const subscription = await this.subscriptions.findByRoomAndUser(rid, actor.userId);
    const noun = family === 'd' || room?.t === 'd' ? 'direct message room' : room?.t === 'p' ? 'private group' : 'channel';
    if (!subscription) throw new DomainError(ErrorCode.UserNotInRoom, 'The user is not subscribed to the room');
    // Rocket.Chat opens a direct message only if it is closed: opening an open one is no error (im.open answers 200).
    if (subscription.open === open && open && noun === 'direct message room') return { ok: true };
    if (subscription.open === open) {
      const state = open ? 'open' : 'closed';
      throw new DomainError(
        ErrorCode.InvalidParams,
        noun === 'direct message room'
          ? `The direct message room, is already ${state} to the sender`
          : `The ${noun}, ${room?.name}, is already ${state} to the sender`,
      );
    }
    await this.showInSidebar(actor.userId, rid, open);
    return { ok: true };
  }

  /** `chat.ignoreUser` / `ignoreUser`: the caller and the ignored user must both be members of the room. */
  async ignoreUser(actor: Actor, rid: string, userId: string, ignore: boolean): Promise<{ ok: true }> {
    const [mine, theirs] = await Promise.all([
      this.subscriptions.findByRoomAndUser(rid, actor.userId),
      this.subscriptions.findByRoomAndUser(rid, userId),
    ]);
    if (!mine || !theirs) throw new DomainError(ErrorCode.InvalidSubscription, 'Invalid subscription');
    const updated = await this.subscriptions.update(
      rid,
      actor.userId,
      ignore ? { $addToSet: { ignored: userId } } : { $pull: { ignored: userId } },
    );
    if (updated) this.realtime.subscriptionChanged('updated', updated);
    return { ok: true };
  }

  /**
   * `rooms.favorite` / `toggleFavorite`: only a member can star a room. Over REST (`roomsApi`) the room is found
   * first, as Rocket.Chat's route does (`error-roomid-param-not-provided`, `error-room-not-found`,
   * `error-room-archived`); the method goes straight to the subscription.
   */
  async favorite(actor: Actor, selector: RoomSelector, favorite: boolean, roomsApi = false): Promise<{ ok: true }> {
    const rid = roomsApi
      ? (await this.resolver.findRoomByIdOrName(selector, { checkArchived: true }))._id
      : (selector.roomId ?? (await this.resolver.resolve(actor.userId, selector))._id);
    const updated = await this.subscriptions.update(rid, actor.userId, { $set: { f: favorite } });
    if (!updated) throw new DomainError(ErrorCode.InvalidSubscription, 'You must be part of a room to favorite it');
    this.realtime.subscriptionChanged('updated', updated);
    return { ok: true };
  }

  /** `readThreads`: the thread leaves the caller's unread threads; the room's alert goes when nothing is left unread. */
  async readThread(actor: Actor, tmid: string): Promise<{ ok: true }> {
    if (!this.settings.get<boolean>('Threads_enabled')) throw new DomainError(ErrorCode.NotAllowed, 'Threads Disabled');
    const thread = await this.messages.findById(tmid);
    if (!thread) return { ok: true };
    if (!(await this.access.canAccessRoom(actor.userId, thread.rid))) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    const subscription = await this.subscriptions.findByRoomAndUser(thread.rid, actor.userId);
    if (!subscription?.tunread?.includes(tmid)) return { ok: true };
    const nothingElseUnread = subscription.tunread.every((id) => id === tmid) && !subscription.unread;
    const updated = await this.subscriptions.update(thread.rid, actor.userId, {
      $pull: { tunread: tmid, tunreadUser: tmid, tunreadGroup: tmid },
      ...(nothingElseUnread && { $set: { alert: false } }),
    });
    if (updated) this.realtime.subscriptionChanged('updated', updated);
    return { ok: true };
  }

  /**
   * Shows or hides the room in the caller's sidebar (hiding clears its alert); 1 when it changed, else 0 (no
   * subscription, or already so). Meteor `openRoom` / `hideRoom` answer this count, as Rocket.Chat's do.
   */
  async showInSidebar(userId: string, rid: string, open: boolean): Promise<number> {
    const subscription = await this.subscriptions.findByRoomAndUser(rid, userId);
    if (!subscription || subscription.open === open) return 0;
    const updated = await this.subscriptions.update(rid, userId, { $set: { open, ...(!open && { alert: false }) } });
    if (!updated) return 0;
    this.realtime.subscriptionChanged('updated', updated);
    return 1;
  }
}
