import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IRoom, type ISubscription } from '@rc/contracts';
import { defaultSubscriptionPrefs } from './new-subscription.js';
import { isDuplicateKeyError, randomId, RoomsRepository, UsersRepository, SubscriptionsRepository, type RoomUser } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { SettingsCache } from '@rc/settings';
import { directMessageNames } from './renamed-references.js';

/** A direct message as `im.create` answers it: the room and its id under Rocket.Chat's legacy `rid`. */
export type CreatedDirectRoom = IRoom & { rid: string };

/** Rocket.Chat's `createDirectMessage` / `createDirectRoom`: one-to-one and group direct messages. */
@Injectable()
export class DirectRoomsService {
  constructor(
    private readonly access: AccessService,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsCache,
    private readonly realtime: RealtimePublisher,
  ) {}

  async create(actor: Actor, usernames: string[], excludeSelf = false): Promise<CreatedDirectRoom> {
    if (!(await this.access.hasPermission(actor.userId, 'create-d'))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    const me = await this.users.findRoomUserById(actor.userId);
    if (!me?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');

    const wanted = [...new Set(usernames.map((u) => u.replace(/^@/, '')))].filter((u) => u !== me.username);
    const others = await this.users.findRoomUsersByUsernames(wanted);
    if (others.length !== wanted.length || others.some((u) => u.active === false)) {
      throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    }
    for (const other of others) {
      if (!(await this.access.hasPermission(other._id, 'view-d-room'))) {
        throw new DomainError(ErrorCode.NotAllowed, 'Target user not allowed to receive messages');
      }
    }
    const members = excludeSelf && others.length > 0 ? others : [me, ...others];
    const maxUsers = this.settings.get<number>('DirectMesssage_maxUsers') || 1;
    if (members.length > maxUsers) {
      throw new DomainError(
        ErrorCode.DirectMessageMaxUsers,
        `You cannot add more than ${maxUsers} users, including yourself to a direct message`,
      );
    }
    return this.open(members, me._id);
  }

  /** Finds or creates the direct message between exactly these users; the creator sees it opened. */
  async open(members: RoomUser[], creatorId: string): Promise<CreatedDirectRoom> {
    const uids = members.map((m) => m._id).sort();
    const sorted = [...members].sort((a, b) => (a.name || a.username || '').localeCompare(b.name || b.username || ''));
    const usernames = sorted.map((m) => m.username!).filter(Boolean);
    // A one-to-one DM's id is its two user ids (Rocket.Chat's deprecated but still used convention).
    const pairId = uids.length === 2 ? uids.join('') : undefined;

    let room = pairId ? await this.rooms.findById(pairId) : await this.rooms.findDirectByUids(uids);
    const isNew = !room;
    if (!room) {
      try {
        room = await this.rooms.insert({
          _id: pairId ?? randomId(),
          t: 'd',
          usernames,
          uids,
          usersCount: members.length,
          msgs: 0,
          ts: new Date(),
        });
      } catch (error) {
        if (!isDuplicateKeyError(error) || !pairId) throw error;
        room = (await this.rooms.findById(pairId))!;
      }
    }

    const changes: Array<{ subscription: ISubscription; created: boolean }> = [];
    const preferences = await this.users.findPreferencesByIds(members.map((m) => m._id));
    for (const member of members) {
      const otherMembers = members.length === 1 ? members : sorted.filter((m) => m._id !== member._id);
      const isCreator = member._id === creatorId;
      changes.push(
        await this.subscriptions.ensure(
          {
            _id: randomId(),
            rid: room._id,
            u: { _id: member._id, username: member.username! },
            ...directMessageNames(otherMembers),
            t: 'd',
            ts: new Date(),
            // The others see a one-to-one DM once a message arrives; a group DM at once.
            open: isCreator || members.length > 2,
            alert: false,
            unread: 0,
            userMentions: 0,
            groupMentions: 0,
            ...defaultSubscriptionPrefs(preferences.get(member._id)),
          },
          isCreator ? { open: true } : {},
        ),
      );
    }
    if (!isNew) this.realtime.roomChanged('updated', room);
    for (const { subscription, created } of changes) {
      this.realtime.subscriptionChanged(created ? 'inserted' : 'updated', subscription);
    }
    return { ...room, rid: room._id };
  }
}
