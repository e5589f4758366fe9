import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type ISubscription, type SubscriptionsGetResult } from '@rc/contracts';
import { MessagesRepository, NotificationQueueRepository, RoomsRepository, SubscriptionsRepository, TrashRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { notificationSettingsUpdate } from './notification-settings.js';

/** Rocket.Chat's `API.v1.failure('<text>')`: the text alone, no error id. */
const plainFailure = (text: string) => new DomainError(ErrorCode.PlainFailure, text);

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
  async read(actor: Actor, rid: string, readThreads: boolean, checkedBy: 'route' | 'method' = 'route'): Promise<{ ok: true }> {
    if (checkedBy === 'method') await this.assertReadable(actor, rid);
    const now = new Date();
    const updated = await this.subscriptions.update(rid, actor.userId, {
      $set: { open: true, alert: false, unread: 0, userMentions: 0, groupMentions: 0, ls: now, lr: now },
      ...(readThreads && { $unset: { tunread: 1, tunreadUser: 1, tunreadGroup: 1 } }),
    });
    // Rocket.Chat's `readMessages` helper throws a bare `Error('error-invalid-subscription')`: that text alone over
    // REST; over DDP (a 500 there) its id.
    if (!updated) {
      throw checkedBy === 'route'
        ? new DomainError(ErrorCode.PlainFailure, 'error-invalid-subscription')
        : new DomainError(ErrorCode.InvalidSubscription, '', { method: 'readMessages' });
    }
    this.realtime.subscriptionChanged('updated', updated);
    // Seen: the room's pushes still waiting (an online user's delay) are not sent.
    await this.notificationQueue.removeWaitingOfRoom(actor.userId, rid);
    return { ok: true };
  }

  /** Meteor `readMessages`' own checks: the room exists, the caller may read it. */
  private async assertReadable(actor: Actor, rid: string): Promise<void> {
    const room = await this.rooms.findById(rid);
    if (!room) throw new DomainError(ErrorCode.RoomDoesNotExist, 'This room does not exist', { method: 'readMessages' });
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed', { method: 'readMessages' });
    }
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
   * `channels.open|close`, `groups.open|close`, `im.open|close`, as Rocket.Chat 7's routes check them (their texts
   * are `API.v1.failure` texts, without an error id):
   * - channels / groups: the family's room (archived taken), then the caller's subscription and its state;
   * - `im.open`: access first (403, an unknown room included), then the direct message; opening an open one is no
   *   error; `im.close`: an unknown room's subscription may still be closed, a known one needs access (403).
   */
  async setOpen(actor: Actor, selector: RoomSelector, open: boolean): Promise<{ ok: true }> {
    if (selector.t === 'd') return this.setDirectOpen(actor, selector, open);
    const room = await this.resolver.resolve(actor.userId, selector);
    const subscription = await this.subscriptions.findByRoomAndUser(room._id, actor.userId);
    const state = open ? 'open' : 'closed';
    if (room.t === 'c') {
      // Rocket.Chat's two texts differ by a quote and a full stop.
      if (!subscription) throw plainFailure(`The user/callee is not in the channel "${room.name}${open ? '".' : '.'}`);
      if (subscription.open === open) throw plainFailure(`The channel, ${room.name}, is already ${state} to the sender`);
    } else {
      if (!subscription) throw plainFailure('The user is not subscribed to the room');
      if (subscription.open === open)
        throw plainFailure(`The private group, ${room.name}, is already ${state} ${open ? 'for' : 'to'} the sender`);
    }
    await this.showInSidebar(actor.userId, room._id, open);
    return { ok: true };
  }

  private async setDirectOpen(actor: Actor, selector: RoomSelector, open: boolean): Promise<{ ok: true }> {
    const nameOrId = selector.roomId ?? selector.roomName;
    let room = nameOrId ? await this.rooms.findById(nameOrId) : null;
    // By `username` (this server's leniency): the caller's direct message with that user.
    if (!room && selector.roomId === undefined && nameOrId) room = await this.resolver.direct(actor.userId, selector);
    if (room) {
      if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
      if (room.t !== 'd') throw new DomainError(ErrorCode.InvalidChannel, '');
    } else if (open) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
    const rid = room?._id ?? nameOrId ?? '';
    const subscription = await this.subscriptions.findByRoomAndUser(rid, actor.userId);
    if (!subscription) throw plainFailure('The user is not subscribed to the room');
    // Rocket.Chat opens a direct message only if it is closed: opening an open one is no error (im.open answers 200).
    if (subscription.open === open && open) return { ok: true };
    if (subscription.open === open) throw plainFailure('The direct message room, is already closed to the sender');
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
