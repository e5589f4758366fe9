import { DomainError, ErrorCode, type UsersQuery } from '@rc/contracts';
import type { UserFieldFilter } from '@rc/models';

/** The operators Rocket.Chat's `parseJsonQuery` keeps (`clean`); every other `$` key is dropped, not refused. */
const KEPT_OPERATORS = ['$or', '$and', '$regex'];
/** The operators users.list's `isValidQuery` accepts (its `queryOperations`): `$regex` survives `clean` but not this. */
const ALLOWED_OPERATORS = ['$or', '$and'];

/** Columns under which users.list's `query` may name any path (Rocket.Chat's `emails.address.*`, `username.*`, …). */
const QUERYABLE_BELOW: Record<string, string> = {
  emails: 'emails.address',
  username: 'username',
  name: 'name',
  type: 'type',
  customFields: 'customFields',
};

const topLevel = (path: string) => path.split('.')[0];
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const invalid = (text: string) => new DomainError(ErrorCode.InvalidQuery, text);

/** Rocket.Chat's `isValidQuery` over the columns answered: the column itself, or a path below the ones above. */
const queryable = (path: string, columns: string[]) =>
  columns.some((column) => path === column || (QUERYABLE_BELOW[column] !== undefined && path.startsWith(QUERYABLE_BELOW[column])));

/** Rocket.Chat's `clean`: drops, at any depth, the `$` keys it does not keep. */
export function cleanQuery(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cleanQuery);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => !key.startsWith('$') || KEPT_OPERATORS.includes(key))
      .map(([key, inner]) => [key, cleanQuery(inner)]),
  );
}

/** The paths below `parent` an object value names; an operator left in it is refused as `isValidQuery` does. */
function assertValidValue(value: Record<string, unknown>, parent: string, columns: string[]): void {
  for (const [key, inner] of Object.entries(value)) {
    if (key.startsWith('$')) throw invalid(`Invalid operation: ${key}`);
    const path = `${parent}.${key}`;
    if (!queryable(path, columns)) throw invalid(`Invalid attribute: ${path}`);
    if (isRecord(inner)) assertValidValue(inner, path, columns);
  }
}

function toFilter(query: Record<string, unknown>, rule: { visible: Set<string>; columns: string[]; topLevel: boolean }): UserFieldFilter {
  const filter: UserFieldFilter = {};
  for (const [field, value] of Object.entries(query)) {
    if (field.startsWith('$')) {
      if (!ALLOWED_OPERATORS.includes(field)) throw invalid(`Invalid operation: ${field}`);
      if (!Array.isArray(value) || !value.every(isRecord)) throw invalid(`Invalid query parameter provided: ${field}`);
      filter[field] = value.map((part) => toFilter(part, { ...rule, topLevel: false }));
      continue;
    }
    // `parseJsonQuery` drops the top-level fields the caller may not see before anything is checked.
    if (rule.topLevel && !rule.visible.has(topLevel(field))) continue;
    if (!queryable(field, rule.columns)) throw invalid(`Invalid attribute: ${field}`);
    if (isRecord(value)) {
      assertValidValue(value, field, rule.columns);
      // What is left of an operator object is a document the field must equal (`{}` after `$ne` was dropped).
      filter[field] = { $eq: value };
    } else if (Array.isArray(value)) {
      filter[field] = { $eq: value };
    } else {
      filter[field] = value as string | number | boolean;
    }
  }
  return filter;
}

/**
 * users.list's `query` as Rocket.Chat 7 reads it: `clean` drops the operators other than `$or`, `$and`, `$regex`;
 * the top-level fields the caller may not see are dropped; then `isValidQuery` with the route's `['$or', '$and']`
 * refuses `$regex` (`Invalid operation: $regex`) and any field, inside `$or` / `$and` too, that is not a column
 * answered (`Invalid attribute: <path>`), both as `error-invalid-query`.
 */
export function usersListFilter(query: UsersQuery, rule: { visible: Set<string>; columns: string[] }): UserFieldFilter {
  return toFilter(cleanQuery(query) as Record<string, unknown>, { ...rule, topLevel: true });
}
