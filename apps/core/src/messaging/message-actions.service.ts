import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, UsersRepository, SubscriptionsRepository, toUserRef } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { SettingsCache } from '@rc/settings';
import { EmojiCatalog } from './emoji-catalog.service.js';
import { MessageGuard, type CheckedBy } from './message-guard.service.js';
import { SystemMessages } from './writer/system-messages.service.js';

const notAuthorized = () => new DomainError(ErrorCode.NotAuthorized, 'Not Authorized');

/** Reactions, pins, stars and thread follows (Rocket.Chat's `setReaction`, `pinMessage`, `starMessage`, `followMessage`). */
@Injectable()
export class MessageActionsService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly access: AccessService,
    private readonly guard: MessageGuard,
    private readonly systemMessages: SystemMessages,
    private readonly realtime: RealtimePublisher,
    private readonly emojis: EmojiCatalog,
  ) {}

  /** Toggles the caller's reaction; `shouldReact` forces adding (true) or removing (false). */
  async react(
    actor: Actor,
    messageId: string,
    emoji: string,
    shouldReact?: boolean,
    checkedBy: CheckedBy = 'method',
  ): Promise<{ ok: true }> {
    const message = await this.findMessage(messageId);
    // Rocket.Chat's `executeSetReaction`: a name outside its emoji list and the custom emoji, before anything else.
    if (!(await this.emojis.knows(emoji))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Invalid emoji provided.', { method: 'setReaction' });
    }
    const [room, user] = await Promise.all([this.rooms.findById(message.rid), this.users.findRoomUserById(actor.userId)]);
    if (!room || !user?.username) throw notAuthorized();
    // Rocket.Chat's `executeSetReaction`: a room the caller cannot read is `not-authorized`, before the posting rules.
    if (user.type !== 'app' && !(await this.access.canAccessRoom(user._id, room._id))) throw notAuthorized();
    await this.guard.assertCanPost(room, user, 'react', true, checkedBy);

    const name = `:${emoji.replace(/:/g, '')}:`;
    const path = `reactions.${name}.usernames`;
    const reacted = message.reactions?.[name]?.usernames.includes(user.username) ?? false;
    let updated: IMessage | null = null;
    if (reacted && shouldReact !== true) {
      updated = await this.messages.update(message._id, { $pull: { [path]: user.username } });
      // The last one to take a reaction back removes the emoji itself.
      updated = (await this.messages.update(message._id, { $unset: { [`reactions.${name}`]: 1 } }, { [path]: { $size: 0 } })) ?? updated;
    } else if (!reacted && shouldReact !== false) {
      updated = await this.messages.update(message._id, { $addToSet: { [path]: user.username } });
    }
    if (updated) await this.publish(updated);
    return { ok: true };
  }

  /** Pinning answers the `message_pinned` system message it posts; unpinning answers nothing. */
  async pin(actor: Actor, messageId: string, pinned: boolean): Promise<{ message?: IMessage }> {
    const message = await this.findMessage(messageId);
    if (!this.settings.get<boolean>('Message_AllowPinning')) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Message pinning not allowed', { action: 'Message_pinning' });
    }
    if (!pinned && !(await this.subscriptions.findByRoomAndUser(message.rid, actor.userId))) {
      throw new DomainError(ErrorCode.InvalidMessage, 'Message you are unpinning was not found', { action: 'Message_pinning' });
    }
    if (!(await this.access.hasPermission(actor.userId, 'pin-message', message.rid))) throw notAuthorized();
    const room = await this.rooms.findById(message.rid);
    if (!room || !(await this.access.canAccessRoom(actor.userId, room._id))) throw notAuthorized();
    if (pinned && message.pinned) return { message };

    const user = await this.users.findRoomUserById(actor.userId);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const updated = await this.messages.update(message._id, {
      $set: { pinned, ...(pinned && { pinnedAt: new Date() }), pinnedBy: { _id: user._id, username: user.username } },
    });
    if (updated) await this.publish(updated);
    if (!pinned) return {};
    const notice = await this.systemMessages.save('message_pinned', room, '', toUserRef(user), {
      attachments: [
        {
          text: message.msg,
          author_name: message.u.username,
          author_icon: `/avatar/${message.u.username}`,
          ts: message.ts,
          attachments: message.attachments ?? [],
        },
      ],
    });
    return { message: notice };
  }

  async star(actor: Actor, messageId: string, starred: boolean): Promise<{ ok: true }> {
    const message = await this.findMessage(messageId);
    if (!this.settings.get<boolean>('Message_AllowStarring')) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Message starring not allowed', { action: 'Message_starring' });
    }
    if (!(await this.access.canAccessRoom(actor.userId, message.rid))) throw notAuthorized();
    // As Rocket.Chat: starring needs a subscription; without one nothing happens.
    if (!(await this.subscriptions.findByRoomAndUser(message.rid, actor.userId))) return { ok: true };
    const updated = await this.messages.update(
      message._id,
      starred ? { $addToSet: { starred: { _id: actor.userId } } } : { $pull: { starred: { _id: actor.userId } } },
    );
    if (updated) this.realtime.messageUpserted(updated);
    return { ok: true };
  }

  /** Follows (or stops following) the thread a message starts or belongs to. */
  async follow(actor: Actor, mid: string, follow: boolean): Promise<{ ok: true }> {
    if (!this.settings.get<boolean>('Threads_enabled')) throw new DomainError(ErrorCode.NotAllowed, 'not-allowed');
    const message = await this.messages.findById(mid);
    if (!message) throw new DomainError(ErrorCode.InvalidMessage, 'Invalid message');
    if (!(await this.access.canAccessRoom(actor.userId, message.rid))) throw new DomainError(ErrorCode.NotAllowed, 'not-allowed');
    const threadId = message.tmid ?? message._id;
    const updated = await this.messages.update(
      threadId,
      follow ? { $addToSet: { replies: actor.userId } } : { $pull: { replies: actor.userId } },
    );
    if (!follow) {
      const subscription = await this.subscriptions.update(message.rid, actor.userId, { $pull: { tunread: threadId } });
      if (subscription) this.realtime.subscriptionChanged('updated', subscription);
    }
    if (updated) this.realtime.messageUpserted(updated);
    return { ok: true };
  }

  private async findMessage(messageId: string): Promise<IMessage> {
    const message = await this.messages.findById(messageId);
    if (!message) throw new DomainError(ErrorCode.MessageNotFound, 'The provided "messageId" does not match any existing message.');
    return message;
  }

  /** The changed message to the room, and to the sidebar when it is the room's last one. */
  private async publish(message: IMessage): Promise<void> {
    this.realtime.messageUpserted(message);
    if (await this.rooms.refreshLastMessage(message)) {
      const room = await this.rooms.findById(message.rid);
      if (room) this.realtime.roomChanged('updated', room);
    }
  }
}
