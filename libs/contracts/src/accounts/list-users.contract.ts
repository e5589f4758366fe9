import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean, integer, json, list } from '../core/wire-params.js';
import { INACTIVE_REASONS } from '../typings/user.js';
import { Actor, type UserView } from './self-user.js';
import { FieldPathKey } from './user-fields.js';

/** users.list's `query`: field equalities, combined with `$or` / `$and` (arrays of such), at most 4 deep. */
export interface UsersQuery {
  [key: string]: string | number | boolean | UsersQuery[];
}

const QueryValue = z.union([z.string().max(256), z.number(), z.boolean()]);

const usersQuery = (depth: number): z.ZodType<UsersQuery> =>
  z.record(z.string(), z.unknown()).superRefine((query, context) => {
    for (const [key, value] of Object.entries(query)) {
      const combined = key === '$or' || key === '$and';
      const valid = combined
        ? depth < 4 &&
          Array.isArray(value) &&
          value.length > 0 &&
          value.length <= 20 &&
          value.every((item) => usersQuery(depth + 1).safeParse(item).success)
        : FieldPathKey.safeParse(key).success && QueryValue.safeParse(value).success;
      if (!valid) context.addIssue({ code: 'custom', path: [key], message: `Invalid query parameter provided: ${key}` });
    }
  }) as z.ZodType<UsersQuery>;

const UsersQuery = usersQuery(0);

/**
 * `GET /api/v1/users.list` (needs `view-d-room`). `query` filters on the fields the caller may see, by plain
 * values combined with `$or` / `$and`: other operator objects (`{"$regex": …}`, `{"$ne": …}`) are refused by this schema. `fields` adds
 * visible fields; `sort` orders by visible fields. Counts above the server's limit are capped.
 */
export const ListUsersRequest = z.strictObject({
  actor: Actor,
  offset: z.number().int().min(0).max(1_000_000).default(0),
  count: z.number().int().min(0).max(1_000_000).optional(),
  sort: z.record(FieldPathKey, z.union([z.literal(1), z.literal(-1)])).optional(),
  query: UsersQuery.optional(),
  fields: z.record(FieldPathKey, z.union([z.literal(0), z.literal(1)])).optional(),
});
export type ListUsersRequest = z.infer<typeof ListUsersRequest>;

export interface ListUsersResult {
  users: UserView[];
  count: number;
  offset: number;
  total: number;
}

export const accountsListUsers = defineRpc({
  subject: 'accounts.listUsers',
  request: ListUsersRequest,
  response: as<ListUsersResult>(),
}).get('users.list', {
  request: ({ query, actor }) => ({
    actor,
    offset: integer(query.offset),
    count: integer(query.count),
    sort: json(query.sort, 'sort'),
    query: json(query.query, 'query'),
    fields: json(query.fields, 'fields'),
  }),
});

/**
 * `GET users.listByStatus` (needs `view-d-room`): users by `status` (`active` / `deactivated`), `hasLoggedIn`,
 * `type`, `roles` (any of them; `all` for every role), `inactiveReason` (any of Rocket.Chat's three), `searchTerm` (username, name, and e-mail for holders of
 * `view-full-other-user-info`), paged and sorted (`sort` on visible fields; by username by default).
 */
export const accountsListUsersByStatus = defineRpc({
  subject: 'accounts.listUsersByStatus',
  request: z.strictObject({
    actor: Actor,
    status: z.enum(['active', 'deactivated']).optional(),
    hasLoggedIn: z.boolean().optional(),
    type: z.string().max(64).optional(),
    roles: z.array(z.string().max(128)).max(100).optional(),
    searchTerm: z.string().max(256).optional(),
    offset: z.number().int().min(0).max(1_000_000).default(0),
    count: z.number().int().min(0).max(1_000_000).optional(),
    sort: z.record(FieldPathKey, z.union([z.literal(1), z.literal(-1)])).optional(),
    inactiveReason: z
      .array(z.enum(INACTIVE_REASONS))
      .max(INACTIVE_REASONS.length * 4)
      .optional(),
  }),
  response: as<ListUsersResult>(),
}).get('users.listByStatus', {
  request: ({ query, actor }) => {
    return {
      actor,
      status: query.status,
      hasLoggedIn: query.hasLoggedIn === undefined ? undefined : boolean(query.hasLoggedIn),
      type: query.type,
      roles: list(query.roles ?? query['roles[]']),
      searchTerm: query.searchTerm,
      offset: integer(query.offset ?? '0'),
      count: integer(query.count),
      sort: json(query.sort, 'sort'),
      inactiveReason: list(query.inactiveReason ?? query['inactiveReason[]']),
    };
  },
});
