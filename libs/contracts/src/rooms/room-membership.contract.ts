import { z } from 'zod';
import { UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import type { IRoom } from '../typings/room.js';
import { ActorField, EntityIdField, RoomSelectorFields, UserSelectorFields } from './common-fields.js';

/** `channels.join` / Meteor `joinRoom`: the caller joins a public channel. */
export const JoinRoomRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  joinCode: z.string().max(256).optional(),
});

export const roomsJoin = defineRpc({
  subject: 'rooms.join',
  request: JoinRoomRequest,
  response: as<{ room: IRoom }>(),
});

/** `channels.leave`, `groups.leave` / Meteor `leaveRoom`. The last owner cannot leave. */
export const LeaveRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields });

export const roomsLeave = defineRpc({
  subject: 'rooms.leave',
  request: LeaveRoomRequest,
  response: as<{ room: IRoom }>(),
});

/** `channels.invite`, `groups.invite` / Meteor `addUsersToRoom`: users by id or by username. */
export const InviteToRoomRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  userIds: z.array(EntityIdField).max(1000).default([]),
  usernames: z.array(UsernameField).max(1000).default([]),
});

export const roomsInvite = defineRpc({
  subject: 'rooms.invite',
  request: InviteToRoomRequest,
  response: as<{ room: IRoom }>(),
});

/** `channels.kick`, `groups.kick` / Meteor `removeUserFromRoom`. */
export const KickFromRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields, ...UserSelectorFields });

export const roomsKick = defineRpc({
  subject: 'rooms.kick',
  request: KickFromRoomRequest,
  response: as<{ room: IRoom }>(),
});

/**
 * `channels.addOwner|removeOwner|addModerator|removeModerator` (and `groups.*`, Meteor `addRoomOwner`, …):
 * gives or takes a member's room role.
 */
export const SetRoomRoleRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  ...UserSelectorFields,
  role: z.enum(['owner', 'moderator', 'leader']),
  add: z.boolean(),
});

export const roomsSetRole = defineRpc({
  subject: 'rooms.setRole',
  request: SetRoomRoleRequest,
  response: as<{ ok: true }>(),
});
