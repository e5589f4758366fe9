import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';
import type { Params } from './binding.js';

/**
 * Helpers of the faces' mappings from wire input (query strings, bodies, DDP arguments) to requests. Values are
 * passed on as received: the contract's strict schema refuses anything of the wrong type (an object where a
 * string is expected, `{"$ne": null}`, an array from a repeated query parameter), so nothing here trusts input.
 */

/** A DDP argument that should be an object (a message, a settings map): its fields, or none. */
export function fields(value: unknown): Params {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Params) : {};
}

/** `count=10` → 10; anything else is passed on unchanged, to be refused. */
export function integer(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/** `true` / `false` (and Rocket.Chat's `1` / `0`) → boolean. */
export function boolean(value: unknown): unknown {
  if (value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  return value;
}

/** An ISO date (or epoch milliseconds) → Date; anything unparseable is passed on unchanged, to be refused. */
export function date(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const parsed = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(parsed.getTime()) ? value : parsed;
}

/** A DDP date argument: a Date (EJSON), a date string or epoch number; `null` (an omitted argument) is none. */
export function optionalDate(value: unknown): unknown {
  return value === null || value === undefined ? undefined : date(value);
}

const JSON_PARAM_ERRORS = { sort: ErrorCode.InvalidSort, query: ErrorCode.InvalidQuery, fields: ErrorCode.InvalidFields };

/**
 * Rocket.Chat's JSON parameters (`sort`, `query`, `fields`): parsed here, validated by the service.
 * Unparseable JSON answers Rocket.Chat's `error-invalid-<name>`.
 */
export function json(value: unknown, name: keyof typeof JSON_PARAM_ERRORS): unknown {
  if (value === undefined) return undefined;
  const invalid = () => new DomainError(JSON_PARAM_ERRORS[name], `Invalid ${name} parameter provided: ${JSON.stringify(value)}`);
  if (typeof value !== 'string') throw invalid();
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw invalid();
  }
}

/** Rocket.Chat's JSON `sort` parameter. */
export const sort = (value: unknown): unknown => json(value, 'sort');

/** `offset` and `count` (absent: none, for the service's page size to apply `API_Default_Count`). */
export function pagination(params: Params) {
  return { offset: integer(params.offset ?? '0'), count: params.count === undefined ? undefined : integer(params.count) };
}

/** `roomId` / `roomName`, and the family of the endpoint. */
export function roomSelector(params: Params, t?: 'c' | 'p' | 'd') {
  // A direct message is named by the other member's `username` (Rocket.Chat's `findDirectMessageRoom`).
  const roomName = t === 'd' ? (params.roomName ?? params.username) : params.roomName;
  return { roomId: params.roomId, roomName, ...(t && { t }) };
}

/** `<family>.history`'s window and paging, with Rocket.Chat's defaults (`count` absent: `API_Default_Count`). */
export function historyWindow(params: Params) {
  return {
    latest: date(params.latest),
    oldest: date(params.oldest),
    inclusive: boolean(params.inclusive ?? 'false'),
    unreads: boolean(params.unreads ?? 'false'),
    showThreadMessages: boolean(params.showThreadMessages ?? 'false'),
    offset: integer(params.offset ?? '0'),
    count: params.count === undefined ? undefined : integer(params.count),
  };
}

/** `"a, b,c"` → `['a', 'b', 'c']`. */
export function splitList(value: string): string[] {
  return value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

/** A list parameter given once (`status=online`) or repeated (`status=online&status=away`, `status[]=…`). */
export function list(value: unknown): unknown {
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value : [value];
}

/**
 * A query parameter as Rocket.Chat's REST layer reads it (`qs`): `name[]=a` and `name[0]=a` make arrays, and so
 * does a repeated key; `name[key]=a` makes an object; a single `name=a` stays a string. This server's query
 * parser keeps `name[…]` as a key.
 */
export function qsParam(params: Params, name: string): unknown {
  const bracketed = Object.keys(params).filter((key) => key.startsWith(`${name}[`) && key.endsWith(']'));
  if (bracketed.length === 0) return params[name];
  const inside = (key: string) => key.slice(name.length + 1, -1);
  if (bracketed.some((key) => !/^\d*$/.test(inside(key)))) {
    return Object.fromEntries(bracketed.map((key) => [inside(key), params[key]]));
  }
  return [params[name], ...bracketed.map((key) => params[key])].flat().filter((value) => value !== undefined);
}

/** Rocket.Chat's paginated list answer under its own key (`channels`, `messages`, …). */
export function page<T>(key: string, result: { items: T[]; count: number; offset: number; total: number }) {
  return { [key]: result.items, count: result.count, offset: result.offset, total: result.total };
}

/** `{update, remove}` whether or not `updatedSince` was given (Rocket.Chat's REST sync shape). */
export function syncResult<T, R>(result: T[] | { update: T[]; remove: R[] }) {
  return Array.isArray(result) ? { update: result, remove: [] } : result;
}
