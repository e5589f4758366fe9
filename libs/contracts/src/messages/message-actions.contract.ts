import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import { EmojiField } from './message-fields.js';

/** `chat.react` / Meteor `setReaction`: toggles the caller's reaction, or sets it with `shouldReact`. */
export const messagesReact = defineRpc({
  subject: 'messages.react',
  request: z.strictObject({
    actor: ActorField,
    messageId: EntityIdField,
    emoji: EmojiField,
    shouldReact: z.boolean().optional(),
  }),
  response: as<{ ok: true }>(),
});

/** `chat.pinMessage` (answers the `message_pinned` system message) / `chat.unPinMessage`. */
export const messagesPin = defineRpc({
  subject: 'messages.pin',
  request: z.strictObject({ actor: ActorField, messageId: EntityIdField, pinned: z.boolean() }),
  response: as<{ message?: IMessage }>(),
});

/** `chat.starMessage` / `chat.unStarMessage`. */
export const messagesStar = defineRpc({
  subject: 'messages.star',
  request: z.strictObject({ actor: ActorField, messageId: EntityIdField, starred: z.boolean() }),
  response: as<{ ok: true }>(),
});

/** `chat.followMessage` / `chat.unfollowMessage`: the caller follows a thread (or stops). */
export const messagesFollow = defineRpc({
  subject: 'messages.follow',
  request: z.strictObject({ actor: ActorField, mid: EntityIdField, follow: z.boolean() }),
  response: as<{ ok: true }>(),
});
