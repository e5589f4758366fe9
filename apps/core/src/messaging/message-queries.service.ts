import { permissionRequired } from '@rc/permissions';
import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type HistoryResult,
  type IMessage,
  type IRoom,
  type Page,
  type SyncMessagesResult,
} from '@rc/contracts';
import { MessagesRepository, RoomsRepository, UsersRepository, SubscriptionsRepository, TrashRepository } from '@rc/models';
import { AccessService } from '../common/access.service.js';
import { RoomResolver, type RoomSelector } from '../common/room-resolver.service.js';
import { PageSize, SettingsCache } from '@rc/settings';
import { messageSort } from './message-sort.js';
import { cursorPage } from './sync-cursor.js';

const threadsDisabled = () => new DomainError(ErrorCode.NotAllowed, 'Threads Disabled');

/** Reading messages: one, a room's history, pages, threads, search; each checks the room is readable. */
@Injectable()
export class MessageQueriesService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly resolver: RoomResolver,
    private readonly access: AccessService,
    private readonly settings: SettingsCache,
    private readonly trash: TrashRepository,
  ) {}

  /** The message, if the caller may read its room; `null` when there is none (Rocket.Chat's `getSingleMessage`). */
  async get(actor: Actor, msgId: string): Promise<IMessage | null> {
    const message = await this.messages.findById(msgId);
    if (!message) return null;
    await this.resolver.readable(actor.userId, message.rid);
    return message;
  }

  /** `channels.history` & co.: refused (403) unless the caller may read the room. */
  async history(
    actor: Actor,
    selector: RoomSelector,
    query: {
      latest?: Date;
      oldest?: Date;
      inclusive: boolean;
      unreads: boolean;
      showThreadMessages: boolean;
      offset: number;
      count?: number;
    },
  ): Promise<HistoryResult> {
    const room = await this.resolver.resolve(actor.userId, selector);
    await this.assertMayPreview(actor.userId, room);
    const messages = await this.messages.findHistory({
      rid: room._id,
      before: query.latest ?? new Date(),
      after: query.oldest,
      inclusive: query.inclusive,
      includeThreadReplies: query.showThreadMessages,
      skip: query.offset,
      limit: this.pageSize.count(query.count),
    });
    if (!query.unreads) return { messages };
    const subscription = await this.subscriptions.findByRoomAndUser(room._id, actor.userId);
    return { messages, ...(await this.unreadsBefore(room._id, messages, subscription?.ls, query.showThreadMessages)) };
  }

  /** Meteor `loadHistory`: the page before `end`, and where the unread ones start after `ls`. */
  async loadHistory(
    actor: Actor,
    rid: string,
    end: Date | undefined,
    limit: number,
    ls: Date | undefined,
    showThreadMessages: boolean,
  ): Promise<HistoryResult> {
    // `readable` has checked canAccessRoom on the room it read: only the preview rule is left.
    const room = await this.resolver.readable(actor.userId, rid);
    await this.assertPreviewAllowed(actor.userId, room);
    const messages = await this.messages.findHistory({
      rid,
      before: end,
      includeThreadReplies: showThreadMessages,
      limit: Math.min(limit, 1000),
    });
    return { messages, ...(await this.unreadsBefore(rid, messages, ls, showThreadMessages)) };
  }

  /**
   * `chat.syncMessages`: with `lastUpdate`, the room's messages changed and deleted after it; with `type`, one
   * cursor page of one kind after `next` (before `previous`; from the beginning when neither is given).
   * Refused unless the caller may read the room.
   */
  async sync(
    actor: Actor,
    rid: string,
    query: { lastUpdate?: Date; type?: 'UPDATED' | 'DELETED'; next?: Date; previous?: Date; count?: number },
  ): Promise<SyncMessagesResult> {
    await this.resolver.readable(actor.userId, rid);
    if (query.lastUpdate) {
      const [updated, deleted] = await Promise.all([
        this.messages.findUpdatedSince(rid, query.lastUpdate),
        this.trash.findRoomMessagesDeletedSince(rid, query.lastUpdate),
      ]);
      return { result: { updated, deleted } };
    }
    // Without a cursor Rocket.Chat's `getMessageHistory` reads the room's history instead, which the route does not
    // answer: empty lists, no cursor.
    if (!query.next && !query.previous) return { result: { updated: [], deleted: [] } };
    const count = this.pageSize.count(query.count);
    const direction = query.previous ? 'previous' : 'next';
    const window = query.previous ? { before: query.previous } : { after: query.next ?? new Date(0) };
    if (query.type === 'DELETED') {
      const removed = await this.trash.findRoomMessagesDeletedWindow(rid, window, count + 1);
      const { rows, cursor } = cursorPage(removed, count, direction, (r) => new Date(r._deletedAt));
      return { result: { updated: [], deleted: rows, cursor } };
    }
    const changed = await this.messages.findChangedWindow(rid, window, count + 1);
    const { rows, cursor } = cursorPage(changed, count, direction, (m) => new Date(m._updatedAt));
    return { result: { updated: rows, deleted: [], cursor } };
  }

  /** `im.messages`, `channels.messages`, `groups.messages`. */
  async list(
    actor: Actor,
    selector: RoomSelector & { username?: string },
    query: {
      pinned?: boolean;
      mentionIds?: string[];
      starredIds?: string[];
      sort?: Record<string, 1 | -1>;
      offset: number;
      count?: number;
    },
  ): Promise<Page<IMessage>> {
    // `channels.messages` declares `permissionsRequired: ['view-c-room']`: checked before the route runs.
    if (selector.t === 'c' && !(await this.access.hasPermission(actor.userId, 'view-c-room'))) throw permissionRequired();
    // `groups.messages` refuses an archived group (`findPrivateGroupByIdOrName`'s default), `channels.messages` not.
    const room = selector.username
      ? await this.resolver.resolve(actor.userId, { roomName: selector.username, t: 'd' })
      : await this.resolver.resolve(actor.userId, selector, { checkArchived: selector.t === 'p' });
    await this.assertMayPreview(actor.userId, room);
    return this.messages.findVisiblePage(
      { rid: room._id, pinned: query.pinned, mentioningAny: query.mentionIds, starredBy: query.starredIds },
      { sort: messageSort(query.sort, { ts: -1 }), offset: query.offset, limit: this.pageSize.count(query.count) },
    );
  }

  /** `im.messages.others`: Rocket.Chat's checks in its order (permission, setting, `roomId`, a direct message). */
  async othersDirect(
    actor: Actor,
    roomId: string | undefined,
    query: { sort?: Record<string, 1 | -1>; offset: number; count?: number },
  ): Promise<Page<IMessage>> {
    // Its declared `permissionsRequired` (`view-room-administration`) is checked before the route runs.
    if (!(await this.access.hasPermission(actor.userId, 'view-room-administration'))) throw permissionRequired();
    if (this.settings.get<boolean>('API_Enable_Direct_Message_History_EndPoint') !== true) {
      throw new DomainError(ErrorCode.EndpointDisabled, 'This endpoint is disabled', { route: '/api/v1/im.messages.others' });
    }
    if (!roomId) throw new DomainError(ErrorCode.RoomIdParamNotProvided, 'The parameter "roomId" is required');
    const room = await this.rooms.findById(roomId);
    if (room?.t !== 'd') throw new DomainError(ErrorCode.RoomNotFound, `No direct message room found by the id of: ${roomId}`);
    return this.messages.findVisiblePage(
      { rid: room._id },
      { sort: messageSort(query.sort, { ts: -1 }), offset: query.offset, limit: this.pageSize.count(query.count) },
    );
  }

  async threadMessages(
    actor: Actor,
    tmid: string,
    query: { sort?: Record<string, 1 | -1>; offset: number; count?: number },
  ): Promise<Page<IMessage>> {
    if (!this.settings.get<boolean>('Threads_enabled')) throw threadsDisabled();
    const thread = await this.messages.findById(tmid);
    if (!thread) throw new DomainError(ErrorCode.InvalidMessage, 'Invalid Message');
    await this.readableOrNotAllowed(actor.userId, thread.rid);
    return this.messages.findVisiblePage(
      { tmid },
      { sort: messageSort(query.sort, { ts: 1 }), offset: query.offset, limit: this.pageSize.count(query.count) },
    );
  }

  async threadsList(
    actor: Actor,
    rid: string,
    query: { type: 'all' | 'following' | 'unread'; text?: string; sort?: Record<string, 1 | -1>; offset: number; count?: number },
  ): Promise<Page<IMessage>> {
    if (!this.settings.get<boolean>('Threads_enabled')) throw threadsDisabled();
    await this.readableOrNotAllowed(actor.userId, rid);
    const unreadIds =
      query.type === 'unread' ? ((await this.subscriptions.findByRoomAndUser(rid, actor.userId))?.tunread ?? []) : undefined;
    return this.messages.findVisiblePage(
      { rid, threads: { ids: unreadIds, followerId: query.type === 'following' ? actor.userId : undefined }, text: query.text },
      { sort: messageSort(query.sort, { tlm: -1 }), offset: query.offset, limit: this.pageSize.count(query.count) },
    );
  }

  /** Reading a room: it must be readable; a public channel without joining needs `preview-c-room`. */
  private async assertMayPreview(userId: string, room: IRoom): Promise<void> {
    if (!(await this.access.canAccessRoom(userId, room))) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    await this.assertPreviewAllowed(userId, room);
  }

  /**
   * A public channel read without joining needs `preview-c-room`. The permission (held in memory) is asked first, as
   * Rocket.Chat's loadHistory does: the membership read is needed only without it.
   */
  private async assertPreviewAllowed(userId: string, room: IRoom): Promise<void> {
    if (
      room.t === 'c' &&
      !(await this.access.hasPermission(userId, 'preview-c-room')) &&
      !(await this.subscriptions.findByRoomAndUser(room._id, userId))
    ) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
  }

  private async readableOrNotAllowed(userId: string, rid: string): Promise<void> {
    if (!(await this.access.canAccessRoom(userId, rid))) throw new DomainError(ErrorCode.NotAllowed, 'Not Allowed');
  }

  /** The first unread message after `ls`, and how many unread ones the page does not include. */
  private async unreadsBefore(rid: string, page: IMessage[], ls: Date | undefined, includeThreadReplies: boolean) {
    if (!ls || page.length === 0) return {};
    const oldestLoaded = page[page.length - 1];
    if (new Date(oldestLoaded.ts) <= new Date(ls)) return {};
    const [firstUnread, unreadNotLoaded] = await Promise.all([
      this.messages.findFirstAfter(rid, ls, includeThreadReplies),
      this.messages.countHistory({ rid, after: ls, before: oldestLoaded.ts, includeThreadReplies }),
    ]);
    return { ...(firstUnread && { firstUnread }), unreadNotLoaded };
  }
}
