import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage, type Page } from '@rc/contracts';
import { MessagesRepository } from '@rc/models';
import { AccessService } from '../common/access.service.js';
import { messageSort } from './message-sort.js';
import { PageSize } from '@rc/settings';

/** A room's side panels: the caller's starred messages, the pinned ones, the ones mentioning the caller; newest first. */
@Injectable()
export class MessageListsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly messages: MessagesRepository,
    private readonly access: AccessService,
  ) {}

  async list(
    actor: Actor,
    kind: 'starred' | 'pinned' | 'mentioned',
    roomId: string,
    query: { sort?: Record<string, 1 | -1>; offset: number; count?: number },
  ): Promise<Page<IMessage>> {
    if (!(await this.access.canAccessRoom(actor.userId, roomId))) {
      // chat.getPinnedMessages refuses in the route (a Meteor.Error); the starred and mentioned lists in Rocket.Chat's
      // `findStarredMessages` / `findMentionedMessages`, with a bare `Error('error-not-allowed')`: that text alone.
      throw kind === 'pinned'
        ? new DomainError(ErrorCode.NotAllowed, 'Not allowed')
        : new DomainError(ErrorCode.PlainFailure, 'error-not-allowed');
    }
    return this.messages.findVisiblePage(
      {
        rid: roomId,
        pinned: kind === 'pinned' || undefined,
        starredBy: kind === 'starred' ? [actor.userId] : undefined,
        mentioning: kind === 'mentioned' ? actor.username : undefined,
      },
      { sort: messageSort(query.sort, { ts: -1 }), offset: query.offset, limit: this.pageSize.count(query.count) },
    );
  }
}
