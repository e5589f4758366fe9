import { beforeAll, describe, expect, it } from '@jest/globals';
import { ENTERPRISE_ROUTES } from '../../apps/gateway/src/bindings/enterprise-routes.js';
import { createUser, ok, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
import type { RestClient } from '../support/rest-client.js';
import { useStack } from '../support/stack.js';

/** A failure as the test compares it: the status, `error`, and `errorType` (absent where Rocket.Chat sends none). */
interface Answer {
  status: number;
  error: string;
  errorType?: string;
}

interface Row {
  route: string;
  failure: string;
  /** Who asks: a plain user or the administrator. */
  as: 'user' | 'admin';
  method: 'GET' | 'POST';
  /** The path below `/api/v1/` (query included) and the body. */
  request: () => { path: string; body?: Record<string, unknown> };
  expected: Answer;
}

const ROOM_ID_REQUIRED: Answer = {
  status: 400,
  error: 'The parameter "roomId" or "roomName" is required [error-roomid-param-not-provided]',
  errorType: 'error-roomid-param-not-provided',
};
const ROOM_NOT_FOUND: Answer = {
  status: 400,
  error: 'The required "roomId" or "roomName" param provided does not match any channel [error-room-not-found]',
  errorType: 'error-room-not-found',
};
/** Rocket.Chat's `API.v1.failure('not-allowed', 'Not Allowed')` (rooms.info, rooms.getDiscussions). */
const ROOM_NOT_ALLOWED: Answer = { status: 400, error: 'not-allowed', errorType: 'Not Allowed' };
const plain = (error: string): Answer => ({ status: 400, error });

/**
 * Rocket.Chat 7's error answers of the `rooms.*` and `users.*` routes this server claims, for the common
 * failures (a missing or invalid parameter, nothing found, not allowed), one row per route × failure, read from
 * its route code (`apps/meteor/app/api/server/v1/rooms.ts`, `users.ts`, `findRoomByIdOrName`, `getUserFromParams`);
 * then the enterprise-only routes without a licence, and `API_User_Limit`.
 */
describe('Rocket.Chat error answers, route by route', () => {
  const t = useStack();
  let user: CoreUser;
  let privateRoom: string;
  let adminId: string;

  beforeAll(async () => {
    user = await createUser(t.admin, 'errors');
    privateRoom = ok(await t.admin.post('/api/v1/groups.create', { name: uniqueName('closed') })).group._id;
    adminId = t.admin.credentials!.userId;
  });

  const ROWS: Row[] = [
    {
      route: 'rooms.info',
      failure: 'no room named',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'rooms.info' }),
      expected: ROOM_ID_REQUIRED,
    },
    {
      route: 'rooms.info',
      failure: 'not found',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'rooms.info?roomId=nope' }),
      expected: ROOM_NOT_FOUND,
    },
    {
      route: 'rooms.info',
      failure: 'not allowed',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `rooms.info?roomId=${privateRoom}` }),
      expected: ROOM_NOT_ALLOWED,
    },
    {
      route: 'rooms.getDiscussions',
      failure: 'not found',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'rooms.getDiscussions?roomId=nope' }),
      expected: ROOM_NOT_FOUND,
    },
    {
      route: 'rooms.getDiscussions',
      failure: 'not allowed',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `rooms.getDiscussions?roomId=${privateRoom}` }),
      expected: ROOM_NOT_ALLOWED,
    },
    {
      route: 'rooms.favorite',
      failure: 'no favorite',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.favorite', body: { roomId: privateRoom } }),
      expected: plain("The 'favorite' param is required"),
    },
    {
      route: 'rooms.saveNotification',
      failure: 'no roomId',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.saveNotification', body: {} }),
      expected: plain("The 'roomId' param is required"),
    },
    {
      route: 'rooms.saveNotification',
      failure: 'no notifications',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.saveNotification', body: { roomId: privateRoom } }),
      expected: plain("The 'notifications' param is required"),
    },
    {
      route: 'rooms.createDiscussion',
      failure: 'no prid',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.createDiscussion', body: { t_name: 'x' } }),
      expected: plain('Body parameter "prid" is required.'),
    },
    {
      route: 'rooms.createDiscussion',
      failure: 'no t_name',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.createDiscussion', body: { prid: privateRoom } }),
      expected: plain('Body parameter "t_name" is required.'),
    },
    {
      route: 'rooms.cleanHistory',
      failure: 'not allowed',
      as: 'user',
      method: 'POST',
      request: () => ({
        path: 'rooms.cleanHistory',
        body: { roomId: privateRoom, latest: '2030-01-01T00:00:00Z', oldest: '2000-01-01T00:00:00Z' },
      }),
      expected: { status: 400, error: 'User does not have access to the room [error-not-allowed]', errorType: 'error-not-allowed' },
    },
    {
      route: 'users.info',
      failure: 'not found',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'users.info?userId=nope' }),
      expected: plain('User not found.'),
    },
    {
      route: 'users.setPreferences',
      failure: 'not allowed',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'users.setPreferences', body: { userId: adminId, data: { language: 'en' } } }),
      expected: { status: 400, error: 'Editing user is not allowed [error-action-not-allowed]', errorType: 'error-action-not-allowed' },
    },
    {
      route: 'users.setPreferences',
      failure: 'not found',
      as: 'admin',
      method: 'POST',
      request: () => ({ path: 'users.setPreferences', body: { userId: 'nope', data: { language: 'en' } } }),
      expected: {
        status: 400,
        error: 'The optional "userId" param provided does not match any users [error-invalid-user]',
        errorType: 'error-invalid-user',
      },
    },
    {
      route: 'users.delete',
      failure: 'not found',
      as: 'admin',
      method: 'POST',
      request: () => ({ path: 'users.delete', body: { userId: 'nope' } }),
      expected: {
        status: 400,
        error: 'The required "userId" or "username" param provided does not match any users [error-invalid-user]',
        errorType: 'error-invalid-user',
      },
    },
  ];

  it.each(ROWS.map((row) => [`${row.route}: ${row.failure}`, row] as const))('%s', async (_name, row) => {
    const client: RestClient = row.as === 'admin' ? t.admin : user.api;
    const { path, body } = row.request();
    const response = await client.send<Record<string, any>>(
      row.method,
      `/api/v1/${path}`,
      row.method === 'POST' ? (body ?? {}) : undefined,
    );
    const answer: Answer = { status: response.status, error: response.body.error };
    if (response.body.errorType !== undefined) answer.errorType = response.body.errorType;
    expect(answer).toEqual(row.expected);
    expect(response.body.success).toBe(false);
  });

  describe('enterprise-only routes without a licence', () => {
    const ENTERPRISE = 'This is an enterprise feature [error-action-not-allowed]';

    it.each(ENTERPRISE_ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))('%s', async (_name, route) => {
      const body = route.method === 'POST' ? {} : undefined;
      const anonymous = await t.api.send<Record<string, any>>(route.method, `/api/v1/${route.path}`, body);
      const signedIn = await user.api.send<Record<string, any>>(route.method, `/api/v1/${route.path}`, body);
      // The licence middleware answers before the login is looked at; a check inside the route, after it.
      expect(anonymous.status).toBe(route.check === 'middleware' ? 400 : 401);
      if (route.check === 'middleware')
        expect(anonymous.body).toEqual({ success: false, error: ENTERPRISE, errorType: 'error-action-not-allowed' });
      expect(signedIn.status).toBe(400);
      expect(signedIn.body).toEqual({ success: false, error: ENTERPRISE, errorType: 'error-action-not-allowed' });
    });
  });

  it('API_User_Limit: /invite-all-to copies no room with more members than the limit', async () => {
    const member = await createUser(t.admin, 'limit');
    const source = ok(await user.api.post('/api/v1/channels.create', { name: uniqueName('source'), members: [member.username] })).channel;
    const target = ok(await user.api.post('/api/v1/channels.create', { name: uniqueName('target') })).channel;
    const isMember = async () =>
      ok(await user.api.get(`/api/v1/rooms.isMember?roomId=${target._id}&userId=${member.id}`)).isMember as boolean;
    const setLimit = async (value: number) => ok(await t.admin.post('/api/v1/settings/API_User_Limit', { value }));
    try {
      // Two members (the owner and one more) against a limit of one: nothing is copied.
      await setLimit(1);
      ok(await user.api.post('/api/v1/commands.run', { command: 'invite-all-to', params: `#${target.name}`, roomId: source._id }));
      expect(await isMember()).toBe(false);
      // The default limit (500): copied.
      await setLimit(500);
      ok(await user.api.post('/api/v1/commands.run', { command: 'invite-all-to', params: `#${target.name}`, roomId: source._id }));
      expect(await isMember()).toBe(true);
    } finally {
      await setLimit(500);
    }
  });
});
