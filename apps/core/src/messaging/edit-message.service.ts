import { Injectable, Optional } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage, type messagesUpdate, type RpcRequest } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, UsersRepository, TRASHED, TrashRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { SettingsCache } from '@rc/settings';
import { BadWordsService } from './bad-words.service.js';
import { FileRemover } from '../uploads/file-remover.service.js';
import { MessageComposer } from './message-composer.service.js';
import { MessageGuard } from './message-guard.service.js';
import { SendMessageService } from './send-message.service.js';
import { assertMessageCustomFields } from './message-custom-fields.js';

/** What an edit names: the message, the room its sender believes it is in, the new text, and who checks (`checkedBy`). */
export type MessageEdit = Omit<RpcRequest<typeof messagesUpdate>, 'actor'>;

const MINUTE_MS = 60_000;
const minutesSince = (ts: Date) => Math.round((Date.now() - new Date(ts).getTime()) / MINUTE_MS);

/** Rocket.Chat's `updateMessage` and `deleteMessage`, with their permissions and time limits. */
@Injectable()
export class EditMessageService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly users: UsersRepository,
    private readonly trash: TrashRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly guard: MessageGuard,
    private readonly composer: MessageComposer,
    private readonly sender: SendMessageService,
    private readonly realtime: RealtimePublisher,
    /** Absent in the unit specs' world, which has no file storage. */
    @Optional() private readonly files?: FileRemover,
    @Optional() private readonly badWords?: BadWordsService,
  ) {}

  /**
   * `edit-message` lets one edit anyone's messages; otherwise one's own while `Message_AllowEditing`, within
   * `Message_AllowEditing_BlockEditInMinutes` (0: no limit) unless `bypass-time-limit-edit-and-delete`.
   */
  async update(actor: Actor, edit: MessageEdit): Promise<IMessage | undefined> {
    const { customFields, blocks } = edit;
    const text = this.badWords ? this.badWords.clean(edit.text) : edit.text;
    const original = await this.findEdited(edit);
    if (!original) return undefined;
    if (original.t) throw new DomainError(ErrorCode.ActionNotAllowed, 'Message editing not allowed', { action: 'Message_editing' });
    if (original.msg === text && customFields === undefined && blocks === undefined) return original;
    assertMessageCustomFields(customFields, this.settings);
    this.sender.assertSize(text);

    const canEditAny = await this.access.hasPermission(actor.userId, 'edit-message', original.rid);
    const ownAndAllowed = original.u._id === actor.userId && this.settings.get<boolean>('Message_AllowEditing');
    if (!canEditAny && !ownAndAllowed) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Message editing not allowed', { action: 'Message_editing' });
    }
    const blockAfter = this.settings.get<number>('Message_AllowEditing_BlockEditInMinutes');
    if (
      blockAfter &&
      minutesSince(original.ts) >= blockAfter &&
      !(await this.access.hasPermission(actor.userId, 'bypass-time-limit-edit-and-delete'))
    ) {
      throw new DomainError(ErrorCode.MessageEditingBlocked, 'Message editing is blocked');
    }
    const [user, room] = await Promise.all([this.users.findRoomUserById(actor.userId), this.rooms.findById(original.rid)]);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    if (!room) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
    await this.guard.assertCanPost(room, user);

    const composed = await this.composer.compose(text, actor.userId, room, original.parseUrls !== false);
    // Rocket.Chat's `Message_KeepHistory`: the version being replaced stays, hidden, as the edit's history.
    if (this.settings.get<boolean>('Message_KeepHistory')) {
      await this.messages.insertHistoryCopy(original, { _id: user._id, username: user.username });
    }
    const updated = await this.messages.update(original._id, {
      $set: {
        msg: text,
        md: composed.md,
        mentions: composed.mentions,
        channels: composed.channels,
        urls: composed.urls,
        editedAt: new Date(),
        editedBy: { _id: user._id, username: user.username },
        ...(customFields && { customFields }),
        ...(blocks && { blocks }),
      },
    });
    if (!updated) throw new DomainError(ErrorCode.InvalidMessage, 'Invalid message');
    this.realtime.messageUpserted(updated);
    this.realtime.messageEdited(updated, room);
    if (room.lastMessage?._id === updated._id && (await this.rooms.refreshLastMessage(updated))) await this.announceRoom(room._id);
    return updated;
  }

  /**
   * `force-delete-message` deletes anything; otherwise `delete-message` (anyone's) or `delete-own-message`,
   * while `Message_AllowDeleting`, within `Message_AllowDeleting_BlockDeleteInMinutes`. The message is copied
   * to `rocketchat_trash` before it goes; a thread's first message stays as "message removed" (`t: 'rm'`).
   */
  async delete(actor: Actor, msgId: string, roomId: string | undefined, asUser: boolean) {
    // REST `chat.delete` names the room and answers its own checks as `API.v1.failure('<text>')`; Meteor's
    // `deleteMessage` names none.
    const rest = roomId !== undefined;
    const message = await this.findMessage(msgId, roomId, rest);
    if (asUser && message.u._id !== actor.userId && !(await this.access.hasPermission(actor.userId, 'force-delete-message', message.rid))) {
      throw new DomainError(
        ErrorCode.PlainFailure,
        'Unauthorized. You must have the permission "force-delete-message" to delete other\'s message as them.',
      );
    }
    const deleterId = asUser ? message.u._id : actor.userId;
    const deleter = await this.users.findRoomUserById(deleterId);
    if (!deleter?.username || !(await this.canDelete(deleterId, message))) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Not allowed');
    }
    await this.remove(message, { _id: deleter._id, username: deleter.username });
    return { _id: message._id, ts: Date.now().toString(), message: { _id: message._id, rid: message.rid, u: message.u } };
  }

  /**
   * Removes a message already checked (`chat.delete` after its permissions; the moderation console's
   * `deleteReportedMessages`, which needs `manage-moderation-actions` instead), with every consequence.
   */
  async remove(message: IMessage, by: { _id: string; username: string }): Promise<void> {
    // Rocket.Chat's rules: with `Message_KeepHistory` the message stays (hidden, or as history beside the
    // "message removed" note); with `Message_ShowDeletedStatus` its place stays as that note (`t: 'rm'`); a
    // thread's first message always keeps both. Otherwise it goes to the trash.
    const isThreadStart = (message.tcount ?? 0) > 0;
    const keepHistory = this.settings.get<boolean>('Message_KeepHistory') || isThreadStart;
    const showDeletedStatus = this.settings.get<boolean>('Message_ShowDeletedStatus') || isThreadStart;
    let replacement: IMessage | null = null;
    if (showDeletedStatus) {
      if (keepHistory && !isThreadStart) await this.messages.insertHistoryCopy(message, by);
      replacement = await this.messages.update(message._id, {
        $set: {
          msg: '',
          t: 'rm',
          urls: [],
          mentions: [],
          attachments: [],
          reactions: {},
          editedAt: new Date(),
          editedBy: by,
        },
        $unset: { md: 1, tshow: 1 },
      });
      if (replacement) this.realtime.messageUpserted(replacement);
    } else if (keepHistory) {
      await this.messages.update(message._id, { $set: { _hidden: true } });
      this.realtime.messageDeleted(message);
    } else {
      await this.trash.put(TRASHED.message, [message]);
      await this.messages.deleteById(message._id);
      this.realtime.messageDeleted(message);
    }
    // A file goes with its message, unless the message is kept as history.
    if (message.files?.length && !this.settings.get<boolean>('Message_KeepHistory')) {
      await this.files?.remove(message.files.map((file) => file._id));
    }
    if (message.tmid) {
      const parent = await this.messages.forgetThreadReply(message.tmid);
      if (parent) this.realtime.messageUpserted(parent);
    }
    const room = await this.rooms.findById(message.rid);
    if (room) {
      const wasLast = room.lastMessage?._id === message._id;
      const newLast = wasLast ? (showDeletedStatus ? replacement : await this.messages.findLastVisible(room._id)) : undefined;
      await this.rooms.removeMessage(room._id, newLast);
      if (wasLast) await this.announceRoom(room._id);
    }
  }

  private async canDelete(userId: string, message: IMessage): Promise<boolean> {
    if (await this.access.hasPermission(userId, 'force-delete-message', message.rid)) return true;
    if (!this.settings.get<boolean>('Message_AllowDeleting')) return false;
    const allowed =
      (await this.access.hasPermission(userId, 'delete-message', message.rid)) ||
      (message.u._id === userId && (await this.access.hasPermission(userId, 'delete-own-message', message.rid)));
    if (!allowed) return false;
    const blockAfter = this.settings.get<number>('Message_AllowDeleting_BlockDeleteInMinutes');
    if (
      blockAfter &&
      minutesSince(message.ts) > blockAfter &&
      !(await this.access.hasPermission(userId, 'bypass-time-limit-edit-and-delete'))
    ) {
      return false;
    }
    const room = await this.rooms.findById(message.rid);
    if (room?.ro && !(await this.access.hasPermission(userId, 'post-readonly', message.rid))) {
      throw new DomainError(ErrorCode.ReadOnly, "You can't delete messages because the room is readonly.");
    }
    return true;
  }

  /**
   * The message `chat.update` or Meteor's `updateMessage` edits (`checkedBy`): the route refuses an unknown message
   * or another room with its texts alone; the method ignores an unknown message and refuses another `rid` as a key
   * it may not change.
   */
  private async findEdited({ msgId, roomId, checkedBy = 'method' }: MessageEdit): Promise<IMessage | undefined> {
    if (checkedBy === 'route') return this.findMessage(msgId, roomId, true);
    const message = await this.messages.findById(msgId);
    if (message && roomId !== undefined && roomId !== message.rid) {
      throw new DomainError(ErrorCode.InvalidUpdateKey, 'Cannot update the message rid', { method: 'updateMessage' });
    }
    return message ?? undefined;
  }

  /** The message, in the room named if one is (`plain`: Rocket.Chat's route texts alone, without an id). */
  private async findMessage(msgId: string, roomId: string | undefined, plain = false): Promise<IMessage> {
    const message = await this.messages.findById(msgId);
    if (!message)
      throw new DomainError(plain ? ErrorCode.PlainFailure : ErrorCode.MessageNotFound, `No message found with the id of "${msgId}".`);
    if (roomId !== undefined && roomId !== message.rid) {
      throw new DomainError(
        plain ? ErrorCode.PlainFailure : ErrorCode.InvalidParams,
        'The room id provided does not match where the message is from.',
      );
    }
    return message;
  }

  private async announceRoom(rid: string): Promise<void> {
    const room = await this.rooms.findById(rid);
    if (room) this.realtime.roomChanged('updated', room);
  }
}
