import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor } from '@rc/contracts';
import { RoomsRepository, SubscriptionsRepository, toUserRef, UsersRepository } from '@rc/models';
import { RealtimePublisher } from '@rc/realtime';
import { AccessService } from '../common/access.service.js';
import { SystemMessages } from '../messaging/writer/system-messages.service.js';

/**
 * Rocket.Chat's `muteUserInRoom` / `unmuteUserInRoom`: `muted` lists who may not post; in a read-only room,
 * `unmuted` lists who may, so muting there takes the user off that list (and unmuting puts them on it).
 */
@Injectable()
export class RoomMuteService {
  constructor(
    private readonly access: AccessService,
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly users: UsersRepository,
    private readonly systemMessages: SystemMessages,
    private readonly realtime: RealtimePublisher,
  ) {}

  async setMuted(actor: Actor, rid: string, target: { userId?: string; username?: string }, muted: boolean): Promise<{ ok: true }> {
    if (!target.userId && !target.username) {
      throw new DomainError(ErrorCode.UserParamNotProvided, 'The required "userId" or "username" param was not provided');
    }
    if (!(await this.access.hasPermission(actor.userId, 'mute-user', rid))) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    const room = await this.rooms.findById(rid);
    if (!room) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
    if (room.t === 'd') throw new DomainError(ErrorCode.InvalidRoomType, `${room.t} is not a valid room type`);
    const user = await this.users.findRoomUserByIdOrUsername({ ...target, username: target.username?.replace(/^@/, '') });
    if (!user?.username) {
      throw new DomainError(ErrorCode.InvalidUser, 'The required "userId" or "username" param provided does not match any users');
    }
    if (!(await this.subscriptions.findByRoomAndUser(rid, user._id))) {
      throw new DomainError(ErrorCode.UserNotInRoom, 'User is not in this room');
    }
    const list = room.ro ? 'unmuted' : 'muted';
    // Muting adds to `muted` (or takes off `unmuted` in a read-only room); unmuting does the opposite.
    const adds = muted !== Boolean(room.ro);
    const updated = await this.rooms.update(rid, adds ? { $addToSet: { [list]: user.username } } : { $pull: { [list]: user.username } });
    const by = toUserRef((await this.users.findRoomUserById(actor.userId)) ?? { _id: actor.userId, username: actor.username });
    await this.systemMessages.save(muted ? 'user-muted' : 'user-unmuted', updated ?? room, user.username, by);
    if (updated) this.realtime.roomChanged('updated', updated);
    return { ok: true };
  }
}
