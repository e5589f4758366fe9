import { Injectable } from '@nestjs/common';
import type { IMessage, ISubscription, RenameUserRequest, RenameUserResult } from '@rc/contracts';
import { AvatarsRepository, MessagesRepository, RoomsRepository, UsersRepository, SubscriptionsRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import type { AnyBulkWriteOperation } from 'mongoose';
import { SenderCache } from '../common/sender-cache.service.js';
import { MarkdownParser } from '../messaging/writer/markdown-parser.service.js';
import { directMessageNames, renameMentionsInText, type DirectMember } from './renamed-references.js';

/** Messages mentioning a renamed user are rewritten this many at a time. */
const MENTIONS_BATCH = 500;

/**
 * Rocket.Chat's `saveUserIdentity` for core's documents: after a username or display name change, the copies
 * of them follow. Every write is a bulk update on an indexed field (a user's messages, subscriptions, created
 * and direct rooms), never one query per document; only the messages that mention the old username, whose
 * text changes each its own way, are rewritten in batches. Clients learn the change from `Users:NameChanged`
 * (accounts) and from the updated rooms and subscriptions; messages are not announced one by one, as in
 * Rocket.Chat.
 */
@Injectable()
export class UserRenameService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly markdown: MarkdownParser,
    private readonly realtime: RealtimePublisher,
    private readonly avatars: AvatarsRepository,
    private readonly senders: SenderCache,
  ) {}

  async rename({ userId, oldUsername, newUsername, name }: RenameUserRequest): Promise<RenameUserResult> {
    // This instance's next send by the user carries the new name at once (the others drop it on Users:NameChanged).
    this.senders.forget(userId);
    const usernameChanged = oldUsername !== newUsername;
    let messages = 0;
    let ownSubscriptions = 0;
    const changedRooms = new Set<string>();
    if (usernameChanged) {
      messages += await this.messages.renameAuthor(userId, newUsername);
      messages += await this.rewriteMentions(oldUsername, newUsername);
      (await this.rooms.renameCreator(userId, newUsername)).forEach((id) => changedRooms.add(id));
      (await this.rooms.renameMuted(oldUsername, newUsername)).forEach((id) => changedRooms.add(id));
      ownSubscriptions = await this.subscriptions.renameMember(userId, newUsername);
      // `/avatar/<username>` finds an uploaded avatar by its name.
      await this.avatars.rename(userId, newUsername);
    }
    const direct = await this.renameInDirectMessages(userId, { oldUsername, newUsername, name });
    direct.rooms.forEach((id) => changedRooms.add(id));

    await this.announce(userId, ownSubscriptions > 0, direct.subscriptions, [...changedRooms]);
    return { messages, rooms: changedRooms.size, subscriptions: ownSubscriptions + direct.subscriptions.length };
  }

  /** `@old` becomes `@new` in the text and in `mentions`; `md` follows the text. */
  private async rewriteMentions(oldUsername: string, newUsername: string): Promise<number> {
    let rewritten = 0;
    let after: string | undefined;
    for (;;) {
      const batch = await this.messages.findMentioning(oldUsername, after, MENTIONS_BATCH);
      if (batch.length === 0) break;
      const operations: AnyBulkWriteOperation<IMessage>[] = await Promise.all(
        batch.map(async (message) => {
          const msg = renameMentionsInText(message.msg ?? '', oldUsername, newUsername);
          const mentions = message.mentions?.map((m) => (m.username === oldUsername ? { ...m, username: newUsername } : m));
          return { updateOne: { filter: { _id: message._id }, update: { $set: { msg, mentions, md: await this.markdown.parse(msg) } } } };
        }),
      );
      rewritten += await this.messages.bulkWrite(operations);
      if (batch.length < MENTIONS_BATCH) break;
      after = batch[batch.length - 1]._id;
    }
    return rewritten;
  }

  /**
   * In each direct message of the user: the member list (`usernames`), and the name the other members see it
   * under (`name` = usernames, `fname` = display names, of everyone but the reader).
   */
  private async renameInDirectMessages(
    userId: string,
    identity: { oldUsername: string; newUsername: string; name?: string },
  ): Promise<{ rooms: string[]; subscriptions: string[] }> {
    const rooms = await this.rooms.findDirectByMember(userId);
    if (rooms.length === 0) return { rooms: [], subscriptions: [] };

    const renamedRooms = rooms
      .filter((room) => identity.oldUsername !== identity.newUsername && room.usernames?.includes(identity.oldUsername))
      .map((room) => ({ _id: room._id, usernames: room.usernames!.map((u) => (u === identity.oldUsername ? identity.newUsername : u)) }));
    await this.rooms.setUsernames(renamedRooms);

    const members = new Map<string, DirectMember>();
    for (const user of await this.users.findRoomUsersByIds([...new Set(rooms.flatMap((room) => room.uids ?? []))]))
      members.set(user._id, user);
    // The renamed user as the request says, whatever a lagging read returned.
    members.set(userId, { username: identity.newUsername, name: identity.name });

    const roomsById = new Map(rooms.map((room) => [room._id, room]));
    const operations: AnyBulkWriteOperation<ISubscription>[] = [];
    const renamedSubscriptions: string[] = [];
    for (const subscription of await this.subscriptions.findByRooms(rooms.map((room) => room._id))) {
      const uids = roomsById.get(subscription.rid)?.uids ?? [];
      const others = uids.length === 1 ? uids : uids.filter((uid) => uid !== subscription.u._id);
      if (!others.includes(userId)) continue;
      const names = directMessageNames(others.map((uid) => members.get(uid)).filter((m): m is DirectMember => !!m));
      if (subscription.name === names.name && subscription.fname === names.fname) continue;
      operations.push({ updateOne: { filter: { _id: subscription._id }, update: { $set: names } } });
      renamedSubscriptions.push(subscription._id);
    }
    await this.subscriptions.bulkWrite(operations);
    return { rooms: renamedRooms.map((room) => room._id), subscriptions: renamedSubscriptions };
  }

  /** The changed rooms to their members, the changed subscriptions to their owners. */
  private async announce(userId: string, ownChanged: boolean, directSubscriptionIds: string[], roomIds: string[]): Promise<void> {
    if (!this.realtime.publishesChanges) return;
    const own = ownChanged ? await this.subscriptions.findByUser(userId) : [];
    const direct = await this.subscriptions.findByIds(directSubscriptionIds.filter((id) => !own.some((s) => s._id === id)));
    for (const subscription of [...own, ...direct]) this.realtime.subscriptionChanged('updated', subscription);
    for (const room of await this.rooms.findByIds(roomIds)) this.realtime.roomChanged('updated', room);
  }
}
