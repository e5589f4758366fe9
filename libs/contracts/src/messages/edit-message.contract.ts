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
  /**
   * Whose checks answer a message that is not there or not in `roomId`. `route`: REST `chat.update`, which looks
   * the message up itself and answers `API.v1.failure('No message found with the id of "…".')` / `'The room id
   * provided does not match where the message is from.'` (texts alone). `method` (the default): Meteor
   * `updateMessage`, for which an unknown message changes nothing and answers nothing, and another `rid` is a key
   * it may not change (`Cannot update the message rid [error-invalid-update-key]`).
   */
  checkedBy: z.enum(['route', 'method']).default('method'),
});

export const messagesUpdate = defineRpc({
  subject: 'messages.update',
  request: UpdateMessageRequest,
  /** No message where Meteor's `updateMessage` found none to edit. */
  response: as<{ message?: IMessage }>(),
})
  .post('chat.update', {
    request: ({ body, actor }) => ({
      actor,
      roomId: body.roomId,
      msgId: body.msgId,
      text: body.text,
      customFields: body.customFields,
      blocks: undefined,
      checkedBy: 'route',
    }),
  })
  .method('updateMessage', {
    // Meteor passes the edited message object: `_id`, `rid`, `msg`.
    request: ([message], { actor }) => {
      const { _id, rid, msg, customFields } = fields(message);
      return { actor, msgId: _id, roomId: rid, text: msg, customFields, blocks: undefined, checkedBy: 'method' };
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
