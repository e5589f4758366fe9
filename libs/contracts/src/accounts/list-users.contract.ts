import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { integer, json } from '../core/wire-params.js';
import { Actor, type UserView } from './self-user.js';
import { FieldPathKey } from './user-fields.js';

/**
 * `GET /api/v1/users.list` (needs `view-d-room`). `query` filters on the fields the caller may see, by plain
 * values only: operator objects (`{"$regex": …}`, `{"$ne": …}`) are refused by this schema. `fields` adds
 * visible fields; `sort` orders by visible fields. Counts above the server's limit are capped.
 */
export const ListUsersRequest = z.strictObject({
  actor: Actor,
  offset: z.number().int().min(0).max(1_000_000).default(0),
  count: z.number().int().min(0).max(1_000_000).optional(),
  sort: z.record(FieldPathKey, z.union([z.literal(1), z.literal(-1)])).optional(),
  query: z.record(FieldPathKey, z.union([z.string().max(256), z.number(), z.boolean()])).optional(),
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
