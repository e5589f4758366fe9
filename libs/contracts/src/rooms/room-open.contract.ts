import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { roomSelector } from '../core/wire-params.js';
import { familyOf, familyPaths } from './room-families.js';
import type { IRoom } from '../typings/room.js';
import { ActorField, EntityIdField, RoomNameField, RoomSelectorFields } from './common-fields.js';

/**
 * What Rocket.Chat's clients call when a room is opened: the room by its route (`/channel/:name`,
 * `/group/:name`, `/direct/:rid`), its role holders (the member list's badges) and its counters.
 */

/** Meteor `getRoomByTypeAndName(type, name)`: the web client's way into `/channel/:name` & co. (name or id). */
export const roomsByTypeAndName = defineRpc({
  subject: 'rooms.byTypeAndName',
  request: z.strictObject({ actor: ActorField, t: z.enum(['c', 'p', 'd', 'l', 'v']), nameOrId: RoomNameField }),
  response: as<IRoom>(),
}).method('getRoomByTypeAndName', { request: ([t, nameOrId], { actor }) => ({ actor, t, nameOrId }) });

/** Meteor `getRoomById(rid)`. */
export const roomsById = defineRpc({
  subject: 'rooms.byId',
  request: z.strictObject({ actor: ActorField, rid: EntityIdField }),
  response: as<IRoom>(),
}).method('getRoomById', { request: ([rid], { actor }) => ({ actor, rid }) });

/** A member holding a room role, as Rocket.Chat's `getRoomRoles` answers (a subscription's `rid`, `u`, `roles`). */
export interface RoomRoleHolder {
  _id: string;
  rid: string;
  u: { _id: string; username?: string; name?: string };
  roles: string[];
}

/** `channels.roles`, `groups.roles` and Meteor `getRoomRoles(rid)`: the room's owners, moderators and leaders. */
export const roomsRoles = defineRpc({
  subject: 'rooms.roles',
  request: z.strictObject({ actor: ActorField, ...RoomSelectorFields }),
  response: as<{ roles: RoomRoleHolder[] }>(),
})
  .get(familyPaths('roles'), { request: ({ path, query, actor }) => ({ actor, ...roomSelector(query, familyOf(path).t) }) })
  .method('getRoomRoles', { request: ([rid], { actor }) => ({ actor, roomId: rid }), reply: ({ roles }) => roles });

/** What `channels.counters` & co. answer; `null` where the caller may not know. */
export interface RoomCounters {
  joined: boolean;
  members: number | null;
  unreads: number | null;
  unreadsFrom: Date | null;
  msgs: number | null;
  latest: Date | null;
  userMentions: number | null;
}

/**
 * `channels.counters`, `groups.counters`, `im.counters`: the caller's unread count and mentions in the room and
 * its size; another user's (`userId`) only with `view-room-administration`.
 */
export const roomsCounters = defineRpc({
  subject: 'rooms.counters',
  request: z.strictObject({ actor: ActorField, ...RoomSelectorFields, userId: EntityIdField.optional() }),
  response: as<RoomCounters>(),
}).get(familyPaths('counters', ['channels', 'groups', 'im', 'dm']), {
  request: ({ path, query, actor }) => ({ actor, ...roomSelector(query, familyOf(path).t), userId: query.userId }),
});

/** `rooms.nameExists?roomName`: whether a room of that name exists (the create dialog's check), as Rocket.Chat. */
export const roomsNameExists = defineRpc({
  subject: 'rooms.nameExists',
  request: z.strictObject({ actor: ActorField, roomName: RoomNameField }),
  response: as<{ exists: boolean }>(),
}).get('rooms.nameExists', { request: ({ query, actor }) => ({ actor, roomName: query.roomName }) });
