import { DomainError, ErrorCode, type RestBinding, type RestInput } from '@rc/contracts';
import { namesNoRoom, REQUIRED_ROOM_KEY } from './required-room.js';
import { ROCKET_CHAT_STRICT_ROUTES, routeKey } from './rocket-chat-strict-routes.js';

/** Per strict route, every key one of Rocket.Chat's schema branches names. */
const ACCEPTED = new Map(Object.entries(ROCKET_CHAT_STRICT_ROUTES).map(([key, sets]) => [key, new Set(sets.flat())]));

/**
 * Runs a route's mapping and, when the route follows Rocket.Chat's `additionalProperties: false`
 * (`ROCKET_CHAT_STRICT_ROUTES`), refuses a key of its input (the body of a POST/PUT, the query of a GET/DELETE)
 * that Rocket.Chat's schema does not name and the mapping never read: keys Rocket.Chat takes pass (those the
 * server has no use for are ignored), and so do the few more a mapping reads (where this server is more lenient).
 * A room-family route whose validator requires a room refuses a request naming none (`REQUIRED_ROOM_KEY`).
 */
export function mapRequest(binding: RestBinding, input: RestInput): unknown {
  const route = routeKey(binding);
  const accepted = ACCEPTED.get(route);
  if (!accepted) return binding.request(input);
  const checked = binding.method === 'GET' || binding.method === 'DELETE' ? 'query' : 'body';
  const read = new Set<PropertyKey>();
  const params = input[checked];
  // ajv's `required` fails before `additionalProperties`, and before the family helper's own error.
  const roomKey = REQUIRED_ROOM_KEY.get(route);
  if (roomKey && namesNoRoom(route, params)) throw new DomainError(ErrorCode.InvalidParams, `must have required property '${roomKey}'`);
  const recording = new Proxy(params, {
    get: (target, key, receiver): unknown => (read.add(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (read.add(key), Reflect.has(target, key)),
    // Spreading or listing the keys reads them all.
    ownKeys: (target) => (Reflect.ownKeys(target).forEach((key) => read.add(key)), Reflect.ownKeys(target)),
  });
  const mapped = binding.request({ ...input, [checked]: recording });
  const unknown = Object.keys(params).find((key) => !accepted.has(key) && !read.has(key));
  if (unknown !== undefined) {
    // ajv's error names the key in `params.additionalProperty`.
    throw new DomainError(ErrorCode.InvalidParams, 'must NOT have additional properties', { additionalProperty: unknown });
  }
  return mapped;
}
