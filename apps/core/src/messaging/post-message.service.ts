import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IMessage, type IRoom, type RpcParsedRequest, type messagesPost } from '@rc/contracts';
import { MessagesRepository, RoomsRepository, UsersRepository, type RoomUser } from '@rc/models';
import { AccessService } from '../common/access.service.js';
import { DirectRoomsService } from '../rooms/direct-rooms.service.js';
import { RoomMembershipService } from '../rooms/room-membership.service.js';
import { MessageGuard } from './message-guard.service.js';
import { SendMessageService } from './send-message.service.js';

type PostRequest = RpcParsedRequest<typeof messagesPost>;

/** Rocket.Chat's `Meteor.Error('invalid-channel')`, without a reason (REST: `[invalid-channel]`). */
const invalidChannel = () => new DomainError(ErrorCode.InvalidChannel, '');

/**
 * Rocket.Chat's `chat.postMessage` (`processWebhookMessage`): the destination given as `#channel`,
 * `@username`, or a room id or name (a direct message by user id as a last resort); a public channel is
 * joined on the way, a direct message created when missing. Refusals are Rocket.Chat's bare texts
 * (`error-not-allowed`, `error-message-size-exceeded`: its route and `validateRoomMessagePermissions` throw them so).
 */
@Injectable()
export class PostMessageService {
  constructor(
    private readonly users: UsersRepository,
    private readonly rooms: RoomsRepository,
    private readonly messages: MessagesRepository,
    private readonly access: AccessService,
    private readonly membership: RoomMembershipService,
    private readonly directRooms: DirectRoomsService,
    private readonly guard: MessageGuard,
    private readonly sender: SendMessageService,
  ) {}

  /** `bot`: the integration posting (incoming and outgoing webhooks), stored as Rocket.Chat's `bot: {i}`. */
  async post(request: PostRequest, options: { bot?: { i: string } } = {}): Promise<{ channel: string; message: IMessage }> {
    const { actor } = request;
    // Several destinations (the web client's Forward message): each gets the message, in turn; the first is answered.
    const channels = [request.roomId ?? request.channel ?? []].flat();
    // Rocket.Chat's validator: `oneOf` a body with `roomId` and one with `channel` (its first failure).
    if (channels.length === 0) throw new DomainError(ErrorCode.InvalidParams, "must have required property 'roomId'");
    const texts = [request.text, ...(request.attachments ?? []).map((attachment) => attachment.text)];
    if (texts.some((text) => typeof text === 'string' && this.sender.exceedsSize(text))) {
      throw new DomainError(ErrorCode.PlainFailure, 'error-message-size-exceeded');
    }
    const user = await this.users.findRoomUserById(actor.userId);
    if (!user?.username) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const posted = [];
    for (const channel of channels) posted.push(await this.postTo(actor, user, channel, request, options));
    return posted[0];
  }

  private async postTo(
    actor: Actor,
    user: RoomUser,
    channel: string,
    request: PostRequest,
    options: { bot?: { i: string } },
  ): Promise<{ channel: string; message: IMessage }> {
    const room = await this.destination(actor, user, channel);
    await this.guard.assertCanPost(room, user, 'send', undefined, 'route');
    const parent = request.tmid ? await this.messages.findById(request.tmid) : null;
    if (request.tmid && (!parent || parent.rid !== room._id)) throw new DomainError(ErrorCode.InvalidMessage, 'Invalid thread');

    const message = await this.sender.store(
      user,
      room,
      {
        rid: room._id,
        msg: (request.text ?? '').trim(),
        ...(request.alias && { alias: request.alias }),
        ...(request.emoji && { emoji: request.emoji }),
        ...(request.avatar && { avatar: request.avatar }),
        attachments: request.attachments ?? [],
        parseUrls: request.parseUrls ?? !request.attachments,
        groupable: request.groupable ?? false,
        ...(request.tmid && { tmid: request.tmid }),
        ...(request.customFields && { customFields: request.customFields }),
        ...(request.blocks && { blocks: request.blocks }),
      },
      parent ?? undefined,
      undefined,
      options.bot && { bot: options.bot },
      'route',
    );
    return { channel, message };
  }

  private async destination(actor: Actor, user: RoomUser, channel: string): Promise<IRoom> {
    const prefix = channel[0];
    const value = channel.slice(1);
    if (prefix === '#') return this.joinIfPublic(user, await this.rooms.findByIdOrName(value));
    if (prefix === '@') return this.direct(actor, value);
    const room = await this.rooms.findByIdOrName(channel);
    if (room) return this.joinIfPublic(user, room);
    const other = await this.users.findRoomUserById(channel);
    if (other?.username) return this.direct(actor, other.username);
    throw invalidChannel();
  }

  /** A public channel the caller may read but has not joined is joined, as Rocket.Chat does. */
  private async joinIfPublic(user: RoomUser, room: IRoom | null): Promise<IRoom> {
    if (!room) throw invalidChannel();
    if (room.t === 'c' && !room.archived && (await this.access.canAccessRoom(user._id, room._id))) {
      await this.membership.addUser(room, user);
    }
    return room;
  }

  private async direct(actor: Actor, username: string): Promise<IRoom> {
    const other = await this.users.findRoomUserByUsername(username);
    if (!other?.username) throw invalidChannel();
    return this.directRooms.create(actor, [other.username]);
  }
}
