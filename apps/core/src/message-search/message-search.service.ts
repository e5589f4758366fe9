import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage, type MessageSearchProvider, type MessageSearchResult } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, SubscriptionsRepository, UsersRepository } from '@rc/models';
import { PageSize, SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import { parseMessageSearchQuery } from './message-search-query.js';

/** CJK text has no word boundaries Rocket.Chat's text index knows: it is always searched as a pattern. */
const CJK = /[\u3040-\u30ff\u3100-\u312f\u31a0-\u31bf\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/;

/**
 * Message search (Rocket.Chat's `messageSearch` and its default search provider): Rocket.Chat's query syntax
 * within one readable room, or every room the caller is subscribed to when global search is on. Rooms the
 * caller cannot read are never searched.
 */
@Injectable()
export class MessageSearchService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly access: AccessService,
    private readonly settings: SettingsCache,
  ) {}

  provider(): MessageSearchProvider {
    return {
      key: 'defaultProvider',
      description: 'You_can_search_using_RegExp_eg',
      icon: 'magnifier',
      resultTemplate: 'DefaultSearchResultTemplate',
      supportsSuggestions: false,
      suggestionItemTemplate: 'DefaultSuggestionItemTemplate',
      settings: {
        GlobalSearchEnabled: this.globalSearchEnabled(),
        PageSize: this.settings.get<number>('Search.defaultProvider.PageSize') ?? 10,
      },
    };
  }

  /**
   * `messageSearch(text, rid, limit, offset)`: the messages found, or `null` when the room asked for is not
   * readable (Rocket.Chat's `false`). Without a room, the caller's rooms when global search is on, none otherwise.
   */
  async find(actor: Actor, text: string, rid: string | undefined, limit: number, offset = 0): Promise<IMessage[] | null> {
    if (rid !== undefined && !(await this.access.canAccessRoom(actor.userId, rid))) return null;
    if (rid === undefined && !this.globalSearchEnabled()) return [];
    const user = await this.users.findById(actor.userId);
    const { filter, sort, empty } = parseMessageSearchQuery(text, {
      _id: actor.userId,
      username: actor.username,
      utcOffset: user?.utcOffset,
      forceRegex: CJK.test(text) || this.settings.get<boolean>('Message_AlwaysSearchRegExp') === true,
    });
    if (empty) return [];
    const rids = rid !== undefined ? [rid] : await this.subscriptions.roomIdsOfUser(actor.userId);
    return this.messages.search(rids, filter, { sort, skip: offset, limit });
  }

  /** `chat.search`: refused when the room is not readable. */
  async chatSearch(actor: Actor, roomId: string, searchText: string, offset: number, count?: number): Promise<{ messages: IMessage[] }> {
    const messages = await this.find(actor, searchText, roomId, this.pageSize.count(count), offset);
    if (messages === null) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    return { messages };
  }

  /** `rocketchatSearch.search`: the provider's answer, each message with its room and author. */
  async providerSearch(
    actor: Actor,
    request: { text: string; rid?: string; limit?: number; searchAll: boolean },
  ): Promise<MessageSearchResult> {
    const limit = request.limit ?? this.settings.get<number>('Search.defaultProvider.PageSize') ?? 10;
    const found = await this.find(actor, request.text, request.searchAll ? undefined : request.rid, limit);
    if (found === null) return {};
    const roomIds = [...new Set(found.map((message) => message.rid))];
    const rooms = new Map((await this.rooms.findByIds(roomIds)).map((room) => [room._id, room]));
    const docs = [];
    for (const message of found) {
      const room = rooms.get(message.rid);
      // Rocket.Chat's result validation: each hit checked against the caller's access to its room.
      if (!room || (request.searchAll && !(await this.access.canAccessRoom(actor.userId, room._id)))) continue;
      docs.push({ ...message, user: message.u._id, username: message.u.username, r: { name: room.name, t: room.t }, valid: true as const });
    }
    return { message: { docs } };
  }

  private globalSearchEnabled(): boolean {
    return this.settings.get<boolean>('Search.defaultProvider.GlobalSearchEnabled') === true;
  }
}
