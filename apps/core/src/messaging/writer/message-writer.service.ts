import { Injectable, Logger } from '@nestjs/common';
import { DomainError, ErrorCode, type IMessage, type IRoom } from '@rc/contracts';
import { isDuplicateKeyError, MessagesRepository, RoomsRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { MemberWork } from './member-work.service.js';
import { shownInRoom } from './shown-in-room.js';

export type NewMessage = Omit<IMessage, '_updatedAt'>;

/**
 * Stores a message and does what follows from it. Before the answer, a bounded number of indexed writes whatever
 * the room's size: the message (with the durable record of its member work) and, at the same time, the room (msgs,
 * lm, lastMessage); the message is delivered to the room as soon as it is stored; a thread reply's parent (tcount,
 * tlm, replies) is written after it. The members' work (their subscriptions' counters, events and
 * notifications) runs after the answer (MemberWork).
 */
@Injectable()
export class MessageWriter {
  private readonly logger = new Logger(MessageWriter.name);

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
    const updatedAt = new Date();
    // The message is counted in its room while it is being stored, not after: the answer waits one round trip less
    // and the two writes often share the database's commit (two times in three at 100 msg/s, with a fifth fewer thread
    // wake-ups in the database and NATS). A message that is not stored (a resend, a failed insert) has its count taken
    // back. A thread reply is the room's last message only when it is shown there too.
    const counting = this.rooms.recordMessage(
      { ...message, _updatedAt: updatedAt },
      shownInRoom(message) && this.settings.get<boolean>('Store_Last_Message'),
    );
    counting.catch(() => undefined); // awaited below, after the insert: not an unhandled rejection meanwhile
    let stored: IMessage;
    try {
      // The member work's durable record is a field of the message: no command of its own (MemberWork).
      const memberWorkDue = MemberWork.needed(message) ? this.memberWork.due() : undefined;
      stored = await this.messages.insert(message, { updatedAt, memberWorkDue });
    } catch (error) {
      await this.uncount(message, counting);
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.messages.findById(message._id);
      // Someone else's message under that id is none of the sender's business.
      if (!existing || existing.u._id !== message.u._id || existing.rid !== message.rid) {
        throw new DomainError(ErrorCode.InvalidMessage, 'Invalid message');
      }
      return { message: existing, room, created: false };
    }
    // Delivered as soon as its own insert is acknowledged: the database answers a write only once it is on disk, so
    // what readers get is durable (Rocket.Chat's watcher, too, delivers the message from its insert).
    this.realtime.messageUpserted(stored);
    const updatedRoom = await this.afterInsert(stored, room, counting, options.threadParent);
    return { message: stored, room: updatedRoom, created: true };
  }

  /**
   * The count of a message that was not stored, taken back as a deletion's is (RoomsRepository.removeMessage): one
   * fewer, and the room's newest stored message as its last (`lastMessage`, `lm`) when the count had made this one
   * the last. Nobody was told of the count (the room's event follows a stored message only).
   */
  private async uncount(message: NewMessage, counting: Promise<IRoom | null>): Promise<void> {
    const counted = await counting.catch(() => null);
    if (!counted) return;
    try {
      const replacement = counted.lastMessage?._id === message._id ? await this.messages.findLastVisible(message.rid) : undefined;
      await this.rooms.removeMessage(message.rid, replacement, true);
    } catch (error) {
      this.logger.warn(`room ${message.rid}: the count of message ${message._id}, not stored, not taken back: ${(error as Error).message}`);
    }
  }

  private async afterInsert(message: IMessage, room: IRoom, counted: Promise<IRoom | null>, threadParent?: IMessage): Promise<IRoom> {
    const inRoom = shownInRoom(message);
    const memberWork = MemberWork.needed(message);
    // The thread's parent needs the stored reply; the room's count went out with the insert.
    const [parent, updatedRoom] = await Promise.all([
      // The thread's author follows it from the first reply, as in Rocket.Chat.
      message.tmid
        ? this.messages.recordThreadReply(message.tmid, [...new Set([threadParent?.u._id ?? message.u._id, message.u._id])], message.ts)
        : null,
      counted,
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
