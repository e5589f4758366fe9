import { describe, expect, it } from '@jest/globals';
import { DomainError, type Actor, type Params, type RestBinding, type RestInput } from '@rc/contracts';
import { restBindings } from './bound-contracts.js';
import { ROCKET_CHAT_STRICT_ROUTES, routeKey } from './rocket-chat-strict-routes.js';
import { sampleParams } from './strict-route-samples.js';
import { REQUIRED_ROOM_KEY } from './required-room.js';
import { mapRequest } from './unknown-keys.js';

const actor: Actor = { userId: 'u1', username: 'alice' };
const input = (params: Params, where: 'body' | 'query' = 'body', path = 'x'): RestInput => ({
  path,
  body: where === 'body' ? params : {},
  query: where === 'query' ? params : {},
  params: {},
  caller: { connectionId: 'c1' },
  actor,
});
/** A route the table marks strict (`users.register`) or not (`users.logout`), with the given mapping. */
const binding = (method: RestBinding['method'], request: RestBinding['request'], strict?: false) =>
  ({
    method,
    path: strict === false ? (method === 'GET' ? 'users.listByStatus' : 'users.register') : 'users.logout',
    root: 'v1',
    envelope: true,
    auth: 'user',
    request,
  }) as unknown as RestBinding;

describe('mapRequest: unknown keys', () => {
  const takesA = (i: RestInput) => ({ a: i.body.a ?? i.query.a });

  it('refuses, on a route with additionalProperties: false, a body key the mapping never reads', () => {
    expect(() => mapRequest(binding('POST', takesA, false), input({ a: 1, b: 2 }))).toThrow('must NOT have additional properties');
    expect(mapRequest(binding('POST', takesA, false), input({ a: 1 }))).toEqual({ a: 1 });
  });

  it('checks the query of a GET route', () => {
    expect(() => mapRequest(binding('GET', takesA, false), input({ a: '1', b: '2' }, 'query'))).toThrow('additional properties');
  });

  it('lets a key Rocket.Chat takes pass even where the mapping has no use for it', () => {
    expect(mapRequest(binding('POST', takesA, false), input({ a: 1, secret: 's' }))).toEqual({ a: 1 });
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

/** Rocket.Chat routes whose validator lacks the rule (or that have none): other keys are ignored. */
const LENIENT = [
  'POST users.logout',
  'POST teams.create',
  'GET groups.list',
  'GET integrations.get',
  'POST integrations.remove',
  'PUT integrations.update',
];

const find = (key: string) => restBindings.find((b) => routeKey(b) === key);

describe("Rocket.Chat's additionalProperties per route (the table)", () => {
  it('every route of the table is bound', () => {
    expect(Object.keys(ROCKET_CHAT_STRICT_ROUTES).filter((key) => !find(key))).toEqual([]);
  });

  /** What a lenient route needs besides the other key (teams.create's `check()` of its own keys). */
  const NEEDS: Record<string, Params> = { 'POST teams.create': { name: 'team', type: 0 } };

  it.each(LENIENT)('%s takes other keys', (key) => {
    const route = find(key)!;
    const where = route.method === 'GET' ? 'query' : 'body';
    expect(() => mapRequest(route, input({ ...NEEDS[key], unexpected: '1' }, where, route.path))).not.toThrow();
  });

  describe.each(Object.entries(ROCKET_CHAT_STRICT_ROUTES))('%s', (key, accepted) => {
    const route = find(key)!;
    const where = route.method === 'GET' || route.method === 'DELETE' ? 'query' : 'body';
    const params = (keys: readonly string[]) => sampleParams(key, keys, where);

    it.each(accepted.map((keys) => [keys.join(', ') || '(none)', keys] as const))(
      'takes every key Rocket.Chat takes: %s',
      (_keys, keys) => {
        let refused: unknown;
        try {
          mapRequest(route, input(params(keys), where, route.path));
        } catch (error) {
          refused = error instanceof DomainError ? (error.details ?? error.message) : error;
        }
        expect(refused).toBeUndefined();
      },
    );

    it('refuses another key', () => {
      expect(() => mapRequest(route, input({ ...params(accepted[0]), unexpected: '1' }, where, route.path))).toThrow(
        'must NOT have additional properties',
      );
    });
  });
});

describe('a room-family route whose validator requires a room (REQUIRED_ROOM_KEY)', () => {
  it('covers the oneOf {roomId} | {roomName} routes and those requiring roomId alone, not channels.files', () => {
    expect(REQUIRED_ROOM_KEY.get('POST channels.archive')).toBe('roomId');
    expect(REQUIRED_ROOM_KEY.get('GET groups.info')).toBe('roomId');
    expect(REQUIRED_ROOM_KEY.get('GET channels.messages')).toBe('roomId');
    expect(REQUIRED_ROOM_KEY.get('GET dm.files')).toBe('roomId');
    expect(REQUIRED_ROOM_KEY.has('GET channels.files')).toBe(false);
    expect(REQUIRED_ROOM_KEY.has('GET chat.getDiscussions')).toBe(false);
  });

  it.each([...REQUIRED_ROOM_KEY])('%s: refused without a room, before an unknown key, in ajv’s words', (key, roomKey) => {
    const route = find(key)!;
    const where = route.method === 'GET' || route.method === 'DELETE' ? 'query' : 'body';
    expect(() => mapRequest(route, input({ unexpected: '1' }, where, route.path))).toThrow(`must have required property '${roomKey}'`);
  });
});
