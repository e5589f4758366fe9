import { Injectable } from '@nestjs/common';
import type { IRoom } from '@rc/contracts';
import { RoomsRepository, SubscriptionsRepository } from '@rc/models';
import { PermissionChecker } from './permission-checker.js';

/** Discussions are rooms whose parent (`prid`) grants access; a chain this deep is a loop, not data. */
const MAX_PARENT_DEPTH = 5;

export type AccessRoom = Pick<IRoom, '_id' | 't' | 'teamId'> & { prid?: string };

/**
 * Rocket.Chat's canAccessRoom, its validators tried in order until one allows:
 * 1. a public channel of a team: public team → `view-c-room`; private team → member of the team;
 * 2. a public channel outside teams → `view-c-room`;
 * 3. a member (subscription) holding `view-joined-room` or `view-<type>-room`;
 * 4. a discussion → access to its parent room.
 * A team's type and members are those of its main room (a public team has a public main room, and team
 * members are subscribed to it). Unknown rooms and users: no access. Rooms and subscriptions are read per
 * check (they are not the authorization service's to announce).
 */
@Injectable()
export class RoomAccess {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly permissions: PermissionChecker,
  ) {}

  /** By id, or on a room the caller has read already (the send path: one room read, not two). */
  async canAccessRoom(userId: string, roomOrId: string | AccessRoom): Promise<boolean> {
    const room = typeof roomOrId === 'string' ? await this.rooms.findById(roomOrId) : roomOrId;
    return room ? this.canAccess(room, userId, 0) : false;
  }

  private async canAccess(room: AccessRoom, userId: string, depth: number): Promise<boolean> {
    if (room.t === 'c' && (await this.publicChannelAllows(room, userId))) return true;
    if (await this.membershipAllows(room, userId)) return true;
    if (room.prid && depth < MAX_PARENT_DEPTH) {
      const parent = await this.rooms.findById(room.prid);
      if (parent) return this.canAccess(parent, userId, depth + 1);
    }
    return false;
  }

  private async publicChannelAllows(room: AccessRoom, userId: string): Promise<boolean> {
    if (!room.teamId) return this.permissions.check(userId, ['view-c-room']);
    const main = await this.rooms.findTeamMainRoom(room.teamId);
    if (!main) return false;
    if (main.t === 'c') return this.permissions.check(userId, ['view-c-room']);
    return (await this.subscriptions.findMembership(main._id, userId)) !== null;
  }

  private async membershipAllows(room: AccessRoom, userId: string): Promise<boolean> {
    if (!(await this.subscriptions.findMembership(room._id, userId))) return false;
    return this.permissions.check(userId, ['view-joined-room', `view-${room.t}-room`], 'any');
  }
}
