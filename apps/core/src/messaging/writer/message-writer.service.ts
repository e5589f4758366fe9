import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type IMessage, type IRoom, type ISubscription } from '@rc/contracts';
import { isDuplicateKeyError, MessagesRepository, RoomsRepository, SubscriptionsRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { SettingsCache } from '@rc/settings';
import { PushNotifier } from '../../push/push-notifier.service.js';
import { DesktopNotifier } from './desktop-notifier.js';
import { applyChange, subscriptionChangesFor, type MessageMentions, type UnreadCountSetting } from './unread-counters.js';

export type NewMessage = Omit<IMessage, '_updatedAt'>;

/**
 * Stores a message and does what follows from it, with a bounded number of indexed writes whatever the
 * room's size: the thread parent (tcount, tlm, replies), the room (msgs, lm, lastMessage), the other
 * members' subscriptions (unread, mentions, alert, open; one updateMany per kind of change), then the
 * realtime events and desktop notifications.
 */
@Injectable()
export class MessageWriter {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
    private readonly notifier: DesktopNotifier,
    private readonly push: PushNotifier,
  ) {}

  /**
   * Inserts the message. A message whose `_id` already exists (a resend) is not stored twice: the stored one
   * is returned, with `created: false`, and nothing else happens again.
   */
  async insert(
    message: NewMessage,
    room: IRoom,
    /** `subscriptions`: the room's, when the caller has read them already (the send path reads them early). */
    options: { threadParent?: IMessage; subscriptions?: ISubscription[] } = {},
  ): Promise<{ message: IMessage; room: IRoom; created: boolean }> {
    let stored: IMessage;
    try {
      stored = await this.messages.insert(message);
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.messages.findById(message._id);
      // Someone else's message under that id is none of the sender's business.
      if (!existing || existing.u._id !== message.u._id || existing.rid !== message.rid) {
        throw new DomainError(ErrorCode.InvalidMessage, 'Invalid message');
      }
      return { message: existing, room, created: false };
    }
    const updatedRoom = await this.afterInsert(stored, room, options.threadParent, options.subscriptions);
    return { message: stored, room: updatedRoom, created: true };
  }

  private async afterInsert(message: IMessage, room: IRoom, threadParent?: IMessage, known?: ISubscription[]): Promise<IRoom> {
    const now = message._updatedAt ?? new Date();
    const inRoom = !message.tmid || message.tshow === true;
    const system = message.t !== undefined;
    const mentions = mentionsOf(message);
    const subscriptions = known ?? (await this.subscriptions.findByRoom(message.rid));

    const changes =
      inRoom && !system
        ? subscriptionChangesFor(
            subscriptions,
            message.u._id,
            room.t,
            mentions,
            this.settings.get<UnreadCountSetting>(room.t === 'd' ? 'Unread_Count_DM' : 'Unread_Count'),
          )
        : [];
    // The room, the thread's parent and the subscriptions are independent writes: all at once.
    const [parent, updatedRoom] = await Promise.all([
      // The thread's author follows it from the first reply, as in Rocket.Chat.
      message.tmid
        ? this.messages.recordThreadReply(message.tmid, [...new Set([threadParent?.u._id ?? message.u._id, message.u._id])], message.ts)
        : null,
      this.rooms.recordMessage(message, inRoom && this.settings.get<boolean>('Store_Last_Message')),
      ...changes.map((change) =>
        this.subscriptions.updateMembers(
          message.rid,
          { 'u._id': { $in: change.userIds } },
          {
            ...(Object.keys(change.inc).length && { $inc: change.inc }),
            ...(Object.keys(change.set).length && { $set: change.set }),
          },
        ),
      ),
    ]);
    const byUser = new Map(subscriptions.map((s) => [s.u._id, s]));
    const changed = changes.flatMap((change) => change.userIds.map((userId) => applyChange(byUser.get(userId)!, change, now)));
    if (parent && !system) changed.push(...(await this.markThreadUnread(message, parent.replies ?? [], now)));

    const current = updatedRoom ?? room;
    // A discussion's counters on the messages that point at it (Rocket.Chat's `refreshDiscussionMetadata`).
    if (current.prid && inRoom) {
      for (const pointer of await this.messages.refreshDiscussionMetadata(current._id, current.msgs, current.lm ?? message.ts)) {
        this.realtime.messageUpserted(pointer);
      }
    }
    this.realtime.messageUpserted(message);
    this.realtime.messageCreated(message, current);
    if (parent) this.realtime.messageUpserted(parent);
    if (inRoom) this.realtime.roomChanged('updated', current);
    for (const subscription of changed) this.realtime.subscriptionChanged('updated', subscription);
    if (!system) {
      this.notifier.notify(this.notificationRecipients(message, room, subscriptions, mentions, parent), message, room, message.u);
      // Mobile pushes: queued behind the answer (Rocket.Chat's rules in push/push-rules.ts).
      this.push.onMessage(message, current, subscriptions, {
        mentionIds: mentions.userIds,
        toAll: mentions.toAll,
        toHere: mentions.toHere,
        isThread: Boolean(message.tmid) && message.tshow !== true,
        threadFollowers: parent ? [...(parent.replies ?? []), parent.u._id] : [],
      });
    }
    return current;
  }

  /** The thread's followers (but the replier) get the thread in `tunread`, and an alert. */
  private async markThreadUnread(message: IMessage, followers: string[], at: Date): Promise<ISubscription[]> {
    const others = followers.filter((id) => id !== message.u._id);
    if (others.length === 0) return [];
    await this.subscriptions.updateMembers(
      message.rid,
      { 'u._id': { $in: others } },
      {
        $addToSet: { tunread: message.tmid! },
        $set: { alert: true },
      },
    );
    return (await this.subscriptions.findByRoomAndUsers(message.rid, others)).map((s) => ({ ...s, _updatedAt: at }));
  }

  /**
   * Who gets a desktop notification: the other members of a direct message, the members mentioned (all of
   * them for `@all`/`@here`); inside a thread, only those mentioned or following it.
   */
  private notificationRecipients(
    message: IMessage,
    room: IRoom,
    subscriptions: ISubscription[],
    mentions: MessageMentions,
    parent: IMessage | null,
  ): Set<string> {
    const members = new Set(subscriptions.map((s) => s.u._id));
    const recipients = new Set<string>();
    const everyone = room.t === 'd' || mentions.toAll || mentions.toHere;
    for (const userId of members) if (everyone || mentions.userIds.includes(userId)) recipients.add(userId);
    if (parent) {
      const followers = new Set([...(parent.replies ?? []), parent.u._id]);
      for (const userId of recipients) if (!followers.has(userId) && !mentions.userIds.includes(userId)) recipients.delete(userId);
    }
    recipients.delete(message.u._id);
    return recipients;
  }
}

function mentionsOf(message: IMessage): MessageMentions {
  const mentions = message.mentions ?? [];
  return {
    userIds: mentions.filter((m) => m._id !== 'all' && m._id !== 'here' && m.type !== 'team').map((m) => m._id),
    toAll: mentions.some((m) => m._id === 'all'),
    toHere: mentions.some((m) => m._id === 'here'),
  };
}
