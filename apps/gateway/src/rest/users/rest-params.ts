import { DomainError, ErrorCode } from '@rc/contracts';

/**
 * Mapping REST input to service requests. Values are passed on as received: the service's strict schema
 * refuses anything of the wrong type (an object where a string is expected, `{"$ne": null}`, an array
 * from a repeated query parameter), so nothing here needs to trust the input.
 */

/** A JSON body must be an object; its keys go to the service, which refuses unknown ones. */
export function bodyObject(body: unknown): Record<string, unknown> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new DomainError(ErrorCode.InvalidParams, 'The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/** `count=10` → 10; anything not a plain non-negative integer is passed on unchanged, to be refused. */
export function integerParam(value: unknown): unknown {
  return typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/** `true` / `false` → boolean; anything else is passed on unchanged, to be refused. */
export function booleanParam(value: unknown): unknown {
  return value === 'true' ? true : value === 'false' ? false : value;
}

/**
 * Rocket.Chat's JSON list parameters (`sort`, `query`, `fields`): parsed here, validated by the service.
 * Unparseable JSON answers Rocket.Chat's `error-invalid-<name>`.
 */
export function jsonParam(value: unknown, name: 'sort' | 'query' | 'fields'): unknown {
  if (value === undefined) return undefined;
  const code = { sort: ErrorCode.InvalidSort, query: ErrorCode.InvalidQuery, fields: ErrorCode.InvalidFields }[name];
  const invalid = () => new DomainError(code, `Invalid ${name} parameter provided: ${JSON.stringify(value)}`);
  if (typeof value !== 'string') throw invalid();
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw invalid();
  }
}
