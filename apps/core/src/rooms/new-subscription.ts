import type { IRoom, ISubscription, RoomRole, UserRef } from '@rc/contracts';
import { randomId } from '@rc/models';

/** A member's subscription to a channel or group, as Rocket.Chat's `createWithRoomAndUser`. */
export function newSubscription(
  room: IRoom,
  user: UserRef,
  options: { at: Date; roles?: RoomRole[]; unreadOnJoin?: boolean; seen?: boolean },
): Omit<ISubscription, '_updatedAt'> {
  return {
    _id: randomId(),
    rid: room._id,
    u: { _id: user._id, username: user.username, ...(user.name !== undefined && { name: user.name }) },
    name: room.name ?? '',
    ...(room.fname !== undefined && { fname: room.fname }),
    t: room.t,
    ts: options.at,
    open: true,
    // Someone added to a room sees it highlighted, with one unread mention, as in Rocket.Chat.
    alert: options.unreadOnJoin === true,
    unread: options.unreadOnJoin ? 1 : 0,
    userMentions: options.unreadOnJoin ? 1 : 0,
    groupMentions: 0,
    ...(options.seen && { ls: options.at }),
    ...(options.roles?.length && { roles: options.roles }),
    ...(room.archived && { archived: true }),
    ...(room.teamId && { teamId: room.teamId }),
    ...(room.teamMain && { teamMain: true }),
  };
}
