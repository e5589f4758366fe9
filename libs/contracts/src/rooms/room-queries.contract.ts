import { z } from 'zod';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { date, fields, json, list, optionalDate, page, pagination, roomSelector, sort, syncResult } from '../core/wire-params.js';
import { FieldPathKey } from '../accounts/user-fields.js';
import { familyOf, familyPaths } from './room-families.js';
import type { IRoom } from '../typings/room.js';
import type { UserStatus } from '../typings/user.js';
import { ActorField, EntityIdField, RoomNameField, PaginationFields, RoomSelectorFields, SortField, type Page } from './common-fields.js';

/**
 * `channels.info`, `groups.info`, `rooms.info`: the room, if the caller may see it. `rooms.info` also answers the
 * room's team (`{_id, name, roomId, type}`) and parent (a discussion's room, a team room's main room), and takes
 * Rocket.Chat's JSON `fields` projection.
 */
export const RoomInfoRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  fields: z.record(FieldPathKey, z.union([z.literal(0), z.literal(1)])).optional(),
});

/** A room's team as `rooms.info` shows it. */
export interface RoomTeamInfo {
  _id: string;
  name: string;
  roomId: string;
  type: number;
}

export const roomsInfo = defineRpc({
  subject: 'rooms.info',
  request: RoomInfoRequest,
  response: as<{ room: Partial<IRoom>; team?: RoomTeamInfo; parent?: Partial<IRoom> }>(),
})
  .get(familyPaths('info'), {
    request: ({ path, query, actor }) => ({ actor, ...roomSelector(query, familyOf(path).t), fields: undefined }),
    reply: ({ room }, { path }) => ({ [familyOf(path).one]: room }),
  })
  .get('rooms.info', { request: ({ query, actor }) => ({ actor, ...roomSelector(query), fields: json(query.fields, 'fields') }) });

/**
 * `channels.list` (every public channel for holders of `view-c-room`, else the joined ones), `groups.list`
 * and `im.list` (the caller's own), `channels.list.joined` / `groups.listAll`-like with `joinedOnly`.
 */
export const ListRoomsRequest = z.strictObject({
  actor: ActorField,
  t: z.enum(['c', 'p', 'd']),
  joinedOnly: z.boolean().default(false),
  /** A name filter (case-insensitive substring), never a pattern. */
  name: z.string().max(256).optional(),
  sort: SortField.optional(),
  ...PaginationFields,
});

export const roomsList = defineRpc({
  subject: 'rooms.list',
  request: ListRoomsRequest,
  response: as<Page<IRoom>>(),
})
  .get(familyPaths('list'), {
    request: ({ path, query, actor }) => ({ actor, t: familyOf(path).t, name: query.name, sort: sort(query.sort), ...pagination(query) }),
    reply: (result, { path }) => page(familyOf(path).many, result),
  })
  .get(familyPaths('list.joined'), {
    request: ({ path, query, actor }) => ({
      actor,
      t: familyOf(path).t,
      joinedOnly: true,
      name: query.name,
      sort: sort(query.sort),
      ...pagination(query),
    }),
    reply: (result, { path }) => page(familyOf(path).many, result),
  })
  .get(['im.list', 'dm.list'], {
    request: ({ query, actor }) => ({ actor, t: 'd', joinedOnly: true, sort: sort(query.sort), ...pagination(query) }),
    reply: (result) => page('ims', result),
  });

/** A member as `channels.members` lists it. */
export interface RoomMember {
  _id: string;
  username?: string;
  name?: string;
  status?: UserStatus;
  statusText?: string;
  utcOffset?: number;
  roles?: string[];
}

/** `channels.members`, `groups.members`, `im.members`: the room's members, optionally filtered. */
export const RoomMembersRequest = z.strictObject({
  actor: ActorField,
  ...RoomSelectorFields,
  filter: z.string().max(256).optional(),
  status: z
    .array(z.enum(['online', 'away', 'busy', 'offline']))
    .max(4)
    .optional(),
  ...PaginationFields,
});

export const roomsMembers = defineRpc({
  subject: 'rooms.members',
  request: RoomMembersRequest,
  response: as<Page<RoomMember>>(),
}).get(familyPaths('members', ['channels', 'groups', 'im', 'dm']), {
  // `status=online&status=away` or, as the official client sends it, `status[]=…`.
  request: ({ path, query, actor }) => ({
    actor,
    ...roomSelector(query, familyOf(path).t),
    filter: query.filter,
    status: list(query.status ?? query['status[]']),
    ...pagination(query),
  }),
  reply: (result) => page('members', result),
});

