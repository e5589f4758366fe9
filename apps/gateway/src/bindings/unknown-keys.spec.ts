import { describe, expect, it } from '@jest/globals';
import { DomainError, type Actor, type Params, type RestBinding, type RestInput } from '@rc/contracts';
import { restBindings } from './bound-contracts.js';
import { ROCKET_CHAT_STRICT_ROUTES, routeKey } from './rocket-chat-strict-routes.js';
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

/**
 * A value of the right type for each key Rocket.Chat's schemas name (a GET's query holds strings), so that a
 * mapping which parses what it reads (JSON `sort`, numbers, dates) maps the sample without an error.
 */
const SAMPLE: Record<string, unknown> = {
  count: 5,
  offset: 0,
  limit: 10,
  days: 1,
  maxUses: 0,
  daysIdle: 30,
  retryCount: 1,
  retryDelay: 'powers-of-ten',
  sort: '{"_id":1}',
  query: '{}',
  fields: '{}',
  selector: '{"term":"a"}',
  latest: '2026-01-01T00:00:00.000Z',
  oldest: '2025-01-01T00:00:00.000Z',
  since: '2026-01-01T00:00:00.000Z',
  updatedSince: '2026-01-01T00:00:00.000Z',
  lastUpdate: '2026-01-01T00:00:00.000Z',
  _updatedAt: '2026-01-01T00:00:00.000Z',
  inclusive: true,
  unreads: true,
  showThreadMessages: true,
  pinned: true,
  readOnly: true,
  readonly: true,
  excludeSelf: true,
  readThreads: true,
  shouldReact: true,
  asUser: true,
  ignore: true,
  activeStatus: true,
  confirmRelinquish: false,
  hasLoggedIn: true,
  includeUserRooms: true,
  excludePinned: true,
  filesOnly: true,
  ignoreDiscussion: true,
  ignoreThreads: true,
  encrypted: false,
  reactWhenReadOnly: true,
  default: false,
  favorite: { favorite: true, defaultValue: false },
  featured: false,
  active: true,
  verified: true,
  joinDefaultChannels: false,
  requirePasswordChange: false,
  setRandomPassword: false,
  sendWelcomeEmail: false,
  enabled: true,
  scriptEnabled: false,
  overrideDestinationChannelEnabled: false,
  triggerWordAnywhere: false,
  runOnEdits: false,
  retryFailedCalls: false,
  impersonateUser: false,
  updateRoom: true,
  members: ['bob'],
  users: ['bob'],
  usernames: 'bob,carol',
  mentionIds: '["u1"]',
  starredIds: '["u1"]',
  roles: ['user'],
  rooms: ['r1'],
  roomsToRemove: ['r1'],
  urls: ['https://example.com/'],
  triggerWords: ['go'],
  status: ['online'],
  types: ['c'],
  teams: [],
  attachments: [],
  previewUrls: [],
  permissions: [{ _id: 'view-room', roles: ['user'] }],
  data: {},
  customFields: {},
  extraData: {},
  message: { rid: 'r1', msg: 'hi' },
  member: { userId: 'u2', roles: ['member'] },
  firstUnreadMessage: { _id: 'm1' },
  reply: 'r',
  type: 'c',
  roomType: 'c',
  email: 'e@x.org',
  emailOrUsername: 'bob',
};
/** Where one route's key needs another value than the others'. */
const SAMPLE_FOR: Record<string, Record<string, unknown>> = { 'POST users.setStatus': { status: 'away' } };
const sample = (route: string, key: string, where: 'body' | 'query'): unknown => {
  const value = SAMPLE_FOR[route]?.[key] ?? SAMPLE[key] ?? `${key}-1`;
  if (where === 'body') return value;
  return typeof value === 'string' ? value : Array.isArray(value) ? value.map(String) : JSON.stringify(value);
};

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

  it.each(LENIENT)('%s takes other keys', (key) => {
    const route = find(key)!;
    const where = route.method === 'GET' ? 'query' : 'body';
    expect(() => mapRequest(route, input({ unexpected: '1' }, where, route.path))).not.toThrow();
  });

  describe.each(Object.entries(ROCKET_CHAT_STRICT_ROUTES))('%s', (key, accepted) => {
    const route = find(key)!;
    const where = route.method === 'GET' || route.method === 'DELETE' ? 'query' : 'body';
    const params = (keys: readonly string[]) => Object.fromEntries(keys.map((name) => [name, sample(key, name, where)]));

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
