import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type ChannelMention, type IRoom, type MessageMention } from '@rc/contracts';
import { RoomsStore, RoomUsersRepository } from '@rc/models';
import { AccessService } from '../common/access.service.js';
import { MarkdownParser } from './writer/markdown-parser.service.js';
import { findReferences } from './writer/markdown.js';

export interface ComposedText {
  md: unknown[];
  mentions: MessageMention[];
  channels: ChannelMention[];
  urls: Array<{ url: string; ignoreParse?: boolean }>;
}

/**
 * What the server derives from a message's text, as Rocket.Chat's `beforeSave` hooks: `md` from
 * `@rocket.chat/message-parser`, `mentions` (`@username` resolved to users, `@all` and `@here`, which need
 * `mention-all` / `mention-here`), `channels` (`#name` resolved to rooms) and `urls`.
 */
@Injectable()
export class MessageComposer {
  constructor(
    private readonly users: RoomUsersRepository,
    private readonly rooms: RoomsStore,
    private readonly access: AccessService,
    private readonly markdown: MarkdownParser,
  ) {}

  async compose(msg: string, senderId: string, room: IRoom, parseUrls = true): Promise<ComposedText> {
    const md = await this.markdown.parse(msg);
    const refs = findReferences(md);
    const groupMentions = refs.users.filter((name) => name === 'all' || name === 'here');
    const userMentions = refs.users.filter((name) => name !== 'all' && name !== 'here');
    for (const group of groupMentions) {
      if (!(await this.access.hasPermission(senderId, group === 'all' ? 'mention-all' : 'mention-here', room._id))) {
        throw new DomainError(ErrorCode.ActionNotAllowed, 'Notify all in this room not allowed', { action: 'Notify_all_in_this_room' });
      }
    }
    const [users, channels] = await Promise.all([this.users.findByUsernames(userMentions), this.rooms.findMentionable(refs.channels)]);
    return {
      md,
      mentions: [
        ...groupMentions.map((name) => ({ _id: name, username: name })),
        ...users.map((u) => ({ _id: u._id, username: u.username, ...(u.name !== undefined && { name: u.name }), type: 'user' as const })),
      ],
      channels: channels.map((c) => ({ _id: c._id, name: c.name! })),
      urls: parseUrls ? refs.urls.map((url) => ({ url })) : [],
    };
  }
}
