import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import { EmojiField } from './message-fields.js';

/**
 * `chat.react` / Meteor `setReaction`: toggles the caller's reaction, or sets it with `shouldReact`. `checkedBy`:
 * the route answers Rocket.Chat's bare read-only refusal as its text alone, the method keeps the id.
 */
export const messagesReact = defineRpc({
  subject: 'messages.react',
  request: z.strictObject({
    actor: ActorField,
    messageId: EntityIdField,
    emoji: EmojiField,
    shouldReact: z.boolean().optional(),
    checkedBy: z.enum(['route', 'method']).default('method'),
  }),
  response: as<{ ok: true }>(),
})
  .post('chat.react', {
    // `emoji`, or the older `reaction`; `shouldReact` forces on or off.
    request: ({ body, actor }) => ({
      actor,
      messageId: body.messageId,
      emoji: body.emoji ?? body.reaction,
      shouldReact: body.shouldReact,
      checkedBy: 'route',
    }),
    reply: () => ({}),
  })
  .method('setReaction', {
    request: ([reaction, messageId, shouldReact], { actor }) => ({
      actor,
      messageId,
      emoji: reaction,
      shouldReact: shouldReact ?? undefined,
      checkedBy: 'method',
    }),
    reply: () => undefined,
  });

/** `chat.pinMessage` (answers the `message_pinned` system message) / `chat.unPinMessage`. */
export const messagesPin = defineRpc({
  subject: 'messages.pin',
  request: z.strictObject({ actor: ActorField, messageId: EntityIdField, pinned: z.boolean() }),
  response: as<{ message?: IMessage }>(),
})
  .post('chat.pinMessage', { request: ({ body, actor }) => ({ actor, messageId: body.messageId, pinned: true }) })
  .post('chat.unPinMessage', { request: ({ body, actor }) => ({ actor, messageId: body.messageId, pinned: false }), reply: () => ({}) });

/** `chat.starMessage` / `chat.unStarMessage`. */
export const messagesStar = defineRpc({
  subject: 'messages.star',
  request: z.strictObject({ actor: ActorField, messageId: EntityIdField, starred: z.boolean() }),
  response: as<{ ok: true }>(),
})
  .post('chat.starMessage', { request: ({ body, actor }) => ({ actor, messageId: body.messageId, starred: true }), reply: () => ({}) })
  .post('chat.unStarMessage', { request: ({ body, actor }) => ({ actor, messageId: body.messageId, starred: false }), reply: () => ({}) });

/** `chat.followMessage` / `chat.unfollowMessage`: the caller follows a thread (or stops). */
export const messagesFollow = defineRpc({
  subject: 'messages.follow',
  request: z.strictObject({ actor: ActorField, mid: EntityIdField, follow: z.boolean() }),
  response: as<{ ok: true }>(),
})
  .post('chat.followMessage', { request: ({ body, actor }) => ({ actor, mid: body.mid, follow: true }), reply: () => ({}) })
  .post('chat.unfollowMessage', { request: ({ body, actor }) => ({ actor, mid: body.mid, follow: false }), reply: () => ({}) });
