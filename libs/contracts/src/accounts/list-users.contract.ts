import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { boolean, integer, json, list } from '../core/wire-params.js';
import { INACTIVE_REASONS } from '../typings/user.js';
import { Actor, type UserView } from './self-user.js';
import { FieldPathKey } from './user-fields.js';

/**
 * users.list's `query`: a JSON object, checked here for size only (at most 6 deep, 200 values, texts of 256);
 * accounts reads it as Rocket.Chat does (operators dropped or refused, fields limited to the columns answered).
 */
export type UsersQuery = Record<string, unknown>;

function boundedJson(value: unknown, depth: number, budget: { left: number }): boolean {
  if (--budget.left < 0 || depth > 6) return false;
  if (typeof value === 'string') return value.length <= 256;
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return true;
  if (Array.isArray(value)) return value.every((item) => boundedJson(item, depth + 1, budget));
  if (typeof value !== 'object') return false;
  return Object.entries(value).every(([key, inner]) => key.length <= 64 && boundedJson(inner, depth + 1, budget));
}

const UsersQuery = z
  .record(z.string(), z.unknown())
  .refine((query) => boundedJson(query, 0, { left: 200 }), { message: 'Invalid query parameter provided' }) as z.ZodType<UsersQuery>;

/**
 * `GET /api/v1/users.list` (needs `view-d-room`). `query` filters on the fields the caller may see, by values
 * combined with `$or` / `$and` (`$regex` refused, other operators dropped, as Rocket.Chat 7). `fields` adds
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
