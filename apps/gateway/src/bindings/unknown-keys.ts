import { DomainError, ErrorCode, type RestBinding, type RestInput } from '@rc/contracts';

/**
 * Runs a route's mapping and, when the route follows Rocket.Chat's `additionalProperties: false`, refuses a key
 * of its input (the body of a POST/PUT, the query of a GET/DELETE) that the mapping never read: what the route
 * does not take is what its mapping does not look at, so the rule needs no second list of keys.
 */
export function mapRequest(binding: RestBinding, input: RestInput): unknown {
  if (binding.additionalProperties !== false) return binding.request(input);
  const checked = binding.method === 'GET' || binding.method === 'DELETE' ? 'query' : 'body';
  const read = new Set<PropertyKey>();
  const params = input[checked];
  const recording = new Proxy(params, {
    get: (target, key, receiver): unknown => (read.add(key), Reflect.get(target, key, receiver)),
    has: (target, key) => (read.add(key), Reflect.has(target, key)),
    // Spreading or listing the keys reads them all.
    ownKeys: (target) => (Reflect.ownKeys(target).forEach((key) => read.add(key)), Reflect.ownKeys(target)),
  });
  const mapped = binding.request({ ...input, [checked]: recording });
  if (Object.keys(params).some((key) => !read.has(key))) {
    throw new DomainError(ErrorCode.InvalidParams, 'must NOT have additional properties');
  }
  return mapped;
}
