import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage, type Removed } from '@rc/contracts';
import { MessagesRepository, TrashRepository } from '@rc/models';
import { PageSize, SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';

const threadsDisabled = () => new DomainError(ErrorCode.NotAllowed, 'Threads Disabled');
const notAllowed = () => new DomainError(ErrorCode.NotAllowed, 'Not Allowed');

/** Catching up after time away: a room's threads, a thread's replies, a room's deletions since a date. */
@Injectable()
export class MessageSyncService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly messages: MessagesRepository,
    private readonly trash: TrashRepository,
    private readonly access: AccessService,
    private readonly settings: SettingsCache,
  ) {}

  /** `chat.syncThreadsList`. */
  async threads(actor: Actor, rid: string, since: Date): Promise<{ threads: { update: IMessage[]; remove: Removed[] } }> {
    if (!this.settings.get<boolean>('Threads_enabled')) throw threadsDisabled();
    if (!(await this.access.canAccessRoom(actor.userId, rid))) throw notAllowed();
    const [update, remove] = await Promise.all([
      this.messages.findThreadsUpdatedSince(rid, since),
      this.trash.findRoomThreadsDeletedSince(rid, since),
    ]);
    return { threads: { update, remove } };
  }

  /** `chat.syncThreadMessages`. */
  async thread(actor: Actor, tmid: string, since: Date): Promise<{ messages: { update: IMessage[]; remove: Removed[] } }> {
    if (!this.settings.get<boolean>('Threads_enabled')) throw threadsDisabled();
    const thread = await this.messages.findById(tmid);
    if (!thread) throw new DomainError(ErrorCode.InvalidMessage, 'Invalid Message');
    if (!(await this.access.canAccessRoom(actor.userId, thread.rid))) throw notAllowed();
    const [update, remove] = await Promise.all([
      this.messages.findThreadRepliesUpdatedSince(tmid, since),
      this.trash.findThreadRepliesDeletedSince(tmid, since),
    ]);
    return { messages: { update, remove } };
  }

  /** `chat.getDeletedMessages`: only for a room the caller may read (Rocket.Chat does not check; a leak of ids). */
  async deleted(actor: Actor, rid: string, since: Date, offset: number, count?: number) {
    if (!(await this.access.canAccessRoom(actor.userId, rid))) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    const { messages, total } = await this.trash.findRoomMessagesDeletedPage(rid, since, {
      skip: offset,
      limit: this.pageSize.count(count),
    });
    return { messages, count: messages.length, offset, total };
  }
}
