/**
 * Values for the keys of `ROCKET_CHAT_STRICT_ROUTES`, for the tests that walk the table (the unit spec of
 * `mapRequest` and the end-to-end walk): each route's mapping takes them without an error.
 */
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
function sample(route: string, key: string, where: 'body' | 'query'): unknown {
  const value = SAMPLE_FOR[route]?.[key] ?? SAMPLE[key] ?? `${key}-1`;
  if (where === 'body') return value;
  return typeof value === 'string' ? value : Array.isArray(value) ? value.map(String) : JSON.stringify(value);
}

/** One of a strict route's key sets with sample values, as a body (typed) or a query (strings). */
export function sampleParams(route: string, keys: readonly string[], where: 'body' | 'query'): Record<string, unknown> {
  return Object.fromEntries(keys.map((name) => [name, sample(route, name, where)]));
}
