import { Injectable } from '@nestjs/common';
import type { IMessage, IRoom, MessageAttachment, UserRef } from '@rc/contracts';
import { randomId } from '@rc/models';
import { MessageWriter } from './message-writer.service.js';

/** Rocket.Chat's system message types this server writes. */
export type SystemMessageType =
  | 'uj' // user joined
  | 'ul' // user left
  | 'au' // user added by someone
  | 'ru' // user removed by someone
  | 'r' // room renamed
  | 'room_changed_topic'
  | 'room_changed_description'
  | 'room_changed_announcement'
  | 'room_changed_avatar'
  | 'room-set-read-only'
  | 'room-removed-read-only'
  | 'room-archived'
  | 'room-unarchived'
  | 'room-allowed-reacting'
  | 'room-disallowed-reacting'
  | 'room_e2e_enabled'
  | 'room_e2e_disabled'
  | 'subscription-role-added'
  | 'subscription-role-removed'
  | 'message_pinned'
  | 'ujt' // user joined team
  | 'ult' // user left team
  | 'added-user-to-team'
  | 'removed-user-from-team'
  | 'user-added-room-to-team'
  | 'user-removed-room-from-team'
  | 'room_changed_privacy'
  | 'user-converted-to-team'
  | 'user-converted-to-channel'
  | 'user-muted'
  | 'user-unmuted'
  | 'discussion-created';

/**
 * Rocket.Chat's `Message.saveSystemMessage`: a message with a type `t`, the subject in `msg` (a username,
 * the new name, …) and the acting user in `u`. It counts in the room (msgs, lastMessage) like any message.
 */
@Injectable()
export class SystemMessages {
  constructor(private readonly writer: MessageWriter) {}

  async save(
    type: SystemMessageType,
    room: IRoom,
    msg: string,
    by: UserRef,
    extra: { role?: string; attachments?: MessageAttachment[]; drid?: string } = {},
  ): Promise<IMessage> {
    const { message } = await this.writer.insert(
      {
        _id: randomId(),
        t: type,
        rid: room._id,
        msg,
        ts: new Date(),
        u: { _id: by._id, username: by.username, ...(by.name !== undefined && { name: by.name }) },
        groupable: false,
        ...extra,
      },
      room,
    );
    return message;
  }
}
