import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type IRoom, type RoomFamily } from '@rc/contracts';
import { RoomsRepository, UsersRepository } from '@rc/models';
import { AccessService } from './access.service.js';

export interface RoomSelector {
  roomId?: string;
  roomName?: string;
  /** The REST family the request came through; absent for requests by room id (DDP, rooms.*, chat.*). */
  t?: RoomFamily;
}

/** How Rocket.Chat names a family in its "not found" and "archived" messages. */
const FAMILY = {
  c: { noun: 'channel', archived: (name?: string) => `The channel, ${name}, is archived` },
  p: { noun: 'group', archived: (name?: string) => `The private group, ${name}, is archived` },
  d: { noun: 'direct message', archived: () => 'The direct message is archived' },
} as const;

/**
 * Finds the room a request names, with Rocket.Chat's REST semantics (`findChannelByIdOrName`,
 * `findPrivateGroupByIdOrName`, `findDirectMessageRoom`): a room of another type is "not found", and so is a
 * private group the caller cannot access (its existence is not revealed); another pair's direct message is 403.
 */
@Injectable()
export class RoomResolver {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: AccessService,
    private readonly users: UsersRepository,
  ) {}

  async resolve(userId: string, selector: RoomSelector, options: { checkArchived?: boolean } = {}): Promise<IRoom> {
    const { roomId, roomName, t } = selector;
    if (!roomId && !roomName) {
      throw new DomainError(ErrorCode.RoomParamNotProvided, 'The parameter "roomId" or "roomName" is required');
    }
    const room = roomId
      ? await this.rooms.findById(roomId)
      : t === 'd'
        ? await this.directWith(userId, roomName!)
        : await this.rooms.findByName(roomName!);
    if (!t) {
      if (!room) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
      return room;
    }
    const notFound = () =>
      new DomainError(
        ErrorCode.RoomNotFound,
        t === 'd'
          ? 'The required "roomId" param provided does not match any direct message'
          : `The required "roomId" or "roomName" param provided does not match any ${FAMILY[t].noun}`,
      );
    if (!room || room.t !== t) throw notFound();
    if (t !== 'c' && !(await this.access.canAccessRoom(userId, room._id))) {
      // A direct message is found whoever asks (Rocket.Chat's `findDirectMessageRoom`); the `im.*` routes then
      // refuse one the caller may not read with `API.v1.unauthorized()`. A private group is "not found".
      throw t === 'd' ? new DomainError(ErrorCode.Unauthorized, 'unauthorized') : notFound();
    }
    if (options.checkArchived && room.archived) throw new DomainError(ErrorCode.RoomArchived, FAMILY[t].archived(room.name));
    return room;
  }

  /**
   * The room a `rooms.*` route names (Rocket.Chat's `findRoomByIdOrName` in its rooms API): by `roomId`, else by
   * `roomName`, of any type; no access check (the route makes its own). `checkArchived`: an archived room is
   * `error-room-archived` (Rocket.Chat's helper does it unless told not to; rooms.info here does not).
   */
  async findRoomByIdOrName(selector: Pick<RoomSelector, 'roomId' | 'roomName'>, options: { checkArchived?: boolean } = {}): Promise<IRoom> {
    const { roomId, roomName } = selector;
    if (!roomId && !roomName) {
      throw new DomainError(ErrorCode.RoomIdOrNameNotProvided, 'The parameter "roomId" or "roomName" is required');
    }
    const room = roomId ? await this.rooms.findById(roomId) : await this.rooms.findByName(roomName!);
    if (!room) {
      throw new DomainError(ErrorCode.RoomNotFound, 'The required "roomId" or "roomName" param provided does not match any channel');
    }
    if (options.checkArchived && room.archived) throw new DomainError(ErrorCode.RoomArchived, `The channel, ${room.name}, is archived`);
    return room;
  }

  /**
   * `im.*` by `username` (Rocket.Chat's `findDirectMessageRoom`): the caller's direct message with that user (with
   * oneself, the one-member room); a room id is also taken, as Rocket.Chat tries the id first.
   */
  private async directWith(userId: string, nameOrId: string): Promise<IRoom | null> {
    const byId = await this.rooms.findById(nameOrId);
    if (byId) return byId;
    const other = await this.users.findRoomUserByUsername(nameOrId);
    if (!other) return null;
    return this.rooms.findDirectByUids(other._id === userId ? [userId] : [userId, other._id]);
  }

  /** A room by id that the caller may read; `error-not-allowed` otherwise (Rocket.Chat's message reads). */
  async readable(userId: string, roomId: string): Promise<IRoom> {
    const room = await this.rooms.findById(roomId);
    if (!room || !(await this.access.canAccessRoom(userId, room._id))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    return room;
  }
}
