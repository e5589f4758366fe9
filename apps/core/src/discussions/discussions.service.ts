import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type DiscussionRoom,
  type IMessage,
  type IRoom,
  type MessageAttachment,
  type Page,
} from '@rc/contracts';
import {
  MessagesRepository,
  randomId,
  RoomsRepository,
  SubscriptionsRepository,
  toUserRef,
  UsersRepository,
  type RoomUser,
} from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { PageSize, SettingsCache } from '@rc/settings';
import { AccessService } from '../common/access.service.js';
import { RoomResolver } from '../common/room-resolver.service.js';
import { MessageGuard } from '../messaging/message-guard.service.js';
import { messageSort } from '../messaging/message-sort.js';
import { SendMessageService } from '../messaging/send-message.service.js';
import { MessageWriter } from '../messaging/writer/message-writer.service.js';
import { SystemMessages } from '../messaging/writer/system-messages.service.js';
import { newSubscription } from '../rooms/new-subscription.js';

export interface CreateDiscussion {
  prid?: string;
  pmid?: string;
  t_name: string;
  reply?: string;
  users: string[];
  encrypted?: boolean;
  topic?: string;
}

const notAllowed = () => new DomainError(ErrorCode.ActionNotAllowed, 'You are not allowed to create a discussion');
const ROUTE = { c: 'channel', p: 'group', d: 'direct', l: 'live' } as const;

