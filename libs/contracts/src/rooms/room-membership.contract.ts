import { z } from 'zod';
import { UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields, roomSelector } from '../core/wire-params.js';
import { familyOf, familyPaths } from './room-families.js';
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
})
  .post('channels.join', {
    request: ({ body, actor }) => ({ actor, ...roomSelector(body, 'c'), joinCode: body.joinCode }),
    reply: ({ room }) => ({ channel: room }),
  })
  .method('joinRoom', {
    request: ([rid, joinCode], { actor }) => ({ actor, roomId: rid, joinCode: joinCode ?? undefined }),
    reply: () => true,
  });

/** `channels.leave`, `groups.leave` / Meteor `leaveRoom`. The last owner cannot leave. */
export const LeaveRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields });

export const roomsLeave = defineRpc({
  subject: 'rooms.leave',
  request: LeaveRoomRequest,
  response: as<{ room: IRoom }>(),
})
  .post(familyPaths('leave'), {
    request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t) }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  .method('leaveRoom', { request: ([rid], { actor }) => ({ actor, roomId: rid }), reply: () => undefined });

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
})
  .post(familyPaths('invite'), {
    // One user (`userId` / `username`) or several (`userIds` / `usernames`).
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(body, familyOf(path).t),
      userIds: body.userIds ?? (body.userId !== undefined ? [body.userId] : []),
      usernames: body.usernames ?? (body.username !== undefined ? [body.username] : []),
    }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  // The web client's Members › Add: `{rid, users}`, users by username.
  .method('addUsersToRoom', {
    request: ([data], { actor }) => ({ actor, roomId: fields(data).rid, usernames: fields(data).users ?? [] }),
    reply: () => true,
  });

/** `channels.kick`, `groups.kick` / Meteor `removeUserFromRoom`. */
export const KickFromRoomRequest = z.strictObject({ actor: ActorField, ...RoomSelectorFields, ...UserSelectorFields });

export const roomsKick = defineRpc({
  subject: 'rooms.kick',
  request: KickFromRoomRequest,
  response: as<{ room: IRoom }>(),
}).post(familyPaths('kick'), {
  request: ({ path, body, actor }) => ({ actor, ...roomSelector(body, familyOf(path).t), userId: body.userId, username: body.username }),
  reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
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

const ROOM_ROLE_ROUTES = [
  ['addOwner', 'owner', true],
  ['removeOwner', 'owner', false],
  ['addModerator', 'moderator', true],
  ['removeModerator', 'moderator', false],
  ['addLeader', 'leader', true],
  ['removeLeader', 'leader', false],
] as const;

for (const [action, role, add] of ROOM_ROLE_ROUTES) {
  roomsSetRole.post(familyPaths(action), {
    request: ({ path, body, actor }) => ({
      actor,
      ...roomSelector(body, familyOf(path).t),
      userId: body.userId,
      username: body.username,
      role,
      add,
    }),
    reply: () => ({}),
  });
}
