import { Injectable, Optional } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { DomainError, ErrorCode, type IRoom, type RoomFamily } from '@rc/contracts';
import { RoomsRepository, UsersRepository } from '@rc/models';
import { DirectRoomsService } from '../rooms/direct-rooms.service.js';
import { AccessService } from './access.service.js';

export interface RoomSelector {
  roomId?: string;
  roomName?: string;
  /** The REST family the request came through; absent for requests by room id (DDP, rooms.*, chat.*). */
  t?: RoomFamily;
}

/** How Rocket.Chat names a family in its "not found" and "archived" messages (`im.*` checks neither). */
const FAMILY = {
  c: { noun: 'channel', archived: (name?: string) => `The channel, ${name}, is archived` },
  p: { noun: 'group', archived: (name?: string) => `The private group, ${name}, is archived` },
} as const;

/** The family helper's "not found" (`findChannelByIdOrName`, `findPrivateGroupByIdOrName`). */
export const notOfFamily = (t: 'c' | 'p') =>
  new DomainError(ErrorCode.RoomNotFound, `The required "roomId" or "roomName" param provided does not match any ${FAMILY[t].noun}`);

/**
 * Finds the room a request names, with Rocket.Chat's REST semantics:
 * - `channels.*` (`findChannelByIdOrName`): a room of another type, or no room named at all, is "not found";
 * - `groups.*` (`findPrivateGroupByIdOrName`): `error-room-param-not-provided` without a room; another type's room
 *   and a group the caller cannot access are "not found" (its existence is not revealed);
 * - `im.*` (`findDirectMessageRoom` through `getRoomByNameOrIdWithOptionToJoin`): an unknown id or username, or a
 *   room of another type, is Meteor's bare `invalid-channel`; another pair's direct message is found, and the
 *   route refuses it (403 here, `im.delete` its own way: `direct`);
 * - an archived room is refused (`error-room-archived`) where the route asks for it (`checkArchived`), as
 *   Rocket.Chat's helpers do unless the route passes `checkedArchived: false`.
 */
@Injectable()
export class RoomResolver {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: AccessService,
    private readonly users: UsersRepository,
    /** Reaches DirectRoomsService (the rooms module's) to create a direct message; absent in unit worlds. */
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {}

  /**
   * `checkArchived`: refuse an archived channel or group. `accessFirst`: the `im.*` routes that check access to the
   * named room id before looking it up (`im.open`, `im.setTopic`, `im.counters`): an unknown id is 403 too.
   */
  async resolve(userId: string, selector: RoomSelector, options: { checkArchived?: boolean; accessFirst?: boolean } = {}): Promise<IRoom> {
    const { t } = selector;
    if (t === 'd') {
      if (options.accessFirst && selector.roomId !== undefined && !(await this.access.canAccessRoom(userId, selector.roomId))) {
        throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
      }
      const room = await this.direct(userId, selector);
      if (!(await this.access.canAccessRoom(userId, room._id))) throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
      return room;
    }
    const { roomId, roomName } = selector;
    if (!roomId && !roomName) {
      if (t === 'c') throw notOfFamily('c');
      throw new DomainError(ErrorCode.RoomParamNotProvided, 'The parameter "roomId" or "roomName" is required');
    }
    const room = roomId ? await this.rooms.findById(roomId) : await this.rooms.findByName(roomName!);
    if (!t) {
      if (!room) throw new DomainError(ErrorCode.InvalidRoom, 'Invalid room');
      return room;
    }
    if (!room || room.t !== t) throw notOfFamily(t);
    if (t === 'p' && !(await this.access.canAccessRoom(userId, room._id))) throw notOfFamily(t);
    if (options.checkArchived && room.archived) throw new DomainError(ErrorCode.RoomArchived, FAMILY[t].archived(room.name));
    return room;
  }

  /**
   * `im.*` / `dm.*`'s room (Rocket.Chat's `findDirectMessageRoom`), whoever asks: by `roomId`, else the caller's
   * direct message with `username` (`roomSelector` passes it as `roomName`).
   */
  async direct(userId: string, selector: Pick<RoomSelector, 'roomId' | 'roomName'>): Promise<IRoom> {
    const nameOrId = selector.roomId ?? selector.roomName;
    if (!nameOrId) throw new DomainError(ErrorCode.RoomParamNotProvided, 'Query param "roomId" or "username" is required');
    const room = await this.directWith(nameOrId, userId);
    if (room?.t !== 'd') throw new DomainError(ErrorCode.InvalidChannel, '');
    return room;
  }

  /**
   * The room a `rooms.*` route names (Rocket.Chat's `findRoomByIdOrName` in its rooms API): by `roomId`, else by
   * `roomName`, of any type; no access check (the route makes its own). `checkArchived`: an archived room is
   * `error-room-archived` (Rocket.Chat's helper does it unless the route says not to).
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
   * The direct message named by an id, or the caller's with the user of that username (with oneself, the one-member
   * room): Rocket.Chat tries the id first, and creates the direct message with a user one has none with
   * (`getRoomByNameOrIdWithOptionToJoin` through `createDirectMessage`, `create-d` and all).
   */
  private async directWith(nameOrId: string, userId: string): Promise<IRoom | null> {
    const byId = await this.rooms.findById(nameOrId);
    if (byId) return byId;
    const other = await this.users.findRoomUserByUsername(nameOrId);
    if (!other?.username) return null;
    const existing = await this.rooms.findDirectByUids(other._id === userId ? [userId] : [userId, other._id]);
    if (existing || !this.moduleRef) return existing;
    const directRooms = this.moduleRef.get(DirectRoomsService, { strict: false });
    return directRooms.create({ userId, username: '' }, [other.username]);
  }

  /** A room by id that the caller may read; `error-not-allowed` otherwise (Rocket.Chat's message reads). */
  async readable(userId: string, roomId: string): Promise<IRoom> {
    const room = await this.rooms.findById(roomId);
    // Decided on the room just read, not read again by id.
    if (!room || !(await this.access.canAccessRoom(userId, room))) {
      throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    }
    return room;
  }
}
