import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage, type SurroundingMessages } from '@rc/contracts';
import { MessagesRepository } from '@rc/models';
import { SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';

/** The Meteor methods a client pages with beside `loadHistory`: around a message, after a date, a thread. */
@Injectable()
export class MessagePagesService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly access: AccessService,
    private readonly settings: SettingsCache,
  ) {}

  /**
   * `loadSurroundingMessages`: up to `limit` messages with the one asked for in the middle (half the rest
   * before it, half after), oldest first; `false` for an unknown message or an unreadable room, as Rocket.Chat.
   */
  async surrounding(actor: Actor, mid: string | undefined, limit: number): Promise<SurroundingMessages | false> {
    const message = mid ? await this.messages.findById(mid) : null;
    if (!message || !(await this.access.canAccessRoom(actor.userId, message.rid))) return false;
    const rest = limit - 1;
    const beforeLimit = Math.ceil(rest / 2);
    const afterLimit = Math.floor(rest / 2);
    const [before, after] = await Promise.all([
      beforeLimit > 0
        ? this.messages.findHistory({ rid: message.rid, before: message.ts, includeThreadReplies: true, limit: beforeLimit })
        : [],
      afterLimit > 0 ? this.messages.findAfter({ rid: message.rid, after: message.ts, includeThreadReplies: true, limit: afterLimit }) : [],
    ]);
    return {
      messages: [...before.reverse(), message, ...after],
      moreBefore: beforeLimit > 0 && before.length === beforeLimit,
      moreAfter: afterLimit > 0 && after.length === afterLimit,
    };
  }

  /** `loadNextMessages`: the page after `end` (from the room's start without it), oldest first; `false` unreadable. */
  async next(actor: Actor, rid: string, end: Date | undefined, limit: number): Promise<{ messages: IMessage[] } | false> {
    if (!(await this.access.canAccessRoom(actor.userId, rid))) return false;
    return { messages: await this.messages.findAfter({ rid, after: end, includeThreadReplies: true, limit }) };
  }

  /** `getThreadMessages`: the thread's first message, then its replies newest first; nothing for an unknown thread. */
  async thread(actor: Actor, tmid: string, limit = 0, skip = 0): Promise<IMessage[]> {
    if (!this.settings.get<boolean>('Threads_enabled')) throw new DomainError(ErrorCode.NotAllowed, 'Threads Disabled');
    const thread = await this.messages.findById(tmid);
    if (!thread) return [];
    if (!(await this.access.canAccessRoom(actor.userId, thread.rid))) throw new DomainError(ErrorCode.NotAllowed, 'Not Allowed');
    if (!thread.tcount) return [];
    const { items } = await this.messages.findVisiblePage({ tmid }, { sort: { ts: -1 }, offset: skip, limit });
    return [thread, ...items];
  }
}
