import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import { AttachmentsField, BlocksField, MessageCustomFieldsField, MessageIdField } from './message-fields.js';

/**
 * The message a client sends (Meteor `sendMessage`, REST `chat.sendMessage`): Rocket.Chat's message object.
 * A client-chosen `_id` makes sending idempotent: a resend returns the stored message. Keys the server does
 * not take (`ts`: the server's clock dates messages; `t`, `u`, … that clients echo back) are dropped on both
 * faces alike, as Rocket.Chat's `objectMaybeIncluding` check lets them through unused.
 */
export const OutgoingMessageField = z.object({
  _id: MessageIdField.optional(),
  rid: EntityIdField,
  msg: z.string().max(1_000_000).optional(),
  tmid: EntityIdField.optional(),
  tshow: z.boolean().optional(),
  alias: z.string().max(256).optional(),
  emoji: z.string().max(128).optional(),
  avatar: z.string().max(2048).optional(),
  attachments: AttachmentsField.optional(),
  blocks: BlocksField.optional(),
  customFields: MessageCustomFieldsField.optional(),
  groupable: z.boolean().optional(),
  parseUrls: z.boolean().optional(),
});
export type OutgoingMessage = z.infer<typeof OutgoingMessageField>;

/**
 * `rid` may be missing, as Rocket.Chat's validators allow: the service refuses it in `executeSendMessage`'s
 * words.
 */
export const SendMessageRequest = z.strictObject({
  actor: ActorField,
  message: OutgoingMessageField.extend({ rid: EntityIdField.optional() }),
  previewUrls: z.array(z.string().max(2048)).max(20).optional(),
  /**
   * Who sent it, for Rocket.Chat's answers to a refusal: `rest` answers its route's bare texts, `ddp` and `internal`
   * its method's ids; its `executeSendMessage` (both faces) tells the sender in an ephemeral message, and its DDP
   * method then answers nothing unless the refusal is `error-not-allowed`. `internal` (slash commands, which answer
   * their failures themselves): no ephemeral message.
   */
  face: z.enum(['rest', 'ddp', 'internal']).default('internal'),
});

export const messagesSend = defineRpc({
  subject: 'messages.send',
  request: SendMessageRequest,
  /** `null`: a refusal the DDP method answers with nothing. */
  response: as<IMessage | null>(),
})
  .post('chat.sendMessage', {
    request: ({ body, actor }) => ({ actor, message: body.message, previewUrls: body.previewUrls, face: 'rest' }),
    reply: (message) => ({ message }),
  })
  .method('sendMessage', {
    request: ([message, previewUrls], { actor }) => ({
      actor,
      message,
      previewUrls: previewUrls ?? undefined,
      face: 'ddp',
    }),
    reply: (message) => message ?? undefined,
  });

/** A `chat.postMessage` destination: `#channel`, `@username`, a room id or name. */
const Destination = z.string().min(1).max(256);

/**
 * `chat.postMessage`: a message to a room given as `roomId`, or `channel` (`#name`, `@username`, a room id
 * or name); a public channel is joined on the way, a direct message created.
 */
export const PostMessageRequest = z.strictObject({
  actor: ActorField,
  /** One destination, or several (Rocket.Chat 7's Forward message sends the room ids). */
  roomId: z.union([Destination, z.array(Destination).min(1).max(100)]).optional(),
  channel: z.union([Destination, z.array(Destination).min(1).max(100)]).optional(),
  text: z.string().max(1_000_000).optional(),
  alias: z.string().max(256).optional(),
  emoji: z.string().max(128).optional(),
  avatar: z.string().max(2048).optional(),
  attachments: AttachmentsField.optional(),
  tmid: EntityIdField.optional(),
  parseUrls: z.boolean().optional(),
  groupable: z.boolean().optional(),
  customFields: MessageCustomFieldsField.optional(),
  /** An app's message (the apps-engine's messages bridge); Rocket.Chat's `chat.postMessage` takes no blocks. */
  blocks: BlocksField.optional(),
});

export const messagesPost = defineRpc({
  subject: 'messages.post',
  request: PostMessageRequest,
  response: as<{ channel: string; message: IMessage }>(),
}).post('chat.postMessage', {
  // Rocket.Chat's older names of the same fields are still sent by integrations and bots.
  request: ({ body, actor }) => ({
    actor,
    roomId: body.roomId,
    channel: body.channel,
    text: body.text ?? body.msg,
    alias: body.alias ?? body.username,
    emoji: body.emoji ?? body.icon_emoji,
    avatar: body.avatar ?? body.icon_url,
    attachments: body.attachments,
    tmid: body.tmid,
    parseUrls: body.parseUrls,
    groupable: body.groupable,
    customFields: body.customFields,
    blocks: undefined,
  }),
  reply: ({ channel, message }) => ({ ts: Date.now(), channel, message }),
});
