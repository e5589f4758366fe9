import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type IMessage, type IRoom } from '@rc/contracts';
import { isDuplicateKeyError, MessagesRepository, RoomsRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { MemberWork } from './member-work.service.js';

export type NewMessage = Omit<IMessage, '_updatedAt'>;

/**
 * Stores a message and does what follows from it. Before the answer, a bounded number of indexed writes whatever
 * the room's size: the message (with the durable record of its member work), delivered to the room at once; then
 * together the room (msgs, lm, lastMessage) and the thread parent (tcount, tlm, replies), and their events. The members'
 * work (their subscriptions' counters, events and notifications) runs after the answer (MemberWork).
 */
@Injectable()
export class MessageWriter {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
    private readonly memberWork: MemberWork,
  ) {}

  /**
   * Inserts the message. A message whose `_id` already exists (a resend) is not stored twice: the stored one
   * is returned, with `created: false`, and nothing else happens again.
   */
  async insert(
    message: NewMessage,
    room: IRoom,
    options: { threadParent?: IMessage } = {},
  ): Promise<{ message: IMessage; room: IRoom; created: boolean }> {
    let stored: IMessage;
    try {
      // The member work's durable record is a field of the message: no command of its own (MemberWork).
      stored = await this.messages.insert(message, MemberWork.needed(message) ? { memberWorkDue: this.memberWork.due() } : {});
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.messages.findById(message._id);
      // Someone else's message under that id is none of the sender's business.
      if (!existing || existing.u._id !== message.u._id || existing.rid !== message.rid) {
        throw new DomainError(ErrorCode.InvalidMessage, 'Invalid message');
      }
      return { message: existing, room, created: false };
    }
    // Delivered as soon as its own insert is acknowledged: the database answers a write only once it is on disk, so
    // what readers get is durable, and they do not wait for the room's update, a commit of its own (Rocket.Chat's
    // watcher, too, delivers the message from its insert).
    this.realtime.messageUpserted(stored);
    const updatedRoom = await this.afterInsert(stored, room, options.threadParent);
    return { message: stored, room: updatedRoom, created: true };
  }

  private async afterInsert(message: IMessage, room: IRoom, threadParent?: IMessage): Promise<IRoom> {
    const inRoom = !message.tmid || message.tshow === true;
    const memberWork = MemberWork.needed(message);
    // The room and the thread's parent are independent writes: both at once.
    const [parent, updatedRoom] = await Promise.all([
      // The thread's author follows it from the first reply, as in Rocket.Chat.
      message.tmid
        ? this.messages.recordThreadReply(message.tmid, [...new Set([threadParent?.u._id ?? message.u._id, message.u._id])], message.ts)
        : null,
      this.rooms.recordMessage(message, inRoom && this.settings.get<boolean>('Store_Last_Message')),
    ]);
    const current = updatedRoom ?? room;
    // A discussion's counters on the messages that point at it (Rocket.Chat's `refreshDiscussionMetadata`).
    if (current.prid && inRoom) {
      for (const pointer of await this.messages.refreshDiscussionMetadata(current._id, current.msgs, current.lm ?? message.ts)) {
        this.realtime.messageUpserted(pointer);
      }
    }
    this.realtime.messageCreated(message, current);
    if (parent) this.realtime.messageUpserted(parent);
    if (inRoom) this.realtime.roomChanged('updated', current);
    if (memberWork) this.memberWork.start({ message, room: current, parent });
    return current;
  }
}