/** A member as `rooms.membersOrderedByRole` lists it: the user, with their roles in the room. */
export interface RoleOrderedMember {
  _id: string;
  username: string;
  name?: string;
  nickname?: string;
  status?: UserStatus;
  avatarETag?: string;
  _updatedAt?: Date;
  roles?: string[];
}

/**
 * `rooms.membersOrderedByRole` (Rocket.Chat 7.3's members list of channels and groups): owners, then leaders, then
 * moderators, then everyone else (`sort={"rolePriority":-1}` reverses it); within each, members not offline first,
 * then by username (by name with `UI_Use_Real_Name`, or `sort={"username":…}`). `filter` is looked up in
 * `Accounts_SearchFields`.
 */
export const roomsMembersOrderedByRole = defineRpc({
  subject: 'rooms.membersOrderedByRole',
  request: z.strictObject({
    actor: ActorField,
    roomId: EntityIdField.optional(),
    roomName: RoomNameField.optional(),
    filter: z.string().max(256).optional(),
    status: RoomMembersRequest.shape.status,
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<Page<RoleOrderedMember>>(),
}).get('rooms.membersOrderedByRole', {
  request: ({ query, actor }) => ({
    actor,
    roomId: query.roomId,
    roomName: query.roomName,
    filter: query.filter,
    status: list(query.status ?? query['status[]']),
    sort: sort(query.sort),
    ...pagination(query),
  }),
  reply: (result) => page('members', result),
});

/**
 * Meteor `getUsersOfRoom(rid, showAll, {limit, skip}, filter)`: the members of a room the caller may read, only
 * those not offline unless `showAll`; answers `{total, records}`.
 */
export const roomsUsersOfRoom = defineRpc({
  subject: 'rooms.usersOfRoom',
  request: z.strictObject({
    actor: ActorField,
    roomId: EntityIdField,
    filter: z.string().max(256).optional(),
    showAll: z.boolean(),
    ...PaginationFields,
  }),
  response: as<Page<RoomMember>>(),
}).method('getUsersOfRoom', {
  request: ([rid, showAll, options, filter], { actor }) => {
    const { limit, skip } = fields(options);
    return { actor, roomId: rid, filter: filter ?? undefined, showAll: showAll ?? false, offset: skip ?? 0, count: limit ?? 0 };
  },
  reply: ({ items, total }) => ({ total, records: items }),
});

/** `rooms.get`'s `updatedSince`, refused in Rocket.Chat's words when it is no date (`Date.parse`). */
function roomsGetSince(value: unknown): unknown {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'string' && Number.isNaN(Date.parse(value)) && !/^\d+$/.test(value)) {
    throw new DomainError(ErrorCode.UpdatedSinceParamInvalid, 'The "updatedSince" query parameter must be a valid date.');
  }
  return date(value);
}

/**
 * `rooms.get` (REST and Meteor `rooms/get`): the caller's rooms; with `updatedSince`, only those changed
 * since, and the rooms deleted since (from `rocketchat_trash`).
 */
export const RoomsGetRequest = z.strictObject({ actor: ActorField, updatedSince: z.date().optional() });

export type RoomsGetResult = IRoom[] | { update: IRoom[]; remove: Array<{ _id: string; _deletedAt: Date }> };

export const roomsGet = defineRpc({
  subject: 'rooms.get',
  request: RoomsGetRequest,
  response: as<RoomsGetResult>(),
})
  .get('rooms.get', {
    request: ({ query, actor }) => ({ actor, updatedSince: roomsGetSince(query.updatedSince) }),
    reply: syncResult,
  })
  .method('rooms/get', { request: ([updatedSince], { actor }) => ({ actor, updatedSince: optionalDate(updatedSince) }) });

/** Meteor `getRoomIdByNameOrId` / `getRoomNameById`: a room the caller may read, by id or by name. */
export const ResolveRoomRequest = z.strictObject({ actor: ActorField, nameOrId: RoomNameField });

export const roomsResolve = defineRpc({
  subject: 'rooms.resolve',
  request: ResolveRoomRequest,
  response: as<{ _id: string; name?: string; fname?: string; t: IRoom['t'] }>(),
})
  .method('getRoomIdByNameOrId', { request: ([nameOrId], { actor }) => ({ actor, nameOrId }), reply: ({ _id }) => _id })
  .method('getRoomNameById', { request: ([rid], { actor }) => ({ actor, nameOrId: rid }), reply: ({ name }) => name });