/** Rocket.Chat's discussions: `createDiscussion`, a room's discussions, and the messages that started them. */
@Injectable()
export class DiscussionsService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly access: AccessService,
    private readonly resolver: RoomResolver,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly messages: MessagesRepository,
    private readonly settings: SettingsCache,
    private readonly guard: MessageGuard,
    private readonly writer: MessageWriter,
    private readonly systemMessages: SystemMessages,
    private readonly sender: SendMessageService,
    private readonly realtime: RealtimePublisher,
  ) {}

  async create(actor: Actor, request: CreateDiscussion): Promise<DiscussionRoom> {
    if (!this.settings.get<boolean>('Discussion_enabled')) throw notAllowed();
    if (!(await this.access.hasPermission(actor.userId, ['start-discussion', 'start-discussion-other-user'], request.prid, 'any'))) {
      throw notAllowed();
    }
    const user = await this.users.findRoomUserById(actor.userId);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');

    let prid = request.prid;
    const message = request.pmid ? await this.messages.findById(request.pmid) : null;
    if (request.pmid) {
      if (!message) throw new DomainError(ErrorCode.InvalidMessage, 'Invalid message');
      const messageRoom = await this.rooms.findById(message.rid);
      const parentOfMessage = messageRoom?.prid ?? messageRoom?._id;
      if (prid && prid !== parentOfMessage) {
        throw new DomainError(ErrorCode.InvalidArguments, 'Root message room ID does not match parent room ID ');
      }
      prid = parentOfMessage;
    }
    if (!prid) throw new DomainError(ErrorCode.InvalidArguments, 'Missing parent room ID');

    const parent = await this.rooms.findById(prid);
    if (!parent) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
    await this.guard.assertCanPost(parent, user);
    if (parent.prid) throw new DomainError(ErrorCode.NestedDiscussion, 'Cannot create nested discussions');

    const encrypted = request.encrypted ?? Boolean(parent.encrypted);
    if (encrypted && request.reply) {
      throw new DomainError(ErrorCode.InvalidArguments, 'Encrypted discussions must not receive an initial reply.');
    }
    if (request.pmid) {
      const existing = await this.rooms.findDiscussionOfMessage(prid, request.pmid);
      // One discussion per message: the caller joins the one there is.
      if (existing) {
        await this.join(existing, user);
        return { ...existing, rid: existing._id };
      }
    }

    const invited = new Set([...(message ? [message.u.username] : []), ...request.users].filter((name) => name && name !== user.username));
    const members = [user, ...(await this.users.findRoomUsersByUsernames([...invited])).filter((member) => member.active !== false)];
    const discussion = await this.insertRoom(parent, user, members, {
      fname: request.t_name,
      topic: request.topic || parent.name,
      description: parent.encrypted ? '' : message?.msg,
      encrypted,
      pmid: request.pmid,
    });

    const quoted = message ? this.attachment(message, parent) : undefined;
    if (message && quoted) {
      // The discussion opens with the message it was started from.
      await this.writer.insert(
        { _id: randomId(), rid: discussion._id, msg: '', ts: new Date(), u: toUserRef(user), attachments: [quoted] },
        discussion,
      );
    }
    const announcedIn = message ? ((await this.rooms.findById(message.rid)) ?? parent) : parent;
    await this.systemMessages.save('discussion-created', announcedIn, request.t_name, toUserRef(user), {
      drid: discussion._id,
      ...(quoted && { attachments: [quoted] }),
    });
    if (request.reply) await this.sender.send(actor, { rid: discussion._id, msg: request.reply });
    const stored = (await this.rooms.findById(discussion._id)) ?? discussion;
    return { ...stored, rid: stored._id };
  }

  /** `rooms.getDiscussions`: refused (`error-not-allowed`) unless the caller may read the room. */
  async ofRoom(
    actor: Actor,
    request: { roomId?: string; roomName?: string; text?: string; sort?: Record<string, 1 | -1>; offset: number; count?: number },
  ): Promise<Page<IRoom>> {
    // Rocket.Chat's rooms.getDiscussions: the room (`findRoomByIdOrName`), then `failure('not-allowed', 'Not Allowed')`.
    const room = await this.resolver.findRoomByIdOrName(request, { checkArchived: true });
    if (!(await this.access.canAccessRoom(actor.userId, room._id))) throw new DomainError(ErrorCode.RoomNotAllowed, 'not-allowed');
    const { rooms, total } = await this.rooms.findDiscussions(room._id, {
      text: request.text,
      sort: request.sort ?? { fname: 1 },
      skip: request.offset,
      limit: this.pageSize.count(request.count),
    });
    return { items: rooms, count: rooms.length, offset: request.offset, total };
  }

  /** `chat.getDiscussions`: the room's messages that started a discussion, newest first. */
  async messagesOfRoom(
    actor: Actor,
    request: { roomId: string; text?: string; sort?: Record<string, 1 | -1>; offset: number; count?: number },
  ): Promise<Page<IMessage>> {
    if (!(await this.access.canAccessRoom(actor.userId, request.roomId))) {
      // Rocket.Chat's `findDiscussionsFromRoom` throws a bare `Error('error-not-allowed')`: that text alone.
      throw new DomainError(ErrorCode.PlainFailure, 'error-not-allowed');
    }
    return this.messages.findVisiblePage(
      { rid: request.roomId, discussions: true, text: request.text },
      { sort: messageSort(request.sort, { ts: -1 }), offset: request.offset, limit: this.pageSize.count(request.count) },
    );
  }

  /** The discussion: private unless its parent is a public channel; its name random, `fname` the title. */
  private async insertRoom(
    parent: IRoom,
    owner: RoomUser,
    members: RoomUser[],
    fields: Pick<IRoom, 'fname' | 'topic' | 'description' | 'encrypted' | 'pmid'>,
  ): Promise<IRoom> {
    const now = new Date();
    const room = await this.rooms.insert({
      _id: randomId(),
      t: parent.t === 'c' ? 'c' : 'p',
      name: randomId(),
      u: toUserRef(owner),
      ts: now,
      msgs: 0,
      usersCount: members.length,
      default: false,
      ro: false,
      sysMes: true,
      prid: parent._id,
      ...(parent.teamId && { teamId: parent.teamId }),
      ...Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)),
    });
    const subscriptions = await this.subscriptions.insertMany(
      members.map((member) => ({
        ...newSubscription(room, toUserRef(member), { at: now, ...(member._id === owner._id && { roles: ['owner'], seen: true }) }),
        prid: parent._id,
      })),
    );
    for (const subscription of subscriptions) this.realtime.subscriptionChanged('inserted', subscription);
    this.realtime.roomCreated(room, toUserRef(owner));
    return room;
  }

  /** Joins the caller to an existing discussion (nothing when already a member). */
  private async join(room: IRoom, user: RoomUser): Promise<void> {
    if (await this.subscriptions.findByRoomAndUser(room._id, user._id)) return;
    const [subscription] = await this.subscriptions.insertMany([
      { ...newSubscription(room, toUserRef(user), { at: new Date() }), prid: room.prid },
    ]);
    await this.rooms.incUsersCount(room._id, 1);
    this.realtime.subscriptionChanged('inserted', subscription);
  }

  /** Rocket.Chat's `attachMessage`: the message quoted, with a link to it in its room. */
  private attachment(message: IMessage, room: IRoom): MessageAttachment {
    const site = (this.settings.get<string>('Site_Url') ?? '').replace(/\/$/, '');
    const route = ROUTE[room.t as keyof typeof ROUTE] ?? 'channel';
    return {
      text: room.encrypted ? 'Encrypted_message' : message.msg,
      ...(message.md && { md: message.md }),
      author_name: message.u.username,
      author_icon: `/avatar/${message.u.username}`,
      message_link: `${site}/${route}/${room.name ?? room._id}?msg=${message._id}`,
      ...(message.attachments && { attachments: message.attachments }),
      ts: message.ts,
    };
  }
}
