import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields, optionalDate } from '../core/wire-params.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';

/**
 * What a user does about others' messages and about others: reporting a message to the moderators
 * (`rocketchat_moderation_reports`), blocking the other user of a direct message, and catching up on the
 * messages missed while disconnected.
 */

/**
 * `chat.reportMessage` / Meteor `reportMessage(messageId, description)`: answers `true`. A message that is not
 * there or that the reporter cannot read is an invalid id, an empty description invalid. `checkedBy`: the route
 * calls Rocket.Chat's `reportMessage` helper, whose bare `Error('error-invalid-message_id')` answers the id alone;
 * the method (the default) throws `Invalid message id [error-invalid-message_id]`.
 */
export const moderationReportMessage = defineRpc({
  subject: 'moderation.reportMessage',
  request: z.strictObject({
    actor: ActorField,
    messageId: EntityIdField,
    description: z.string().max(10_000),
    checkedBy: z.enum(['route', 'method']).default('method'),
  }),
  response: as<boolean>(),
})
  .post('chat.reportMessage', {
    request: ({ body, actor }) => {
      if (!body.messageId || !body.description) {
        throw new DomainError(ErrorCode.InvalidParams, 'The required "messageId" and "description" params are missing.');
      }
      return { actor, messageId: body.messageId, description: body.description, checkedBy: 'route' };
    },
    reply: () => ({}),
  })
  .method('reportMessage', {
    request: ([messageId, description], { actor }) => ({ actor, messageId, description, checkedBy: 'method' }),
  });

/**
 * `moderation.reportUser` (the web client's User info › Report) and its older name `users.reportUser`
 * (`{userId, description}`): reports another user to the moderators.
 */
export const moderationReportUser = defineRpc({
  subject: 'moderation.reportUser',
  request: z.strictObject({ actor: ActorField, userId: EntityIdField, description: z.string().min(1).max(10_000) }),
  response: as<true>(),
}).post(['moderation.reportUser', 'users.reportUser'], {
  request: ({ body, actor }) => ({ actor, userId: body.userId, description: body.description }),
  reply: () => ({}),
});

const BlockRequest = z.strictObject({ actor: ActorField, rid: EntityIdField, blocked: EntityIdField });

/** Meteor `blockUser({rid, blocked})`: the caller blocks the other user of a direct message; answers `true`. */
export const moderationBlockUser = defineRpc({
  subject: 'moderation.blockUser',
  request: BlockRequest,
  response: as<boolean>(),
}).method('blockUser', {
  request: ([params], { actor }) => {
    const { rid, blocked } = fields(params);
    return { actor, rid, blocked };
  },
});

/** Meteor `unblockUser({rid, blocked})`. */
export const moderationUnblockUser = defineRpc({
  subject: 'moderation.unblockUser',
  request: BlockRequest,
  response: as<boolean>(),
}).method('unblockUser', {
  request: ([params], { actor }) => {
    const { rid, blocked } = fields(params);
    return { actor, rid, blocked };
  },
});

/**
 * Meteor `loadMissedMessages(rid, start)`: a readable room's messages after `start`, newest first (the
 * clients call it for each open room when they reconnect); `false` for a room the caller may not read.
 */
export const messagesLoadMissed = defineRpc({
  subject: 'messages.loadMissed',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField, start: z.date() }),
  response: as<IMessage[] | false>(),
}).method('loadMissedMessages', { request: ([rid, start], { actor }) => ({ actor, rid, start: optionalDate(start) }) });
