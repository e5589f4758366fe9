import { z } from 'zod';
import { UsernameField } from '../accounts/user-fields.js';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { date, fields, json, page, pagination, roomSelector, sort } from '../core/wire-params.js';
import type { Params } from '../core/binding.js';
import { familyOf, familyPaths } from './room-families.js';
import type { IMessage } from '../typings/message.js';
import type { IRoom } from '../typings/room.js';
import type { UserRef } from '../typings/user.js';
import { ActorField, EntityIdField, PaginationFields, RoomNameField, RoomSelectorFields, SortField, type Page } from './common-fields.js';

/**
 * Rocket.Chat's smaller room routes: who moderates a room, who of its members is online, every private group
 * (administrators), membership checks, reading a channel anonymously, the caller's mentions, and pruning a
 * room's history (`rooms.cleanHistory` / `cleanRoomHistory`).
 */

/** `channels.moderators`, `groups.moderators`: the members holding the room's `moderator` role. */
export const roomsModerators = defineRpc({
  subject: 'rooms.moderators',
  request: z.strictObject({ actor: ActorField, ...RoomSelectorFields }),
  response: as<{ moderators: UserRef[] }>(),
}).get(familyPaths('moderators'), { request: ({ path, query, actor }) => ({ actor, ...roomSelector(query, familyOf(path).t) }) });

/**
 * `channels.online`, `groups.online`: the room's members who are not offline. The room by `_id`, or by
 * Rocket.Chat's JSON `query` naming its `_id` or `name` (nothing else is accepted: no operators).
 */
export const roomsOnline = defineRpc({
  subject: 'rooms.online',
  request: z.strictObject({
    actor: ActorField,
    t: z.enum(['c', 'p']),
    roomId: EntityIdField.optional(),
    roomName: RoomNameField.optional(),
  }),
  response: as<{ online: Array<{ _id: string; username?: string }> }>(),
}).get(familyPaths('online'), {
  request: ({ path, query, actor }) => {
    const given = query.query === undefined ? {} : (json(query.query, 'query') as Params);
    const selector = typeof given === 'object' && given !== null ? given : {};
    return { actor, t: familyOf(path).t as 'c' | 'p', roomId: query._id ?? selector._id, roomName: selector.name };
  },
});

/** `groups.listAll` (needs `view-room-administration`): every private group. */
export const roomsListAllGroups = defineRpc({
  subject: 'rooms.listAllGroups',
  request: z.strictObject({ actor: ActorField, sort: SortField.optional(), ...PaginationFields }),
  response: as<Page<IRoom>>(),
}).get('groups.listAll', {
  request: ({ query, actor }) => ({ actor, sort: sort(query.sort), ...pagination(query) }),
  reply: (result) => page('groups', result),
});

/** `rooms.isMember?roomId&userId|username`: whether a user is in a room the caller may see. */
export const roomsIsMember = defineRpc({
  subject: 'rooms.isMember',
  request: z.strictObject({
    actor: ActorField,
    roomId: EntityIdField,
    userId: EntityIdField.optional(),
    username: UsernameField.optional(),
  }),
  response: as<{ isMember: boolean }>(),
}).get('rooms.isMember', {
  request: ({ query, actor }) => ({ actor, roomId: query.roomId, userId: query.userId, username: query.username }),
});

