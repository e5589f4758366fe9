import { describe, expect, it } from '@jest/globals';
import type { Actor, Params, RestBinding, RestInput } from '@rc/contracts';
import { restBindings } from './bound-contracts.js';
import { mapRequest } from './unknown-keys.js';

const actor: Actor = { userId: 'u1', username: 'alice' };
const input = (params: Params, where: 'body' | 'query' = 'body'): RestInput => ({
  path: 'x',
  body: where === 'body' ? params : {},
  query: where === 'query' ? params : {},
  params: {},
  caller: { connectionId: 'c1' },
  actor,
});
const binding = (method: RestBinding['method'], request: RestBinding['request'], additionalProperties?: false) =>
  ({ method, path: 'x', root: 'v1', envelope: true, auth: 'user', request, additionalProperties }) as unknown as RestBinding;

describe('mapRequest: unknown keys', () => {
  const takesA = (i: RestInput) => ({ a: i.body.a ?? i.query.a });

  it('refuses, on a route with additionalProperties: false, a body key the mapping never reads', () => {
    expect(() => mapRequest(binding('POST', takesA, false), input({ a: 1, b: 2 }))).toThrow('must NOT have additional properties');
    expect(mapRequest(binding('POST', takesA, false), input({ a: 1 }))).toEqual({ a: 1 });
  });

  it('checks the query of a GET route', () => {
    expect(() => mapRequest(binding('GET', takesA, false), input({ a: '1', b: '2' }, 'query'))).toThrow('additional properties');
  });

  it('ignores unknown keys elsewhere, as Rocket.Chat routes without the rule do', () => {
    expect(mapRequest(binding('POST', takesA), input({ a: 1, b: 2 }))).toEqual({ a: 1 });
  });

  it('counts keys a mapping spreads or tests as read', () => {
    const spreads = binding('POST', (i) => ({ ...i.body }), false);
    expect(mapRequest(spreads, input({ a: 1, b: 2 }))).toEqual({ a: 1, b: 2 });
    const tests = binding('POST', (i) => ('b' in i.body ? { b: true } : {}), false);
    expect(mapRequest(tests, input({ b: 1 }))).toEqual({ b: true });
  });
});

/**
 * Rocket.Chat's validators (packages/rest-typings) for the routes that forbid other keys, each with the key sets
 * it accepts (one per `anyOf` branch), and routes that take other keys without complaint. Every route bound with
 * `additionalProperties: false` must be listed here, and every listed route must be bound so: its mapping reads
 * exactly the keys Rocket.Chat's schema names.
 */
const STRICT: Record<string, ReadonlyArray<Params>> = {
  'POST users.register': [{ username: 'u', name: 'n', email: 'e@x', pass: 'p', secret: 's', reason: 'r', customFields: {} }],
  'POST users.setActiveStatus': [{ userId: 'u2', activeStatus: true, confirmRelinquish: false }],
  'POST users.deactivateIdle': [{ daysIdle: 30, role: 'user' }],
  'POST users.setStatus': [{ status: 'away', message: 'm', userId: 'u2', username: 'bob', user: 'bob' }],
  'POST subscriptions.read': [
    { rid: 'r1', readThreads: true },
    { roomId: 'r1', readThreads: true },
  ],
  'POST subscriptions.unread': [{ roomId: 'r1' }, { firstUnreadMessage: { _id: 'm1' } }],
  'GET users.listByStatus': [
    {
      status: 'active',
      hasLoggedIn: 'true',
      type: 'user',
      roles: ['user'],
      searchTerm: 'a',
      sort: '{"username":1}',
      count: '5',
      offset: '0',
    },
  ],
  'GET instances.get': [{}],
  'GET chat.getURLPreview': [{ roomId: 'r1', url: 'https://example.com/' }],
  'GET subscriptions.get': [{ updatedSince: '2026-01-01T00:00:00.000Z' }],
  'GET subscriptions.getOne': [{ roomId: 'r1' }],
};
/** Rocket.Chat routes whose validator has no `additionalProperties: false`: other keys are ignored. */
const LENIENT = ['POST users.logout', 'POST chat.sendMessage', 'POST teams.create'];

const routeKey = (b: RestBinding) => `${b.method} ${b.path}`;
const find = (key: string) => restBindings.find((b) => routeKey(b) === key);

describe("Rocket.Chat's additionalProperties per route", () => {
  it('every route bound with additionalProperties: false is in the table, and the other way round', () => {
    const strict = restBindings
      .filter((b) => b.additionalProperties === false)
      .map(routeKey)
      .sort();
    expect(strict).toEqual(Object.keys(STRICT).sort());
  });

  it.each(LENIENT)('%s takes other keys', (key) => {
    expect(find(key)?.additionalProperties).toBeUndefined();
  });

  describe.each(Object.entries(STRICT))('%s', (key, accepted) => {
    const route = find(key)!;
    const where = route.method === 'GET' ? 'query' : 'body';

    it.each(accepted.map((keys) => [Object.keys(keys).join(', '), keys] as const))(
      'reads every key Rocket.Chat takes: %s',
      (_keys, keys) => {
        expect(() => mapRequest(route, input(keys, where))).not.toThrow(/additional properties/);
      },
    );

    it('refuses another key', () => {
      expect(() => mapRequest(route, input({ ...accepted[0], unexpected: 1 }, where))).toThrow('must NOT have additional properties');
    });
  });
});
