import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { page, pagination, sort } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields, SortField, type Page } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';

/** The room's side panels: the caller's starred messages, the pinned ones, the ones mentioning the caller. */
export const MessageListKind = z.enum(['starred', 'pinned', 'mentioned']);

export const messagesListOf = defineRpc({
  subject: 'messages.listOf',
  request: z.strictObject({
    actor: ActorField,
    kind: MessageListKind,
    roomId: EntityIdField,
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<Page<IMessage>>(),
}).get(['chat.getStarredMessages', 'chat.getPinnedMessages', 'chat.getMentionedMessages'], {
  request: ({ path, query, actor }) => ({
    actor,
    kind: path === 'chat.getStarredMessages' ? 'starred' : path === 'chat.getPinnedMessages' ? 'pinned' : 'mentioned',
    roomId: query.roomId,
    sort: sort(query.sort),
    ...pagination(query),
  }),
  reply: (result) => page('messages', result),
});