/** `channels.anonymousread`: a channel's messages without logging in, while `Accounts_AllowAnonymousRead` is on. */
export const roomsAnonymousRead = defineRpc({
  subject: 'rooms.anonymousRead',
  request: z.strictObject({
    roomId: EntityIdField.optional(),
    roomName: RoomNameField.optional(),
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<Page<IMessage>>(),
}).get('channels.anonymousread', {
  auth: 'none',
  request: ({ query }) => ({ roomId: query.roomId, roomName: query.roomName, sort: sort(query.sort), ...pagination(query) }),
  reply: (result) => page('messages', result),
});

/** `channels.getAllUserMentionsByChannel`: the messages of a room mentioning the caller (oldest first). */
export const roomsUserMentions = defineRpc({
  subject: 'rooms.userMentions',
  request: z.strictObject({ actor: ActorField, roomId: EntityIdField, sort: SortField.optional(), ...PaginationFields }),
  response: as<Page<IMessage>>(),
})
  .get('channels.getAllUserMentionsByChannel', {
    request: ({ query, actor }) => ({ actor, roomId: query.roomId, sort: sort(query.sort), ...pagination(query) }),
    reply: (result) => page('mentions', result),
  })
  /** Meteor `getUserMentionsByChannel({ roomId, options: { sort, skip, limit } })` → the messages. */
  .method('getUserMentionsByChannel', {
    request: ([params], { actor }) => {
      const given = fields(params);
      const options = fields(given.options);
      return { actor, roomId: given.roomId, sort: options.sort, offset: options.skip ?? 0, count: options.limit ?? 0 };
    },
    reply: ({ items }) => items,
  });

/**
 * `rooms.cleanHistory` and Meteor `cleanRoomHistory` (needs `clean-channel-history` in the room): the room's
 * messages between `oldest` and `latest`, optionally only some users', leaving pinned ones, discussions or
 * threads, or only their files. Answers how many were removed.
 */
export const CleanHistoryRequest = z.strictObject({
  actor: ActorField,
  roomId: EntityIdField,
  latest: z.date(),
  oldest: z.date(),
  inclusive: z.boolean(),
  limit: z.number().int().min(0).max(1_000_000).optional(),
  excludePinned: z.boolean(),
  filesOnly: z.boolean(),
  ignoreDiscussion: z.boolean(),
  ignoreThreads: z.boolean(),
  fromUsers: z.array(UsernameField).max(1000),
  /** REST: the room is found first as Rocket.Chat's rooms API finds it (`findRoomByIdOrName`: not found, archived). */
  roomsApi: z.literal(true).optional(),
});
export type CleanHistoryOptions = Omit<z.infer<typeof CleanHistoryRequest>, 'actor' | 'roomId' | 'roomsApi'>;

/** Rocket.Chat's REST reading of a flag: `true`, `'true'`, `1`, `'1'`. */
const flag = (value: unknown) => [true, 'true', 1, '1'].includes(value as never);

export const roomsCleanHistory = defineRpc({
  subject: 'rooms.cleanHistory',
  request: CleanHistoryRequest,
  response: as<{ _id: string; count: number }>(),
})
  .post('rooms.cleanHistory', {
    request: ({ body, actor }) => ({
      actor,
      roomId: body.roomId,
      latest: date(body.latest),
      oldest: date(body.oldest),
      inclusive: body.inclusive ?? false,
      limit: body.limit,
      excludePinned: flag(body.excludePinned),
      filesOnly: flag(body.filesOnly),
      ignoreDiscussion: flag(body.ignoreDiscussion),
      ignoreThreads: flag(body.ignoreThreads),
      fromUsers: Array.isArray(body.users) ? body.users.filter(Boolean) : (body.users ?? []),
      roomsApi: true,
    }),
  })
  /** Meteor `cleanRoomHistory({ roomId, latest, oldest, … })` → the number removed; its own defaults. */
  .method('cleanRoomHistory', {
    request: ([options], { actor }) => {
      const given = (typeof options === 'object' && options !== null ? options : {}) as Params;
      return {
        actor,
        roomId: given.roomId,
        latest: given.latest,
        oldest: given.oldest,
        inclusive: given.inclusive ?? true,
        limit: given.limit ?? undefined,
        excludePinned: given.excludePinned ?? false,
        filesOnly: given.filesOnly ?? false,
        ignoreDiscussion: given.ignoreDiscussion ?? true,
        ignoreThreads: given.ignoreThreads ?? true,
        fromUsers: given.fromUsers ?? [],
      };
    },
    reply: ({ count }) => count,
  });
