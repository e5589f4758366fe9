import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import { AttachmentsField, MessageCustomFieldsField, MessageIdField } from './message-fields.js';

/**
 * The message a client sends (Meteor `sendMessage`, REST `chat.sendMessage`): Rocket.Chat's message object.
 * A client-chosen `_id` makes sending idempotent: a resend returns the stored message.
 */
export const OutgoingMessageField = z.strictObject({
  _id: MessageIdField.optional(),
  rid: EntityIdField,
  msg: z.string().max(1_000_000).optional(),
  tmid: EntityIdField.optional(),
  tshow: z.boolean().optional(),
  alias: z.string().max(256).optional(),
  emoji: z.string().max(128).optional(),
  avatar: z.string().max(2048).optional(),
  attachments: AttachmentsField.optional(),
  customFields: MessageCustomFieldsField.optional(),
  groupable: z.boolean().optional(),
  parseUrls: z.boolean().optional(),
  /** Accepted for compatibility; the server's clock decides (Rocket.Chat allows a small skew only). */
  ts: z.date().optional(),
});
export type OutgoingMessage = z.infer<typeof OutgoingMessageField>;

export const SendMessageRequest = z.strictObject({
  actor: ActorField,
  message: OutgoingMessageField,
  previewUrls: z.array(z.string().max(2048)).max(20).optional(),
});

export const messagesSend = defineRpc({
  subject: 'messages.send',
  request: SendMessageRequest,
  response: as<IMessage>(),
});

/**
 * `chat.postMessage`: a message to a room given as `roomId`, or `channel` (`#name`, `@username`, a room id
 * or name); a public channel is joined on the way, a direct message created.
 */
export const PostMessageRequest = z.strictObject({
  actor: ActorField,
  roomId: z.string().min(1).max(256).optional(),
  channel: z.string().min(1).max(256).optional(),
  text: z.string().max(1_000_000).optional(),
  alias: z.string().max(256).optional(),
  emoji: z.string().max(128).optional(),
  avatar: z.string().max(2048).optional(),
  attachments: AttachmentsField.optional(),
  tmid: EntityIdField.optional(),
  parseUrls: z.boolean().optional(),
  groupable: z.boolean().optional(),
  customFields: MessageCustomFieldsField.optional(),
});

export const messagesPost = defineRpc({
  subject: 'messages.post',
  request: PostMessageRequest,
  response: as<{ channel: string; message: IMessage }>(),
});
