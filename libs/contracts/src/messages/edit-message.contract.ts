import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields } from '../core/wire-params.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';
import type { IMessage } from '../typings/message.js';
import { BlocksField, MessageCustomFieldsField } from './message-fields.js';

/** `chat.update` / Meteor `updateMessage`: new text for a message, per `edit-message` and the edit time limit. */
export const UpdateMessageRequest = z.strictObject({
  actor: ActorField,
  msgId: EntityIdField,
  /** The room the caller believes the message is in: a mismatch is refused, as Rocket.Chat does. */
  roomId: EntityIdField.optional(),
  text: z.string().max(1_000_000),
  customFields: MessageCustomFieldsField.optional(),
  /** New UI Kit blocks: an app updating its message (the apps-engine's messages bridge); not on `chat.update`. */
  blocks: BlocksField.optional(),
});

export const messagesUpdate = defineRpc({
  subject: 'messages.update',
  request: UpdateMessageRequest,
  response: as<{ message: IMessage }>(),
})
  .post('chat.update', {
    request: ({ body, actor }) => ({
      actor,
      roomId: body.roomId,
      msgId: body.msgId,
      text: body.text,
      customFields: body.customFields,
      blocks: undefined,
    }),
  })
  .method('updateMessage', {
    // Meteor passes the edited message object: `_id`, `rid`, `msg`.
    request: ([message], { actor }) => {
      const { _id, rid, msg, customFields } = fields(message);
      return { actor, msgId: _id, roomId: rid, text: msg, customFields, blocks: undefined };
    },
    reply: () => undefined,
  });

/**
 * `chat.delete` / Meteor `deleteMessage`, per `delete-message`, `delete-own-message`,
 * `force-delete-message` and the delete time limit. The message is copied to `rocketchat_trash` first.
 */
export const DeleteMessageRequest = z.strictObject({
  actor: ActorField,
  msgId: EntityIdField,
  roomId: EntityIdField.optional(),
  asUser: z.boolean().default(false),
});

export const messagesDelete = defineRpc({
  subject: 'messages.delete',
  request: DeleteMessageRequest,
  response: as<{ _id: string; ts: string; message: Pick<IMessage, '_id' | 'rid' | 'u'> }>(),
})
  .post('chat.delete', { request: ({ body, actor }) => ({ actor, roomId: body.roomId, msgId: body.msgId, asUser: body.asUser }) })
  .method('deleteMessage', {
    request: ([message], { actor }) => ({ actor, msgId: fields(message)._id }),
    reply: () => undefined,
  });
