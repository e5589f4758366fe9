import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { fields, list, pagination, sort } from '../core/wire-params.js';
import { ActorField, EntityIdField, PaginationFields, SortField } from '../rooms/common-fields.js';
import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import type { IRoom } from '../typings/room.js';
import { validUserConditions } from './user-conditions.js';

/**
 * Finding users and rooms: Rocket.Chat's spotlight (the search box and the composer's mentions), the
 * autocompletes of its dialogs, the directory and the administrator's room list. Every search is a
 * case-insensitive prefix of a name or username; rooms the caller cannot see never appear.
 */

const TermField = z.string().max(255);
const UsernameListField = z.array(z.string().max(64)).max(500);

/** A user as the search answers show them. */
export interface SearchUser {
  _id: string;
  username?: string;
  nickname?: string;
  name?: string;
  status?: string;
  statusText?: string;
  avatarETag?: string;
  /** Spotlight: not a member of the room searched from (or no room given). */
  outside?: boolean;
}

/** A room as spotlight answers it. */
export type SearchRoom = Pick<IRoom, '_id' | 't' | 'name' | 'fname' | 'teamMain' | 'lastMessage' | 'prid'> & { joinCodeRequired?: boolean };

/** A room as the autocompletes answer it. */
export type AutocompleteRoom = Pick<IRoom, '_id' | 't' | 'name' | 'fname' | 'avatarETag'>;

/** A JSON parameter (`selector={"term": "a"}`): parsed, or passed on unchanged to be refused. */
function jsonParam(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Meteor `spotlight(text, usernames, {users, rooms, mentions}, rid)` and REST `spotlight?query=`: users and
 * rooms whose name starts with the text, `{users, rooms}`.
 */
export const searchSpotlight = defineRpc({
  subject: 'search.spotlight',
  request: z.strictObject({
    actor: ActorField,
    text: TermField,
    usernames: UsernameListField.default([]),
    users: z.boolean().default(false),
    rooms: z.boolean().default(false),
    mentions: z.boolean().default(false),
    rid: EntityIdField.optional(),
  }),
  response: as<{ users: SearchUser[]; rooms: SearchRoom[] }>(),
})
  .get('spotlight', {
    request: ({ query, actor }) => ({
      actor,
      text: query.query,
      usernames: undefined,
      users: true,
      rooms: true,
      mentions: undefined,
      rid: undefined,
    }),
  })
  .method('spotlight', {
    request: ([text, usernames, type, rid], { actor }) => {
      const kinds = type === undefined || type === null ? { users: true, rooms: true } : fields(type);
      return {
        actor,
        text,
        usernames: usernames ?? undefined,
        users: kinds.users,
        rooms: kinds.rooms,
        mentions: kinds.mentions,
        rid: rid ?? undefined,
      };
    },
  });

/**
 * `users.autocomplete?selector={"term", "exceptions", "conditions"}`: up to 10 active users to pick, `{items}`.
 * Conditions Rocket.Chat would refuse (`isValidQuery`: operators other than `$or`/`$and`), and here conditions on
 * fields others may not see, answer its `API.v1.failure(error)`: 400 `{success: false}`.
 */
export const searchUsersAutocomplete = defineRpc({
  subject: 'search.usersAutocomplete',
  request: z.strictObject({
    actor: ActorField,
    selector: z.object({
      term: TermField,
      exceptions: UsernameListField.optional(),
      conditions: z.record(z.string(), z.unknown()).optional(),
    }),
  }),
  response: as<{ items: SearchUser[] }>(),
}).get('users.autocomplete', {
  request: ({ query, actor }) => {
    const selector = jsonParam(query.selector);
    const conditions = typeof selector === 'object' && selector !== null ? (selector as { conditions?: unknown }).conditions : undefined;
    if (conditions !== undefined && !validUserConditions(conditions)) throw new DomainError(ErrorCode.PlainFailure, '');
    return { actor, selector };
  },
});

const RoomSelector = z.strictObject({ name: TermField });

/** `rooms.autocomplete.channelAndPrivate?selector={"name"}`: the caller's channels and groups, `{items}`. */
export const searchRoomsAutocomplete = defineRpc({
  subject: 'search.roomsAutocomplete',
  request: z.strictObject({ actor: ActorField, selector: RoomSelector }),
  response: as<{ items: AutocompleteRoom[] }>(),
}).get('rooms.autocomplete.channelAndPrivate', { request: ({ query, actor }) => ({ actor, selector: jsonParam(query.selector) }) });

/** `rooms.autocomplete.channelAndPrivate.withPagination`: the same, paged and sorted, `{items, total}`. */
export const searchRoomsAutocompletePage = defineRpc({
  subject: 'search.roomsAutocompletePage',
  request: z.strictObject({ actor: ActorField, selector: RoomSelector, sort: SortField.optional(), ...PaginationFields }),
  response: as<{ items: AutocompleteRoom[]; total: number }>(),
}).get('rooms.autocomplete.channelAndPrivate.withPagination', {
  request: ({ query, actor }) => ({ actor, selector: jsonParam(query.selector), sort: sort(query.sort), ...pagination(query) }),
});

/** `rooms.autocomplete.availableForTeams?name`: rooms the caller owns that are in no team, `{items}`. */
export const searchRoomsAvailableForTeams = defineRpc({
  subject: 'search.roomsAvailableForTeams',
  request: z.strictObject({ actor: ActorField, name: TermField.default('') }),
  response: as<{ items: AutocompleteRoom[] }>(),
}).get('rooms.autocomplete.availableForTeams', { request: ({ query, actor }) => ({ actor, name: query.name }) });

/** A directory entry: a room (channels, teams) or a user. */
export type DirectoryEntry = Record<string, unknown> & { _id: string };

/** `directory?type=users|channels|teams&text&workspace&sort&offset&count`: `{result, count, offset, total}`. */
export const searchDirectory = defineRpc({
  subject: 'search.directory',
  request: z.strictObject({
    actor: ActorField,
    type: z.enum(['users', 'channels', 'teams']),
    text: TermField.default(''),
    workspace: z.enum(['local', 'all']).default('local'),
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<{ result: DirectoryEntry[]; count: number; offset: number; total: number }>(),
}).get('directory', {
  request: ({ query, actor }) => ({
    actor,
    type: query.type ?? 'channels',
    text: query.text,
    workspace: query.workspace,
    sort: sort(query.sort),
    ...pagination(query),
  }),
});

/** `rooms.adminRooms?types[]&filter&sort&offset&count` (`view-room-administration`): every room, `{rooms, …}`. */
export const searchAdminRooms = defineRpc({
  subject: 'search.adminRooms',
  request: z.strictObject({
    actor: ActorField,
    types: z
      .array(z.enum(['c', 'p', 'd', 'l', 'v', 'discussions', 'teams']))
      .max(10)
      .optional(),
    filter: TermField.default(''),
    sort: SortField.optional(),
    ...PaginationFields,
  }),
  response: as<{ rooms: IRoom[]; count: number; offset: number; total: number }>(),
}).get('rooms.adminRooms', {
  request: ({ query, actor }) => ({
    actor,
    types: list(query.types ?? query['types[]']),
    filter: query.filter,
    sort: sort(query.sort),
    ...pagination(query),
  }),
});
