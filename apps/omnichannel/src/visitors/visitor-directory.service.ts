import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type ILivechatRoom } from '@rc/contracts';
import { LivechatVisitorsRepository, MessagesRepository, RoomsRepository, SubscriptionsRepository } from '@rc/models';
import { PermissionChecker } from '@rc/permissions';

const page = <K extends string, T>(key: K, items: T[], offset: number, total: number) =>
  ({ [key]: items, count: items.length, offset, total }) as { [k in K]: T[] } & { count: number; offset: number; total: number };

/** The agents' view of visitors (`livechat/visitors.*`, `view-l-room`): who they are, where they went, their chats. */
@Injectable()
export class VisitorDirectoryService {
  constructor(
    private readonly permissions: PermissionChecker,
    private readonly visitors: LivechatVisitorsRepository,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly subscriptions: SubscriptionsRepository,
  ) {}

  private async require(actor: Actor): Promise<void> {
    if (!(await this.permissions.check(actor.userId, ['view-l-room']))) {
      throw new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');
    }
  }

  async info(actor: Actor, visitorId: string) {
    await this.require(actor);
    const visitor = await this.visitors.findById(visitorId);
    if (!visitor) throw new DomainError(ErrorCode.LivechatVisitorNotFound, 'visitor-not-found');
    return { visitor };
  }

  async search(actor: Actor, term: string | undefined, offset: number, count: number) {
    await this.require(actor);
    const { items, total } = await this.visitors.page({ text: term }, offset, count);
    return page('visitors', items, offset, total);
  }

  async autocomplete(actor: Actor, term: string, exceptions: string[] | undefined) {
    await this.require(actor);
    return { items: await this.visitors.autocomplete(term, exceptions ?? [], 10) };
  }

  async pagesVisited(actor: Actor, roomId: string, offset: number, count: number) {
    await this.require(actor);
    if (!(await this.rooms.findLivechatById(roomId))) throw new DomainError(ErrorCode.InvalidRoom, 'invalid-room');
    const { items, total } = await this.messages.findLivechatNavigationPage(roomId, offset, count);
    return page('pages', items, offset, total);
  }

  /** The room the agent looks from: it exists, and they serve it, joined it or may see every livechat room. */
  private async accessibleRoom(actor: Actor, roomId: string): Promise<ILivechatRoom> {
    const room = await this.rooms.findLivechatById(roomId);
    if (!room) throw new DomainError(ErrorCode.InvalidRoom, 'invalid-room');
    if (room.servedBy?._id === actor.userId) return room;
    if (await this.subscriptions.findByRoomAndUser(roomId, actor.userId)) return room;
    if (await this.permissions.check(actor.userId, ['view-livechat-rooms'])) return room;
    throw new DomainError(ErrorCode.NotAllowed, 'error-not-allowed');
  }

  async chatHistory(actor: Actor, roomId: string, visitorId: string, offset: number, count: number) {
    await this.require(actor);
    await this.accessibleRoom(actor, roomId);
    const { items, total } = await this.rooms.findLivechatPageOfVisitor(visitorId, {}, offset, count);
    return page('history', items, offset, total);
  }

  async searchChats(
    actor: Actor,
    request: { roomId: string; visitorId: string; searchText?: string; closedChatsOnly?: boolean; servedChatsOnly?: boolean },
    offset: number,
    count: number,
  ) {
    await this.require(actor);
    await this.accessibleRoom(actor, request.roomId);
    const text = request.searchText?.trim() || undefined;
    const textRoomIds = text
      ? await this.messages.findRoomIdsWithText(await this.rooms.findLivechatIdsOfVisitor(request.visitorId), text)
      : undefined;
    const { items, total } = await this.rooms.findLivechatPageOfVisitor(
      request.visitorId,
      { closed: request.closedChatsOnly, served: request.servedChatsOnly, text, textRoomIds },
      offset,
      count,
    );
    return page('history', items, offset, total);
  }
}
