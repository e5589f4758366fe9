import { beforeAll, describe, expect, it } from '@jest/globals';
import { ENTERPRISE_ROUTES } from '../../apps/gateway/src/bindings/enterprise-routes.js';
import { REQUIRED_ROOM_KEY } from '../../apps/gateway/src/bindings/required-room.js';
import { ROCKET_CHAT_STRICT_ROUTES } from '../../apps/gateway/src/bindings/rocket-chat-strict-routes.js';
import EJSON from 'ejson';
import { createUser, ok, PASSWORD, uniqueName, type CoreUser } from '../core/support/core-fixtures.js';
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
/** A Meteor.Error thrown in the route or a method it calls: `reason [id]` with the id as `errorType`. */
const idError = (reason: string, id: string): Answer => ({ status: 400, error: `${reason} [${id}]`, errorType: id });
/** Rocket.Chat's `API.v1.unauthorized()`, a route's own permission or access check. */
const UNAUTHORIZED: Answer = { status: 403, error: 'unauthorized' };

/** Sends a row's request as `client`; its answer as the rows compare it, and the body's `success`. */
async function failureOf(client: RestClient, row: Pick<Row, 'method' | 'request'>): Promise<{ answer: Answer; success: unknown }> {
  const { path, body } = row.request();
  const response = await client.send<Record<string, any>>(row.method, `/api/v1/${path}`, row.method === 'POST' ? (body ?? {}) : undefined);
  const answer: Answer = { status: response.status, error: response.body.error };
  if (response.body.errorType !== undefined) answer.errorType = response.body.errorType;
  return { answer, success: response.body.success };
}

/**
 * Rocket.Chat 7's error answers of the `rooms.*` and `users.*` routes this server claims, for the common
 * failures (a missing or invalid parameter, nothing found, not allowed), one row per route × failure, read from
 * its route code (`apps/meteor/app/api/server/v1/rooms.ts`, `users.ts`, `findRoomByIdOrName`, `getUserFromParams`);
 * then the enterprise-only routes without a licence, and `API_User_Limit`.
 */
describe('Rocket.Chat error answers, route by route', () => {
  // The registration rows register more than Rocket.Chat's one a minute: the test stacks' limit is raised (TEST_ENV).
  const t = useStack();
  let user: CoreUser;
  let privateRoom: string;
  let privateMessage: string;
  let publicRoom: string;
  let adminMessage: string;
  let othersDm: string;
  let adminId: string;

  beforeAll(async () => {
    user = await createUser(t.admin, 'errors');
    const third = await createUser(t.admin, 'third');
    privateRoom = ok(await t.admin.post('/api/v1/groups.create', { name: uniqueName('closed') })).group._id;
    privateMessage = ok(await t.admin.post('/api/v1/chat.sendMessage', { message: { rid: privateRoom, msg: 'inside' } })).message._id;
    // The administrator's channel, the user a plain member of it.
    publicRoom = ok(await t.admin.post('/api/v1/channels.create', { name: uniqueName('open'), members: [user.username] })).channel._id;
    adminMessage = ok(await t.admin.post('/api/v1/chat.sendMessage', { message: { rid: publicRoom, msg: 'mine' } })).message._id;
    othersDm = ok(await t.admin.post('/api/v1/im.create', { username: third.username })).room._id;
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
    // Item 2: the rows left unaligned.
    {
      route: 'rooms.getDiscussions',
      failure: 'no room named',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'rooms.getDiscussions' }),
      expected: ROOM_ID_REQUIRED,
    },
    {
      route: 'rooms.favorite',
      failure: 'no room named',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.favorite', body: { favorite: true } }),
      expected: ROOM_ID_REQUIRED,
    },
    {
      route: 'rooms.favorite',
      failure: 'not found',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.favorite', body: { roomId: 'nope', favorite: true } }),
      expected: ROOM_NOT_FOUND,
    },
    {
      route: 'rooms.favorite',
      failure: 'not a member',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.favorite', body: { roomId: privateRoom, favorite: true } }),
      expected: idError('You must be part of a room to favorite it', 'error-invalid-subscription'),
    },
    {
      route: 'users.deleteOwnAccount',
      failure: 'no password',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'users.deleteOwnAccount', body: {} }),
      expected: plain('Body parameter "password" is required.'),
    },
    {
      route: 'users.delete',
      failure: 'no user',
      as: 'admin',
      method: 'POST',
      request: () => ({ path: 'users.delete', body: {} }),
      expected: idError('The required "userId" or "username" param was not provided', 'error-user-param-not-provided'),
    },
    // Permission refusals, family by family (Rocket.Chat: `API.v1.unauthorized()` is 403 `unauthorized`; a
    // Meteor method's refusal is 400 with its id; a lib function's bare `Error` is 400 with the id as text).
    {
      route: 'rooms.adminRooms',
      failure: 'not an administrator',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'rooms.adminRooms' }),
      expected: plain('error-not-authorized'),
    },
    {
      route: 'rooms.images',
      failure: 'outsider of a private group',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `rooms.images?roomId=${privateRoom}` }),
      expected: UNAUTHORIZED,
    },
    {
      route: 'rooms.isMember',
      failure: 'outsider of a private group',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `rooms.isMember?roomId=${privateRoom}&userId=${adminId}` }),
      expected: UNAUTHORIZED,
    },
    {
      route: 'rooms.saveRoomSettings',
      failure: 'not an owner',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.saveRoomSettings', body: { rid: publicRoom, roomTopic: 'mine' } }),
      expected: idError('Editing room is not allowed', 'error-action-not-allowed'),
    },
    {
      route: 'rooms.muteUser',
      failure: 'not an owner',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'rooms.muteUser', body: { roomId: publicRoom, userId: adminId } }),
      expected: idError('Not allowed', 'error-not-allowed'),
    },
    {
      route: 'users.create',
      failure: 'not an administrator',
      as: 'user',
      method: 'POST',
      request: () => {
        const username = uniqueName('nope');
        return { path: 'users.create', body: { username, email: `${username}@e2e.test`, name: 'Nope', password: PASSWORD } };
      },
      expected: idError('Adding user is not allowed', 'error-action-not-allowed'),
    },
    {
      route: 'users.delete',
      failure: 'not an administrator',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'users.delete', body: { userId: adminId } }),
      expected: UNAUTHORIZED,
    },
    {
      route: 'users.setActiveStatus',
      failure: 'not an administrator',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'users.setActiveStatus', body: { userId: adminId, activeStatus: false } }),
      expected: UNAUTHORIZED,
    },
    {
      route: 'users.deactivateIdle',
      failure: 'not an administrator',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'users.deactivateIdle', body: { daysIdle: 1 } }),
      expected: UNAUTHORIZED,
    },
    {
      route: 'channels.delete',
      failure: 'not an owner',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'channels.delete', body: { roomId: publicRoom } }),
      expected: idError('Not allowed', 'error-not-allowed'),
    },
    {
      route: 'channels.archive',
      failure: 'not an owner',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'channels.archive', body: { roomId: publicRoom } }),
      expected: idError('Not authorized', 'error-not-authorized'),
    },
    {
      route: 'channels.setTopic',
      failure: 'not an owner',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'channels.setTopic', body: { roomId: publicRoom, topic: 'mine' } }),
      expected: idError('Editing room is not allowed', 'error-action-not-allowed'),
    },
    {
      route: 'channels.kick',
      failure: 'not an owner',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'channels.kick', body: { roomId: publicRoom, userId: adminId } }),
      expected: idError('Not allowed', 'error-not-allowed'),
    },
    ...['groups.info', 'groups.history', 'groups.members', 'groups.messages'].map((route): Row => ({
      route,
      failure: 'outsider of a private group',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `${route}?roomId=${privateRoom}` }),
      expected: idError('The required "roomId" or "roomName" param provided does not match any group', 'error-room-not-found'),
    })),
    {
      route: 'groups.listAll',
      failure: 'not an administrator',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'groups.listAll' }),
      expected: UNAUTHORIZED,
    },
    {
      route: 'im.messages',
      failure: "another pair's direct message",
      as: 'user',
      method: 'GET',
      request: () => ({ path: `im.messages?roomId=${othersDm}` }),
      expected: UNAUTHORIZED,
    },
    {
      route: 'im.messages.others',
      failure: 'disabled (API_Enable_Direct_Message_History_EndPoint)',
      as: 'admin',
      method: 'GET',
      request: () => ({ path: `im.messages.others?roomId=${othersDm}` }),
      expected: idError('This endpoint is disabled', 'error-endpoint-disabled'),
    },
    {
      route: 'chat.delete',
      failure: "another user's message",
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'chat.delete', body: { roomId: publicRoom, msgId: adminMessage } }),
      expected: idError('Not allowed', 'error-action-not-allowed'),
    },
    {
      route: 'chat.update',
      failure: "another user's message",
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'chat.update', body: { roomId: publicRoom, msgId: adminMessage, text: 'changed' } }),
      expected: idError('Message editing not allowed', 'error-action-not-allowed'),
    },
    {
      route: 'chat.pinMessage',
      failure: 'without pin-message',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'chat.pinMessage', body: { messageId: adminMessage } }),
      expected: idError('Not Authorized', 'not-authorized'),
    },
    {
      route: 'chat.getThreadsList',
      failure: 'outsider of a private group',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `chat.getThreadsList?rid=${privateRoom}` }),
      expected: idError('Not Allowed', 'error-not-allowed'),
    },
    {
      route: 'chat.getMessage',
      failure: 'outsider of a private group',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `chat.getMessage?msgId=${privateMessage}` }),
      expected: idError('Not allowed', 'error-not-allowed'),
    },
    // Error texts, widened over the same families.
    {
      route: 'channels.info',
      failure: 'not found',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'channels.info?roomId=nope' }),
      expected: ROOM_NOT_FOUND,
    },
    {
      route: 'groups.info',
      failure: 'no room named',
      as: 'user',
      method: 'GET',
      request: () => ({ path: 'groups.info' }),
      // isGroupsInfoProps: `oneOf` {roomId} | {roomName}, its first failure.
      expected: idError("must have required property 'roomId'", 'invalid-params'),
    },
    ...['im.history', 'im.members', 'im.files'].map((route): Row => ({
      route,
      failure: "another pair's direct message",
      as: 'user',
      method: 'GET',
      request: () => ({ path: `${route}?roomId=${othersDm}` }),
      expected: UNAUTHORIZED,
    })),
    {
      route: 'chat.delete',
      failure: 'not found',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'chat.delete', body: { roomId: publicRoom, msgId: 'nope' } }),
      expected: plain('No message found with the id of "nope".'),
    },
    {
      route: 'chat.delete',
      failure: 'another room',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'chat.delete', body: { roomId: 'GENERAL', msgId: adminMessage } }),
      expected: plain('The room id provided does not match where the message is from.'),
    },
    {
      route: 'chat.pinMessage',
      failure: 'not found',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'chat.pinMessage', body: { messageId: 'nope' } }),
      expected: idError('The provided "messageId" does not match any existing message.', 'error-message-not-found'),
    },
    {
      route: 'users.setStatus',
      failure: "another user's, without edit-other-user-info",
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'users.setStatus', body: { userId: adminId, status: 'away', message: 'out' } }),
      expected: UNAUTHORIZED,
    },
    {
      route: 'users.resetAvatar',
      failure: "another user's, without edit-other-user-avatar",
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'users.resetAvatar', body: { userId: adminId } }),
      expected: idError('Reset avatar is not allowed', 'error-not-allowed'),
    },
    ...(['rename', 'setReadOnly'] as const).map((action): Row => ({
      route: `channels.${action}`,
      failure: 'not an owner',
      as: 'user',
      method: 'POST',
      request: () => ({
        path: `channels.${action}`,
        body: action === 'rename' ? { roomId: publicRoom, name: uniqueName('mine') } : { roomId: publicRoom, readOnly: true },
      }),
      expected: idError('Editing room is not allowed', 'error-action-not-allowed'),
    })),
    {
      route: 'groups.kick',
      failure: 'outsider of a private group',
      as: 'user',
      method: 'POST',
      request: () => ({ path: 'groups.kick', body: { roomId: privateRoom, userId: adminId } }),
      expected: idError('The required "roomId" or "roomName" param provided does not match any group', 'error-room-not-found'),
    },
    {
      route: 'chat.getThreadMessages',
      failure: 'outsider of a private group',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `chat.getThreadMessages?tmid=${privateMessage}` }),
      expected: idError('Not Allowed', 'error-not-allowed'),
    },
    {
      route: 'chat.getPinnedMessages',
      failure: 'outsider of a private group',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `chat.getPinnedMessages?roomId=${privateRoom}` }),
      expected: idError('Not allowed', 'error-not-allowed'),
    },
    // Rocket.Chat's `findStarredMessages`, `findMentionedMessages`, `findDiscussionsFromRoom` throw a bare `Error`.
    ...['chat.getStarredMessages', 'chat.getMentionedMessages', 'chat.getDiscussions'].map((route): Row => ({
      route,
      failure: 'outsider of a private group',
      as: 'user',
      method: 'GET',
      request: () => ({ path: `${route}?roomId=${privateRoom}` }),
      expected: plain('error-not-allowed'),
    })),
  ];

  it.each(ROWS.map((row) => [`${row.route}: ${row.failure}`, row] as const))('%s', async (_name, row) => {
    const { answer, success } = await failureOf(row.as === 'admin' ? t.admin : user.api, row);
    expect(answer).toEqual(row.expected);
    expect(success).toBe(false);
  });

  /** The same failures through the routes' DDP faces (over REST `method.call`, as Rocket.Chat's clients send them). */
  describe('their DDP faces', () => {
    const call = async (api: RestClient, method: string, params: unknown[]) => {
      const message = EJSON.stringify({ msg: 'method', id: '1', method, params });
      const { body } = await api.post(`/api/v1/method.call/${encodeURIComponent(method)}`, { message });
      return (EJSON.parse(body.message as string) as { error?: Record<string, unknown> }).error;
    };

    it('toggleFavorite of a room one is not in: error-invalid-subscription (the method has no room lookup)', async () => {
      for (const rid of ['nope', privateRoom]) {
        expect(await call(user.api, 'toggleFavorite', [rid, true])).toMatchObject({
          error: 'error-invalid-subscription',
          reason: 'You must be part of a room to favorite it',
        });
      }
    });

    it('deleteUserOwnAccount without a password: Meteor’s Match failed', async () => {
      expect(await call(user.api, 'deleteUserOwnAccount', [])).toMatchObject({ error: 400, reason: 'Match failed' });
    });
  });

  /**
   * The `users.*`, `chat.*`, `subscriptions.*` and `teams.*` families (issue 15), one row per route × failure, read
   * from Rocket.Chat 7's `users.ts`, `chat.ts`, `subscriptions.ts`, `teams.ts` and the methods, helpers and Team
   * service they call. Each row that could change something reads what it could have changed before and after
   * (`state`, as the administrator) and finds it unchanged.
   */
  describe('users, chat, subscriptions and teams', () => {
    interface CheckedRow extends Row {
      /** What the failure must leave as it was, read before and after the request. */
      state?: () => Promise<unknown>;
    }
    let privateTeam: { _id: string; name: string; roomId: string };
    let teamRoom: string;
    let threadStart: string;

    beforeAll(async () => {
      const name = uniqueName('closed-team');
      privateTeam = ok(await t.admin.post('/api/v1/teams.create', { name, type: 1 })).team;
      teamRoom = ok(await t.admin.post('/api/v1/groups.create', { name: uniqueName('team-room'), extraData: { teamId: privateTeam._id } }))
        .group._id;
      threadStart = privateMessage;
      ok(await t.admin.post('/api/v1/chat.sendMessage', { message: { rid: privateRoom, msg: 'reply', tmid: threadStart } }));
    });

    const asAdmin = async (path: string) => ok(await t.admin.get(`/api/v1/${path}`));
    const messageState = (id: () => string) => async () => {
      const { message } = await asAdmin(`chat.getMessage?msgId=${id()}`);
      return {
        msg: message.msg,
        reactions: message.reactions,
        pinned: message.pinned,
        starred: message.starred,
        editedAt: message.editedAt,
      };
    };
    const teamMembers = async () =>
      (await asAdmin(`teams.members?teamId=${privateTeam._id}`)).members.map((member: { user: { _id: string }; roles: string[] }) => [
        member.user._id,
        member.roles,
      ]);
    const teamState = async () => ({
      info: (await asAdmin(`teams.info?teamId=${privateTeam._id}`)).teamInfo,
      members: await teamMembers(),
      rooms: (await asAdmin(`teams.listRooms?teamId=${privateTeam._id}`)).rooms.map((room: { _id: string; teamDefault?: boolean }) => [
        room._id,
        room.teamDefault ?? false,
      ]),
    });
    const userState = (id: () => string) => async () => {
      const { user: info } = await asAdmin(`users.info?userId=${id()}`);
      return { active: info.active, status: info.status, statusText: info.statusText, name: info.name };
    };
    const NO_MESSAGE = idError('The provided "messageId" does not match any existing message.', 'error-message-not-found');

    const USER_AND_MESSAGE_ROWS: CheckedRow[] = [
      // chat.*
      {
        route: 'chat.update',
        failure: 'not found',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'chat.update', body: { roomId: publicRoom, msgId: 'nope', text: 'changed' } }),
        expected: plain('No message found with the id of "nope".'),
      },
      {
        route: 'chat.update',
        failure: 'another room',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'chat.update', body: { roomId: privateRoom, msgId: adminMessage, text: 'changed' } }),
        expected: plain('The room id provided does not match where the message is from.'),
        state: messageState(() => adminMessage),
      },
      ...(['chat.starMessage', 'chat.unStarMessage', 'chat.unPinMessage', 'chat.react'] as const).map((route): CheckedRow => ({
        route,
        failure: 'not found',
        as: 'user',
        method: 'POST',
        request: () => ({ path: route, body: { messageId: 'nope', ...(route === 'chat.react' && { emoji: ':+1:' }) } }),
        expected: NO_MESSAGE,
      })),
      {
        route: 'chat.react',
        failure: 'outsider of a private group',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'chat.react', body: { messageId: privateMessage, emoji: ':+1:' } }),
        expected: idError('Not Authorized', 'not-authorized'),
        state: messageState(() => privateMessage),
      },
      {
        route: 'chat.unPinMessage',
        failure: 'without pin-message',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'chat.unPinMessage', body: { messageId: adminMessage } }),
        expected: idError('Not Authorized', 'not-authorized'),
        state: messageState(() => adminMessage),
      },
      ...(['chat.followMessage', 'chat.unfollowMessage'] as const).flatMap((route): CheckedRow[] => [
        {
          route,
          failure: 'not found',
          as: 'user',
          method: 'POST',
          request: () => ({ path: route, body: { mid: 'nope' } }),
          expected: idError('Invalid message', 'error-invalid-message'),
        },
        {
          route,
          failure: 'outsider of a private group',
          as: 'user',
          method: 'POST',
          request: () => ({ path: route, body: { mid: threadStart } }),
          expected: idError('not-allowed', 'error-not-allowed'),
        },
      ]),
      {
        route: 'chat.getMessage',
        failure: 'not found',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'chat.getMessage?msgId=nope' }),
        // `API.v1.failure()` without a text: `{success: false}` alone.
        expected: { status: 400, error: undefined as unknown as string },
      },
      {
        route: 'chat.getThreadMessages',
        failure: 'not found',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'chat.getThreadMessages?tmid=nope' }),
        expected: idError('Invalid Message', 'error-invalid-message'),
      },
      {
        route: 'chat.syncThreadMessages',
        failure: 'not found',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `chat.syncThreadMessages?tmid=nope&updatedSince=${new Date(0).toISOString()}` }),
        expected: idError('Invalid Message', 'error-invalid-message'),
      },
      {
        route: 'chat.syncThreadMessages',
        failure: 'outsider of a private group',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `chat.syncThreadMessages?tmid=${threadStart}&updatedSince=${new Date(0).toISOString()}` }),
        expected: idError('Not Allowed', 'error-not-allowed'),
      },
      {
        route: 'chat.syncThreadsList',
        failure: 'outsider of a private group',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `chat.syncThreadsList?rid=${privateRoom}&updatedSince=${new Date(0).toISOString()}` }),
        expected: idError('Not Allowed', 'error-not-allowed'),
      },
      {
        route: 'chat.ignoreUser',
        failure: 'not a member',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `chat.ignoreUser?rid=${privateRoom}&userId=${adminId}` }),
        expected: idError('Invalid subscription', 'error-invalid-subscription'),
      },
      {
        route: 'chat.reportMessage',
        failure: 'not found',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'chat.reportMessage', body: { messageId: 'nope', description: 'spam' } }),
        expected: plain('error-invalid-message_id'),
      },
      {
        route: 'chat.reportMessage',
        failure: 'outsider of a private group',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'chat.reportMessage', body: { messageId: privateMessage, description: 'spam' } }),
        expected: plain('error-invalid-message_id'),
      },
      {
        route: 'chat.search',
        failure: 'no roomId',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'chat.search?searchText=x' }),
        expected: idError('The required "roomId" query param is missing.', 'error-roomId-param-not-provided'),
      },
      {
        route: 'chat.search',
        failure: 'no searchText',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `chat.search?roomId=${publicRoom}` }),
        expected: idError('The required "searchText" query param is missing.', 'error-searchText-param-not-provided'),
      },
      // subscriptions.*
      {
        route: 'subscriptions.read',
        failure: 'not a member',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'subscriptions.read', body: { rid: privateRoom } }),
        expected: plain('error-invalid-subscription'),
      },
      {
        route: 'subscriptions.get',
        failure: 'invalid updatedSince',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'subscriptions.get?updatedSince=yesterday' }),
        expected: idError('The "lastUpdate" query parameter must be a valid date.', 'error-roomId-param-invalid'),
      },
      {
        route: 'subscriptions.unread',
        failure: 'own message',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'subscriptions.unread', body: { firstUnreadMessage: { _id: adminMessage } } }),
        expected: idError('Not allowed', 'error-action-not-allowed'),
      },
      // teams.*: the Team service's bare `Error('<id>')` and the routes' `API.v1.failure('<id>')`, texts alone.
      {
        route: 'teams.info',
        failure: 'not found',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'teams.info?teamId=nope' }),
        expected: plain('Team not found'),
      },
      {
        route: 'teams.info',
        failure: 'outsider of a private team',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `teams.info?teamId=${privateTeam._id}` }),
        expected: UNAUTHORIZED,
      },
      ...(['teams.members', 'teams.listRooms'] as const).map((route): CheckedRow => ({
        route,
        failure: 'not found',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `${route}?teamId=nope` }),
        expected: plain('team-does-not-exist'),
      })),
      {
        route: 'teams.listRooms',
        failure: 'outsider of a private team',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `teams.listRooms?teamId=${privateTeam._id}` }),
        expected: plain('user-not-on-private-team'),
      },
      {
        route: 'teams.listRoomsOfUser',
        failure: "another user's, without view-all-team-channels",
        as: 'user',
        method: 'GET',
        request: () => ({ path: `teams.listRoomsOfUser?teamId=${privateTeam._id}&userId=${adminId}` }),
        expected: UNAUTHORIZED,
      },
      {
        route: 'teams.listRoomsAndDiscussions',
        failure: 'not found',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'teams.listRoomsAndDiscussions?teamId=nope' }),
        expected: { status: 404, error: 'Resource not found' },
      },
      {
        route: 'teams.listAll',
        failure: 'without view-all-teams',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'teams.listAll' }),
        expected: UNAUTHORIZED,
      },
      {
        route: 'teams.create',
        failure: 'name taken',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'teams.create', body: { name: privateTeam.name, type: 0 } }),
        expected: plain('team-name-already-exists'),
        state: teamState,
      },
      // Each route's own keys, read when the row runs (the ids exist only then).
      ...(
        [
          ['teams.addMembers', () => ({ members: [{ userId: user.id }] })],
          ['teams.removeMember', () => ({ userId: adminId })],
          ['teams.updateMember', () => ({ member: { userId: adminId, roles: [] } })],
          ['teams.update', () => ({ data: { name: uniqueName('renamed') } })],
          ['teams.delete', () => ({})],
          ['teams.convertToChannel', () => ({})],
          ['teams.removeRoom', () => ({ roomId: teamRoom })],
          ['teams.leave', () => ({})],
        ] as const
      ).flatMap(([route, extra]): CheckedRow[] => [
        {
          route,
          failure: 'not found',
          as: 'user',
          method: 'POST',
          request: () => ({ path: route, body: { teamId: 'nope', ...extra() } }),
          expected: plain('team-does-not-exist'),
        },
        ...(route === 'teams.leave'
          ? []
          : [
              {
                route,
                failure: 'not allowed',
                as: 'user',
                method: 'POST',
                request: () => ({ path: route, body: { teamId: privateTeam._id, ...extra() } }),
                expected: UNAUTHORIZED,
                state: teamState,
              } satisfies CheckedRow,
            ]),
      ]),
      {
        route: 'teams.leave',
        failure: 'not a member',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'teams.leave', body: { teamId: privateTeam._id } }),
        expected: plain('member-does-not-exist'),
        state: teamState,
      },
      {
        route: 'teams.addRooms',
        failure: 'not allowed',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'teams.addRooms', body: { teamId: privateTeam._id, rooms: [publicRoom] } }),
        // `API.v1.unauthorized('error-no-permission-team-channel')`.
        expected: { status: 403, error: 'error-no-permission-team-channel' },
        state: teamState,
      },
      {
        route: 'teams.addRooms',
        failure: 'not found',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'teams.addRooms', body: { teamId: 'nope', rooms: [publicRoom] } }),
        expected: plain('team-does-not-exist'),
      },
      {
        route: 'teams.updateRoom',
        failure: 'a room on no team',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'teams.updateRoom', body: { roomId: publicRoom, isDefault: true } }),
        expected: plain('room-not-on-team'),
      },
      {
        route: 'teams.updateRoom',
        failure: 'not allowed',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'teams.updateRoom', body: { roomId: teamRoom, isDefault: true } }),
        expected: UNAUTHORIZED,
        state: teamState,
      },
      {
        route: 'teams.removeMember',
        failure: 'no such user',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'teams.removeMember', body: { teamId: privateTeam._id, userId: 'nope' } }),
        expected: plain('invalid-user'),
        state: teamState,
      },
      // users.*
      {
        route: 'users.setActiveStatus',
        failure: 'not found',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'users.setActiveStatus', body: { userId: 'nope', activeStatus: false } }),
        expected: plain('User not found'),
      },
      {
        route: 'users.getPresence',
        failure: 'not found',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'users.getPresence?userId=nope' }),
        expected: idError('The required "userId" or "username" param provided does not match any users', 'error-invalid-user'),
      },
      {
        route: 'users.setStatus',
        failure: 'not found',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'users.setStatus', body: { userId: 'nope', status: 'away' } }),
        expected: idError('The required "userId" or "username" param provided does not match any users', 'error-invalid-user'),
      },
      {
        route: 'users.logout',
        failure: 'another user, without logout-other-user',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'users.logout', body: { userId: adminId } }),
        expected: UNAUTHORIZED,
      },
      {
        route: 'users.logout',
        failure: 'not found',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'users.logout', body: { userId: 'nope' } }),
        expected: idError('Invalid user id', 'error-invalid-user-id'),
      },
      {
        route: 'users.update',
        failure: 'not an administrator',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'users.update', body: { userId: adminId, data: { name: 'Not Admin' } } }),
        expected: idError('Editing user is not allowed', 'error-action-not-allowed'),
        state: userState(() => adminId),
      },
      {
        route: 'users.removePersonalAccessToken',
        failure: 'no tokenName',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'users.removePersonalAccessToken', body: {} }),
        expected: plain("The 'tokenName' param is required"),
      },
      {
        route: 'users.generatePersonalAccessToken',
        failure: 'no tokenName',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'users.generatePersonalAccessToken', body: {} }),
        expected: plain("The 'tokenName' param is required"),
      },
      {
        route: 'users.regeneratePersonalAccessToken',
        failure: 'no tokenName',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'users.regeneratePersonalAccessToken', body: {} }),
        expected: plain("The 'tokenName' param is required"),
      },
      {
        route: 'users.forgotPassword',
        failure: 'no email',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'users.forgotPassword', body: {} }),
        expected: plain("The 'email' param is required"),
      },
    ];

    /** A DDP method over REST `method.call`: its error, or its result. */
    const callMethod = async (api: RestClient, method: string, params: unknown[]) => {
      const message = EJSON.stringify({ msg: 'method', id: '1', method, params });
      const { body } = await api.post(`/api/v1/method.call/${encodeURIComponent(method)}`, { message });
      return EJSON.parse(body.message as string) as { error?: Record<string, unknown>; result?: unknown };
    };

    it.each(USER_AND_MESSAGE_ROWS.map((row) => [`${row.route}: ${row.failure}`, row] as const))('%s', async (_name, row) => {
      const before = await row.state?.();
      const { answer, success } = await failureOf(row.as === 'admin' ? t.admin : user.api, row);
      expect(answer).toEqual(row.expected);
      expect(success).toBe(false);
      if (row.state) expect(await row.state()).toEqual(before);
    });

    it('DDP updateMessage: an unknown message changes nothing and answers nothing; another rid is error-invalid-update-key', async () => {
      const before = await messageState(() => adminMessage)();
      const unknown = await callMethod(t.admin, 'updateMessage', [{ _id: 'nope', rid: publicRoom, msg: 'changed' }]);
      expect(unknown).toMatchObject({ msg: 'result' });
      expect(unknown.error).toBeUndefined();
      expect((await callMethod(t.admin, 'updateMessage', [{ _id: adminMessage, rid: privateRoom, msg: 'changed' }])).error).toMatchObject({
        error: 'error-invalid-update-key',
        reason: 'Cannot update the message rid',
      });
      expect(await messageState(() => adminMessage)()).toEqual(before);
    });

    it('DDP getSingleMessage of an unknown message: null, no error', async () => {
      expect(await callMethod(user.api, 'getSingleMessage', ['nope'])).toMatchObject({ msg: 'result', result: null });
    });

    describe("teams.create and teams.members' checks, in Rocket.Chat's order and shapes", () => {
      let guest: RestClient;
      beforeAll(async () => {
        // Rocket.Chat's `guest` role does not hold `create-team`.
        const username = uniqueName('teamless');
        ok(
          await t.admin.post('/api/v1/users.create', {
            username,
            email: `${username}@e2e.test`,
            name: username,
            password: PASSWORD,
            roles: ['guest'],
          }),
        );
        guest = await t.admin.as(undefined).login(username, PASSWORD);
      });
      const teamCount = async () => (await asAdmin('teams.listAll')).total as number;
      type Member = { user: { _id: string; status?: string } };
      const membersOf = async (query: string) =>
        ((await asAdmin(`teams.members?teamId=${privateTeam._id}&${query}`)).members as Member[]).map((m) => m.user._id).sort();

      it.each([
        ['a valid body', { name: uniqueName('guest-team'), type: 0 }],
        ['no type (the body is checked after the permission)', { name: uniqueName('guest-untyped') }],
        ['a name that is no string', { name: 42, type: 1 }],
      ])('teams.create without create-team, %s: 403 unauthorized, nothing created', async (_case, body) => {
        const before = await teamCount();
        const { answer, success } = await failureOf(guest, { method: 'POST', request: () => ({ path: 'teams.create', body }) });
        expect(answer).toEqual(UNAUTHORIZED);
        expect(success).toBe(false);
        expect(await teamCount()).toBe(before);
      });

      it.each([
        ['status[]=', (status: string) => `status[]=${status}`],
        ['status[0]=', (status: string) => `status[0]=${status}`],
        ['a repeated key', (status: string) => `status=${status}&status=nosuchstatus`],
      ])('teams.members takes status as an array, as qs reads %s', async (_case, query) => {
        const all = (await asAdmin(`teams.members?teamId=${privateTeam._id}`)).members as Member[];
        const status = all[0].user.status ?? 'offline';
        const expected = all
          .filter((m) => m.user.status === status)
          .map((m) => m.user._id)
          .sort();
        expect(expected.length).toBeGreaterThan(0);
        expect(await membersOf(query(status))).toEqual(expected);
        expect(await membersOf(query('nosuchstatus'))).toEqual([]);
      });

      it.each([
        ['a single status (a string)', 'status=online', 'string'],
        ['a JSON text', `status=${encodeURIComponent('["online"]')}`, 'string'],
        ['an object (status[key]=)', 'status[key]=online', 'object'],
      ])("teams.members refuses %s with Meteor's Match text", async (_case, query, got) => {
        const { answer, success } = await failureOf(user.api, {
          method: 'GET',
          request: () => ({ path: `teams.members?teamId=${privateTeam._id}&${query}` }),
        });
        expect(answer).toEqual(plain(`Match error: Expected array, got ${got} in field status`));
        expect(success).toBe(false);
      });
    });

    it('setUserActiveStatus of an unknown user: true over DDP, nothing changed', async () => {
      expect(await callMethod(t.admin, 'setUserActiveStatus', ['nope', false])).toMatchObject({ msg: 'result', result: true });
    });

    it('deactivating a user who alone owns rooms: refused without confirmRelinquish, handed over with it', async () => {
      const [leaver, heir] = await Promise.all([createUser(t.admin, 'leaver'), createUser(t.admin, 'heir')]);
      const solo = ok(await leaver.api.post('/api/v1/groups.create', { name: uniqueName('solo') })).group;
      const handed = ok(await leaver.api.post('/api/v1/channels.create', { name: uniqueName('handed'), members: [heir.username] })).channel;
      const owners = async () =>
        (ok(await t.admin.get(`/api/v1/channels.roles?roomId=${handed._id}`)).roles as Array<{ u: { _id: string }; roles: string[] }>)
          .filter((holder) => holder.roles.includes('owner'))
          .map((holder) => holder.u._id)
          .sort();
      const refusal = {
        success: false,
        error: '[user-last-owner]',
        errorType: 'user-last-owner',
        details: { shouldChangeOwner: [handed.name], shouldBeRemoved: [solo.name] },
      };

      const refused = await t.admin.post('/api/v1/users.setActiveStatus', { userId: leaver.id, activeStatus: false });
      expect({ status: refused.status, body: refused.body }).toEqual({ status: 400, body: refusal });
      expect((await callMethod(t.admin, 'setUserActiveStatus', [leaver.id, false])).error).toMatchObject({
        error: 'user-last-owner',
        details: refusal.details,
      });
      const updated = await t.admin.post('/api/v1/users.update', { userId: leaver.id, data: { active: false } });
      expect({ status: updated.status, body: updated.body }).toEqual({ status: 400, body: refusal });
      // Nothing changed: still active and logged in, still the only owner, the group still there.
      expect(ok(await t.admin.get(`/api/v1/users.info?userId=${leaver.id}`)).user.active).toBe(true);
      ok(await leaver.api.get('/api/v1/me'));
      expect(await owners()).toEqual([leaver.id]);
      const soloRooms = async () => ok(await t.admin.get(`/api/v1/rooms.adminRooms?filter=${solo.name}`)).rooms.length as number;
      expect(await soloRooms()).toBe(1);

      const done = ok(
        await t.admin.post('/api/v1/users.setActiveStatus', { userId: leaver.id, activeStatus: false, confirmRelinquish: true }),
      );
      expect(done.user).toEqual({ _id: leaver.id, active: false });
      expect(await owners()).toEqual([heir.id, leaver.id].sort());
      expect(await soloRooms()).toBe(0);
    });
  });

  /**
   * Issue 15, the message and room routes left: `chat.sendMessage` / `chat.postMessage` refusals in the words of
   * Rocket.Chat 7's `canSendMessage`, `executeSendMessage`, `processWebhookMessage` and its route (bare `Error`s: the
   * text alone), `chat.react`'s emoji check, `chat.syncMessages` / `chat.getDeletedMessages`, the teams routes checked
   * with Meteor's `check()`, the room-family validators that require a room, `groups.unarchive`, `im.*` by username,
   * and DDP `readMessages`. Every row reads what it could have changed before and after and finds it unchanged.
   */
  describe('message sending, reactions and chat reads', () => {
    interface ChatRow extends Row {
      state?: () => Promise<unknown>;
    }
    let readOnlyRoom: string;
    let mutedRoom: string;
    let archivedRoom: string;
    let team: { _id: string; roomId: string };
    let readOnlyMessage: string;
    let mutedMessage: string;
    const TOO_LONG = 'x'.repeat(5001);

    beforeAll(async () => {
      const members = [user.username];
      readOnlyRoom = ok(await t.admin.post('/api/v1/channels.create', { name: uniqueName('ro'), members, readOnly: true })).channel._id;
      mutedRoom = ok(await t.admin.post('/api/v1/channels.create', { name: uniqueName('muted'), members })).channel._id;
      ok(await t.admin.post('/api/v1/rooms.muteUser', { roomId: mutedRoom, userId: user.id }));
      archivedRoom = ok(await t.admin.post('/api/v1/channels.create', { name: uniqueName('gone'), members })).channel._id;
      ok(await t.admin.post('/api/v1/channels.archive', { roomId: archivedRoom }));
      team = ok(await t.admin.post('/api/v1/teams.create', { name: uniqueName('checked'), type: 0 })).team;
      const say = async (rid: string) =>
        ok(await t.admin.post('/api/v1/chat.sendMessage', { message: { rid, msg: 'react to me' } })).message._id;
      [readOnlyMessage, mutedMessage] = await Promise.all([say(readOnlyRoom), say(mutedRoom)]);
    });

    /** A room's latest messages (ids), read by the administrator. */
    const history =
      (roomId: () => string, family: 'channels' | 'groups' = 'channels') =>
      async () =>
        (ok(await t.admin.get(`/api/v1/${family}.history?roomId=${roomId()}&count=5`)).messages as Array<{ _id: string }>).map(
          (m) => m._id,
        );
    const reactionsOf = (msgId: () => string) => async () =>
      ok(await t.admin.get(`/api/v1/chat.getMessage?msgId=${msgId()}`)).message.reactions ?? null;
    const reactions = reactionsOf(() => adminMessage);
    const teamRooms = async () =>
      ok(await t.admin.get(`/api/v1/teams.listRooms?teamId=${team._id}`)).rooms.map((r: { _id: string }) => r._id);
    /** The caller's subscriptions (room, open, archived): what a room-family POST could change. */
    const subscriptions = async () =>
      (ok(await user.api.get('/api/v1/subscriptions.get')).update as Array<{ rid: string; open: boolean; archived?: boolean }>)
        .map(({ rid, open, archived }) => [rid, open, archived ?? false])
        .sort();
    const send = (message: Record<string, unknown>) => () => ({ path: 'chat.sendMessage', body: { message } });
    const post = (body: Record<string, unknown>) => () => ({ path: 'chat.postMessage', body });
    const sync = (query: string) => () => ({ path: `chat.syncMessages?${query}` });
    const MATCH_ONE_OF = plain('Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation');
    const since = new Date(0).toISOString();

    const ROWS: ChatRow[] = [
      // chat.sendMessage: executeSendMessage and canSendMessage (bare Errors), the size check (a Meteor.Error).
      ...(
        [
          [
            'outsider of a private group',
            () => ({ rid: privateRoom, msg: 'let me in' }),
            'error-not-allowed',
            history(() => privateRoom, 'groups'),
          ],
          ['unknown room', () => ({ rid: 'nope', msg: 'hello?' }), 'error-invalid-room', undefined],
          [
            'read-only room',
            () => ({ rid: readOnlyRoom, msg: 'can I?' }),
            "You can't send messages because the room is readonly.",
            history(() => readOnlyRoom),
          ],
          ['muted', () => ({ rid: mutedRoom, msg: 'hello?' }), 'You_have_been_muted', history(() => mutedRoom)],
          ['no rid', () => ({ msg: 'where to?' }), "The 'rid' property on the message object is missing.", undefined],
          [
            'alias without message-impersonate',
            () => ({ rid: publicRoom, msg: 'hi', alias: 'The Boss' }),
            'Not enough permission',
            history(() => publicRoom),
          ],
        ] as const
      ).map(([failure, message, text, state]): ChatRow => ({
        route: 'chat.sendMessage',
        failure,
        as: 'user',
        method: 'POST',
        request: () => send(message())(),
        expected: plain(text),
        ...(state && { state }),
      })),
      {
        route: 'chat.sendMessage',
        failure: 'message too long',
        as: 'user',
        method: 'POST',
        request: () => send({ rid: publicRoom, msg: TOO_LONG })(),
        expected: idError('Message size exceeds Message_MaxAllowedSize', 'error-message-size-exceeded'),
        state: history(() => publicRoom),
      },
      {
        route: 'chat.sendMessage',
        failure: 'archived room (kept: Rocket.Chat leaves it to its clients)',
        as: 'user',
        method: 'POST',
        request: () => send({ rid: archivedRoom, msg: 'anyone?' })(),
        expected: idError('Room is archived', 'error-room-archived'),
        state: history(() => archivedRoom),
      },
      // chat.postMessage: its route's size check and validator, processWebhookMessage's lookup and permission check.
      ...(
        [
          [
            'outsider of a private group',
            () => ({ roomId: privateRoom, text: 'let me in' }),
            plain('error-not-allowed'),
            history(() => privateRoom, 'groups'),
          ],
          [
            'read-only room',
            () => ({ roomId: readOnlyRoom, text: 'can I?' }),
            plain("You can't send messages because the room is readonly."),
            history(() => readOnlyRoom),
          ],
          ['muted', () => ({ roomId: mutedRoom, text: 'hello?' }), plain('You_have_been_muted'), history(() => mutedRoom)],
          [
            'message too long',
            () => ({ roomId: publicRoom, text: TOO_LONG }),
            plain('error-message-size-exceeded'),
            history(() => publicRoom),
          ],
          [
            'an attachment too long',
            () => ({ roomId: publicRoom, attachments: [{ text: TOO_LONG }] }),
            plain('error-message-size-exceeded'),
            history(() => publicRoom),
          ],
          [
            'neither roomId nor channel',
            () => ({ text: 'where to?' }),
            idError("must have required property 'roomId'", 'invalid-params'),
            undefined,
          ],
          [
            'unknown channel',
            () => ({ channel: '#no-such-channel-here', text: 'hello' }),
            { status: 400, error: '[invalid-channel]', errorType: 'invalid-channel' },
            undefined,
          ],
        ] as const
      ).map(([failure, body, expected, state]): ChatRow => ({
        route: 'chat.postMessage',
        failure,
        as: 'user',
        method: 'POST',
        request: () => post(body())(),
        expected,
        ...(state && { state }),
      })),
      // chat.react: executeSetReaction's emoji check (Rocket.Chat's list and the custom emoji).
      ...['not_an_emoji', ':smiley_typo:', 'party_parrot'].map((emoji): ChatRow => ({
        route: 'chat.react',
        failure: `unknown emoji ${emoji}`,
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'chat.react', body: { messageId: adminMessage, emoji } }),
        expected: idError('Invalid emoji provided.', 'error-not-allowed'),
        state: reactions,
      })),
      // setReaction's room checks: the mute first (a Meteor.Error), then the read-only room (a bare Error).
      {
        route: 'chat.react',
        failure: 'muted',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'chat.react', body: { messageId: mutedMessage, emoji: ':+1:' } }),
        expected: idError('You have been muted', 'error-not-allowed'),
        state: reactionsOf(() => mutedMessage),
      },
      {
        route: 'chat.react',
        failure: 'read-only room',
        as: 'user',
        method: 'POST',
        request: () => ({ path: 'chat.react', body: { messageId: readOnlyMessage, emoji: ':+1:' } }),
        expected: plain("You can't send messages because the room is readonly."),
        state: reactionsOf(() => readOnlyMessage),
      },
      // chat.syncMessages: its validator, its route's checks, getMessageHistory's (7.x cursors).
      ...(
        [
          ['no roomId', () => `lastUpdate=${since}`, idError("must have required property 'roomId'", 'invalid-params')],
          [
            'empty roomId',
            () => `roomId=&lastUpdate=${since}`,
            idError('The required "roomId" query param is missing', 'error-param-required'),
          ],
          [
            'neither type nor lastUpdate',
            () => `roomId=${publicRoom}`,
            idError('The "type" or "lastUpdate" parameters must be provided', 'error-param-required'),
          ],
          [
            'invalid lastUpdate',
            () => `roomId=${publicRoom}&lastUpdate=soon`,
            idError('The "lastUpdate" query parameter must be a valid date', 'error-lastUpdate-param-invalid'),
          ],
          ['unknown type', () => `roomId=${publicRoom}&type=ALL`, idError('must be equal to one of the allowed values', 'invalid-params')],
          ['invalid cursor', () => `roomId=${publicRoom}&type=UPDATED&next=later`, plain('Invalid Date')],
          [
            'next and previous',
            () => `roomId=${publicRoom}&type=UPDATED&next=1&previous=2`,
            idError('You cannot provide both "next" and "previous" parameters', 'error-cursor-conflict'),
          ],
          [
            'a cursor without type',
            () => `roomId=${publicRoom}&lastUpdate=${since}&next=1`,
            idError('The "type" parameter is required when using the "next" or "previous" parameters', 'error-type-param-required'),
          ],
          [
            'a cursor and lastUpdate',
            () => `roomId=${publicRoom}&type=UPDATED&lastUpdate=${since}&next=1`,
            idError('The attributes "next", "previous" and "lastUpdate" cannot be used together', 'error-cursor-and-lastUpdate-conflict'),
          ],
          ['outsider of a private group', () => `roomId=${privateRoom}&lastUpdate=${since}`, idError('Not allowed', 'error-not-allowed')],
        ] as const
      ).map(([failure, query, expected]): ChatRow => ({
        route: 'chat.syncMessages',
        failure,
        as: 'user',
        method: 'GET',
        request: () => sync(query())(),
        expected,
      })),
      // chat.getDeletedMessages: isChatGetDeletedMessagesProps.
      ...(
        [
          ['no roomId', () => `since=${since}`, "must have required property 'roomId'"],
          ['empty roomId', () => `roomId=&since=${since}`, 'must NOT have fewer than 1 characters'],
          ['no since', () => `roomId=${publicRoom}`, "must have required property 'since'"],
          ['since not a date-time', () => `roomId=${publicRoom}&since=yesterday`, 'must match format "iso-date-time"'],
        ] as const
      ).map(([failure, query, text]): ChatRow => ({
        route: 'chat.getDeletedMessages',
        failure,
        as: 'user',
        method: 'GET',
        request: () => ({ path: `chat.getDeletedMessages?${query()}` }),
        expected: idError(text, 'invalid-params'),
      })),
      // The teams routes Rocket.Chat checks with Meteor's check(): the Match.Error's text alone.
      ...(['teams.info', 'teams.members', 'teams.listRooms', 'teams.listRoomsOfUser'] as const).map((route): ChatRow => ({
        route,
        failure: 'no team named',
        as: 'user',
        method: 'GET',
        request: () => ({ path: route }),
        expected: MATCH_ONE_OF,
      })),
      {
        route: 'teams.listRoomsOfUser',
        failure: 'no userId',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `teams.listRoomsOfUser?teamId=${team._id}` }),
        expected: plain("Match error: Missing key 'userId'"),
      },
      {
        route: 'teams.autocomplete',
        failure: 'no name',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'teams.autocomplete' }),
        expected: plain("Match error: Missing key 'name'"),
      },
      {
        route: 'teams.addRooms',
        failure: 'no rooms',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'teams.addRooms', body: { teamId: team._id } }),
        expected: MATCH_ONE_OF,
        state: teamRooms,
      },
      {
        route: 'teams.updateRoom',
        failure: 'no roomId',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'teams.updateRoom', body: { isDefault: true } }),
        expected: plain("Match error: Missing key 'roomId'"),
        state: teamRooms,
      },
      {
        route: 'teams.updateRoom',
        failure: 'isDefault not a boolean',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'teams.updateRoom', body: { roomId: team.roomId, isDefault: 'yes' } }),
        expected: plain('Match error: Expected boolean, got string in field isDefault'),
        state: teamRooms,
      },
      {
        route: 'teams.create',
        failure: 'no type',
        as: 'admin',
        method: 'POST',
        request: () => ({ path: 'teams.create', body: { name: uniqueName('untyped') } }),
        expected: plain("Match error: Missing key 'type'"),
        state: async () => ok(await t.admin.get('/api/v1/teams.listAll')).total,
      },
      // The room families' validators that require the room (oneOf {roomId} | {roomName}, or roomId alone).
      ...[...REQUIRED_ROOM_KEY].map(([key, roomKey]): ChatRow => {
        const [method, route] = key.split(' ') as ['GET' | 'POST', string];
        return {
          route,
          failure: 'no room named (the validator)',
          as: 'user',
          method,
          request: () => ({ path: route, ...(method === 'POST' && { body: {} }) }),
          expected: idError(`must have required property '${roomKey}'`, 'invalid-params'),
          ...(method === 'POST' && { state: subscriptions }),
        };
      }),
    ];

    it.each(ROWS.map((row) => [`${row.route}: ${row.failure}`, row] as const))('%s', async (_name, row) => {
      const before = await row.state?.();
      const { answer, success } = await failureOf(row.as === 'admin' ? t.admin : user.api, row);
      expect(answer).toEqual(row.expected);
      expect(success).toBe(false);
      if (row.state) expect(await row.state()).toEqual(before);
    });

    /** A DDP method over REST `method.call`: its error, or its result. */
    const callMethod = async (api: RestClient, method: string, params: unknown[]) => {
      const message = EJSON.stringify({ msg: 'method', id: '1', method, params });
      const { body } = await api.post(`/api/v1/method.call/${encodeURIComponent(method)}`, { message });
      return EJSON.parse(body.message as string) as { error?: Record<string, unknown>; result?: unknown };
    };

    it('DDP setReaction and sendMessage keep the ids: Invalid emoji provided., Not allowed', async () => {
      const before = await reactions();
      expect((await callMethod(user.api, 'setReaction', [':not_an_emoji:', adminMessage])).error).toMatchObject({
        error: 'error-not-allowed',
        reason: 'Invalid emoji provided.',
      });
      expect(await reactions()).toEqual(before);
      const refused = await callMethod(user.api, 'sendMessage', [{ rid: privateRoom, msg: 'let me in' }]);
      expect(refused.error).toMatchObject({ error: 'error-not-allowed', reason: 'Not allowed' });
    });

    /** DDP `sendMessage`, waiting out its rate limit (5 a second per user, as Rocket.Chat's). */
    const sendOverDdp = async (message: Record<string, unknown>) => {
      for (;;) {
        const answer = await callMethod(user.api, 'sendMessage', [message]);
        if (answer.error?.error !== 'too-many-requests') return answer;
        const { timeToReset } = answer.error.details as { timeToReset: number };
        await new Promise((resolve) => setTimeout(resolve, timeToReset + 50));
      }
    };

    // Rocket.Chat's sendMessage method rethrows error-not-allowed alone; it answers every other refusal with
    // nothing (the sender sees it as an ephemeral message: test/core/messages.e2e-spec.ts).
    it.each([
      ['unknown room', () => ({ rid: 'nope', msg: 'hello?' }), undefined],
      ['read-only room', () => ({ rid: readOnlyRoom, msg: 'can I?' }), history(() => readOnlyRoom)],
      ['muted', () => ({ rid: mutedRoom, msg: 'hello?' }), history(() => mutedRoom)],
      ['archived room', () => ({ rid: archivedRoom, msg: 'anyone?' }), history(() => archivedRoom)],
      ['alias without message-impersonate', () => ({ rid: publicRoom, msg: 'hi', alias: 'The Boss' }), history(() => publicRoom)],
      ['message too long', () => ({ rid: publicRoom, msg: TOO_LONG }), history(() => publicRoom)],
      ['no rid', () => ({ msg: 'where to?' }), undefined],
    ])('DDP sendMessage, %s: no error, no result, nothing stored', async (_case, message, state) => {
      const before = await state?.();
      const answer = await sendOverDdp(message());
      expect(answer.error).toBeUndefined();
      expect(answer.result).toBeUndefined();
      if (state) expect(await state()).toEqual(before);
    });

    it("DDP readMessages: the method's room checks, then the subscription", async () => {
      const errorOf = async (rid: string) => (await callMethod(user.api, 'readMessages', [rid])).error;
      expect(await errorOf('nope')).toMatchObject({ error: 'error-room-does-not-exist', reason: 'This room does not exist' });
      expect(await errorOf(privateRoom)).toMatchObject({ error: 'error-not-allowed', reason: 'Not allowed' });
      // A public channel one may read but is not in: Rocket.Chat's helper throws a bare Error (a 500 there).
      const notJoined = ok(await t.admin.post('/api/v1/channels.create', { name: uniqueName('unjoined') })).channel._id;
      expect(await errorOf(notJoined)).toMatchObject({ error: 'error-invalid-subscription' });
      expect((await callMethod(user.api, 'readMessages', [publicRoom])).error).toBeUndefined();
    });

    it("chat.syncMessages with a type and no cursor answers empty lists, as Rocket.Chat's route does", async () => {
      for (const type of ['UPDATED', 'DELETED']) {
        expect(ok(await user.api.get(`/api/v1/chat.syncMessages?roomId=${publicRoom}&type=${type}`)).result).toEqual({
          updated: [],
          deleted: [],
        });
      }
    });

    it("groups.unarchive of a live group succeeds, as Rocket.Chat's method unarchives it again", async () => {
      const group = ok(await t.admin.post('/api/v1/groups.create', { name: uniqueName('live') })).group;
      ok(await t.admin.post('/api/v1/groups.unarchive', { roomId: group._id }));
      expect(ok(await t.admin.get(`/api/v1/groups.info?roomId=${group._id}`)).group.archived ?? false).toBe(false);
    });

    it.each(['im.history', 'im.members', 'im.files', 'im.messages', 'dm.history'])(
      '%s by the username of a user one has no direct message with creates it (getRoomByNameOrIdWithOptionToJoin)',
      async (route) => {
        const stranger = await createUser(t.admin, 'stranger');
        const dmsWithStranger = async () =>
          (ok(await user.api.get('/api/v1/im.list')).ims as Array<{ usernames?: string[] }>).filter((dm) =>
            dm.usernames?.includes(stranger.username),
          ).length;
        expect(await dmsWithStranger()).toBe(0);
        ok(await user.api.get(`/api/v1/${route}?username=${stranger.username}`));
        expect(await dmsWithStranger()).toBe(1);
      },
    );
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

  /**
   * The room families (`channels.*`, `groups.*`, `im.*`/`dm.*`, `rooms.*`), route by route, as Rocket.Chat 7 finds
   * their room: `findChannelByIdOrName` (no room named is "not found"; an archived channel refused unless the route
   * says not to), `findPrivateGroupByIdOrName` (`error-room-param-not-provided`; an outsider's group "not found";
   * archived refused likewise), `findDirectMessageRoom` through `getRoomByNameOrIdWithOptionToJoin` (an unknown id
   * or another type's room is `[invalid-channel]`), the routes that check access first (`im.open`, `im.setTopic`,
   * `im.counters`: 403), and the rooms API's `findRoomByIdOrName` (archived refused, `rooms.info` included). Every
   * POST row also checks the failure changed nothing: the fixture rooms, and both users' subscriptions.
   */
  describe('room families (channels, groups, im, rooms)', () => {
    let archivedChannel: { _id: string; name: string };
    let archivedGroup: { _id: string; name: string };
    let ownDm: string;
    let liveChannel: { _id: string; name: string };
    let liveGroup: { _id: string; name: string };
    let guest: RestClient;

    beforeAll(async () => {
      archivedChannel = ok(await t.admin.post('/api/v1/channels.create', { name: uniqueName('old'), members: [user.username] })).channel;
      ok(await t.admin.post('/api/v1/channels.archive', { roomId: archivedChannel._id }));
      archivedGroup = ok(await t.admin.post('/api/v1/groups.create', { name: uniqueName('oldp'), members: [user.username] })).group;
      ok(await t.admin.post('/api/v1/groups.archive', { roomId: archivedGroup._id }));
      const admin = ok(await t.admin.get('/api/v1/me'));
      ownDm = ok(await user.api.post('/api/v1/im.create', { username: admin.username })).room._id;
      liveChannel = ok(await t.admin.post('/api/v1/channels.create', { name: uniqueName('live') })).channel;
      liveGroup = ok(await t.admin.post('/api/v1/groups.create', { name: uniqueName('livep'), members: [user.username] })).group;
      // A guest: Rocket.Chat's `guest` role holds `view-joined-room` but not `view-c-room`.
      const username = uniqueName('guest');
      ok(
        await t.admin.post('/api/v1/users.create', {
          username,
          email: `${username}@e2e.test`,
          name: username,
          password: PASSWORD,
          roles: ['guest'],
        }),
      );
      guest = await t.admin.as(undefined).login(username, PASSWORD);
    });

    const GROUP_NOT_FOUND = idError('The required "roomId" or "roomName" param provided does not match any group', 'error-room-not-found');
    const GROUP_PARAM = idError('The parameter "roomId" or "roomName" is required', 'error-room-param-not-provided');
    const INVALID_CHANNEL: Answer = { status: 400, error: '[invalid-channel]', errorType: 'invalid-channel' };
    const channelArchived = () => idError(`The channel, ${archivedChannel.name}, is archived`, 'error-room-archived');
    const groupArchived = () => idError(`The private group, ${archivedGroup.name}, is archived`, 'error-room-archived');

    /** A row whose answer names a fixture made in this block's `beforeAll`. */
    type FamilyRow = Omit<Row, 'expected' | 'as'> & { as: 'user' | 'admin' | 'guest'; expected: () => Answer };
    /** Rocket.Chat's refusal of a route's declared `permissionsRequired`. */
    const PERMISSION: Answer = { status: 403, error: 'User does not have the permissions required for this action [error-unauthorized]' };

    /** What a route needs besides the room for its room lookup to be reached (Rocket.Chat checks these first). */
    const needs: Record<string, () => Record<string, unknown>> = {
      kick: () => ({ userId: adminId }),
      invite: () => ({ userId: adminId }),
      addLeader: () => ({ userId: adminId }),
      addModerator: () => ({ userId: adminId }),
      addOwner: () => ({ userId: adminId }),
      removeLeader: () => ({ userId: adminId }),
      removeModerator: () => ({ userId: adminId }),
      removeOwner: () => ({ userId: adminId }),
      rename: () => ({ name: uniqueName('renamed') }),
      setCustomFields: () => ({ customFields: { field: 'value' } }),
      setDefault: () => ({ default: true }),
      setDescription: () => ({ description: 'changed' }),
      setPurpose: () => ({ purpose: 'changed' }),
      setTopic: () => ({ topic: 'changed' }),
      setAnnouncement: () => ({ announcement: 'changed' }),
      setReadOnly: () => ({ readOnly: true }),
      setJoinCode: () => ({ joinCode: 'secret' }),
      setType: () => ({}),
    };
    const setType = (family: 'channels' | 'groups') => ({ type: family === 'channels' ? 'p' : 'c' });
    /** The body key each setter takes. */
    const PARAM_OF: Record<string, string> = {
      rename: 'name',
      setTopic: 'topic',
      setDescription: 'description',
      setPurpose: 'purpose',
      setType: 'type',
      setJoinCode: 'joinCode',
      setCustomFields: 'customFields',
      setReadOnly: 'readOnly',
      setAnnouncement: 'announcement',
    };
    const ROLE_ROUTES = ['addLeader', 'addModerator', 'addOwner', 'removeLeader', 'removeModerator', 'removeOwner'];
    const SETTERS = ['rename', 'setCustomFields', 'setDescription', 'setPurpose', 'setTopic', 'setReadOnly', 'setType', 'setAnnouncement'];

    const row = (
      family: 'channels' | 'groups' | 'im' | 'dm' | 'rooms',
      action: string,
      method: 'GET' | 'POST',
      failure: string,
      room: () => Record<string, unknown>,
      expected: () => Answer,
      as: FamilyRow['as'] = 'user',
    ): FamilyRow => {
      const route = `${family}.${action}`;
      const params = () => ({
        ...(needs[action]?.() ?? {}),
        ...(action === 'setType' && (family === 'channels' || family === 'groups') ? setType(family) : {}),
        ...room(),
      });
      return {
        route,
        failure,
        as,
        method,
        request: () =>
          method === 'GET'
            ? { path: `${route}?${new URLSearchParams(params() as Record<string, string>).toString()}` }
            : { path: route, body: params() },
        expected,
      };
    };

    const CHANNEL_GETS = ['history', 'roles', 'messages', 'moderators', 'counters', 'files', 'info', 'members', 'anonymousread'];
    const CHANNEL_POSTS = [
      ...ROLE_ROUTES,
      ...SETTERS,
      'archive',
      'unarchive',
      'join',
      'kick',
      'leave',
      'open',
      'close',
      'delete',
      'invite',
      'setDefault',
      'setJoinCode',
    ];
    /**
     * "No room named" reaches the family helper only on the routes Rocket.Chat 7 runs without a validator (a
     * validated one answers ajv's `must have required property`, not compared here: see the README).
     */
    const unvalidated = (method: string, route: string) => ROCKET_CHAT_STRICT_ROUTES[`${method} ${route}`] === undefined;
    const CHANNEL_NO_ROOM = ['info', 'counters', 'members', ...ROLE_ROUTES, 'close', 'invite', 'setCustomFields', 'setDefault', 'rename'];
    /** `findChannelByIdOrName` with its default `checkedArchived`. */
    const CHANNEL_ARCHIVED = [
      'roles',
      'moderators',
      'counters',
      ...ROLE_ROUTES,
      ...SETTERS,
      'archive',
      'join',
      'kick',
      'leave',
      'invite',
      'setDefault',
      'setJoinCode',
    ];

    const GROUP_GETS = ['counters', 'files', 'history', 'info', 'members', 'messages', 'roles', 'moderators'];
    const GROUP_POSTS = [...ROLE_ROUTES, ...SETTERS, 'archive', 'unarchive', 'close', 'open', 'delete', 'invite', 'kick', 'leave'];
    /** `findPrivateGroupByIdOrName` with its default `checkedArchived` (`groups.counters` checks it itself). */
    const GROUP_ARCHIVED = [
      'counters',
      'members',
      'messages',
      'roles',
      'moderators',
      ...ROLE_ROUTES,
      ...SETTERS,
      'archive',
      'kick',
      'leave',
    ];

    const ROOM_FAMILY_ROWS = [
      ...[...CHANNEL_GETS.map((a) => [a, 'GET'] as const), ...CHANNEL_POSTS.map((a) => [a, 'POST'] as const)].flatMap(
        ([action, method]) => [
          row(
            'channels',
            action,
            method,
            'not found',
            () => ({ roomId: 'nope' }),
            () => ROOM_NOT_FOUND,
          ),
          ...(CHANNEL_NO_ROOM.includes(action) && unvalidated(method, `channels.${action}`)
            ? [
                row(
                  'channels',
                  action,
                  method,
                  'no room named',
                  () => ({}),
                  () => ROOM_NOT_FOUND,
                ),
              ]
            : []),
          ...(CHANNEL_ARCHIVED.includes(action)
            ? [row('channels', action, method, 'archived', () => ({ roomId: archivedChannel._id }), channelArchived)]
            : []),
          // A private group through channels.*: "not found", whoever asks.
          ...(['info', 'members', 'history'].includes(action)
            ? [
                row(
                  'channels',
                  action,
                  method,
                  'a private group',
                  () => ({ roomId: archivedGroup._id }),
                  () => ROOM_NOT_FOUND,
                ),
              ]
            : []),
        ],
      ),
      ...[...GROUP_GETS.map((a) => [a, 'GET'] as const), ...GROUP_POSTS.map((a) => [a, 'POST'] as const)].flatMap(([action, method]) => [
        row(
          'groups',
          action,
          method,
          'not found',
          () => ({ roomId: 'nope' }),
          () => GROUP_NOT_FOUND,
        ),
        row(
          'groups',
          action,
          method,
          'no room named',
          () => ({}),
          // A validator requiring the room answers first (ajv); the helper's error otherwise.
          () =>
            REQUIRED_ROOM_KEY.has(`${method} groups.${action}`)
              ? idError("must have required property 'roomId'", 'invalid-params')
              : action === 'counters'
                ? GROUP_NOT_FOUND
                : GROUP_PARAM,
        ),
        row(
          'groups',
          action,
          method,
          'a channel',
          () => ({ roomId: publicRoom }),
          () => GROUP_NOT_FOUND,
        ),
        ...(action === 'invite'
          ? []
          : [
              row(
                'groups',
                action,
                method,
                'outsider',
                () => ({ roomId: privateRoom }),
                () => GROUP_NOT_FOUND,
              ),
            ]),
        ...(GROUP_ARCHIVED.includes(action)
          ? [row('groups', action, method, 'archived', () => ({ roomId: archivedGroup._id }), groupArchived)]
          : []),
      ]),
      // im.*/dm.*: the lookup first, then the access check (403), but where the access check comes first.
      ...(['history', 'messages', 'members', 'files'] as const).flatMap((action) => [
        row(
          'im',
          action,
          'GET',
          'not found',
          () => ({ roomId: 'nope' }),
          () => INVALID_CHANNEL,
        ),
        row(
          'im',
          action,
          'GET',
          "a channel's id",
          () => ({ roomId: publicRoom }),
          () => INVALID_CHANNEL,
        ),
      ]),
      row(
        'im',
        'delete',
        'POST',
        'not found',
        () => ({ roomId: 'nope' }),
        () => INVALID_CHANNEL,
      ),
      row(
        'im',
        'delete',
        'POST',
        "a channel's id",
        () => ({ roomId: publicRoom }),
        () => INVALID_CHANNEL,
      ),
      ...(['im', 'dm'] as const).map((family) =>
        row(
          family,
          'delete',
          'POST',
          "another pair's direct message",
          () => ({ roomId: othersDm }),
          () => idError('Not allowed', 'error-not-allowed'),
        ),
      ),
      ...(['open', 'setTopic'] as const).flatMap((action) => [
        row(
          'im',
          action,
          'POST',
          'not found',
          () => ({ roomId: 'nope' }),
          () => UNAUTHORIZED,
        ),
        row(
          'im',
          action,
          'POST',
          "another pair's direct message",
          () => ({ roomId: othersDm }),
          () => UNAUTHORIZED,
        ),
      ]),
      row(
        'im',
        'counters',
        'GET',
        'not found',
        () => ({ roomId: 'nope' }),
        () => UNAUTHORIZED,
      ),
      row(
        'im',
        'counters',
        'GET',
        "another pair's direct message",
        () => ({ roomId: othersDm }),
        () => UNAUTHORIZED,
      ),
      row(
        'im',
        'close',
        'POST',
        'not found',
        () => ({ roomId: 'nope' }),
        () => plain('The user is not subscribed to the room'),
      ),
      row(
        'im',
        'close',
        'POST',
        "another pair's direct message",
        () => ({ roomId: othersDm }),
        () => UNAUTHORIZED,
      ),
      row(
        'channels',
        'unarchive',
        'POST',
        'not archived',
        () => ({ roomId: liveChannel._id }),
        () => plain(`The channel, ${liveChannel.name}, is not archived`),
        'admin',
      ),
      // `getUserFromParams`, after the room and before the method's permission check (kick and the role routes).
      ...(['channels', 'groups'] as const).flatMap((family) =>
        ['kick', ...ROLE_ROUTES].flatMap((action) => {
          const roomId = () => (family === 'channels' ? publicRoom : liveGroup._id);
          return [
            row(
              family,
              action,
              'POST',
              'unknown user',
              () => ({ roomId: roomId(), userId: 'nope' }),
              () => idError('The required "userId" or "username" param provided does not match any users', 'error-invalid-user'),
            ),
            row(
              family,
              action,
              'POST',
              'no user named',
              () => ({ roomId: roomId(), userId: undefined }),
              () => idError('The required "userId" or "username" param was not provided', 'error-user-param-not-provided'),
            ),
          ];
        }),
      ),
      // channels.online / groups.online (`API.v1.failure` texts, then the access check) and the mentions' method.
      ...(['channels', 'groups'] as const).flatMap((family) => [
        row(
          family,
          'online',
          'GET',
          'no query',
          () => ({}),
          () => plain('Invalid query'),
        ),
        row(
          family,
          'online',
          'GET',
          'not found',
          () => ({ _id: 'nope' }),
          () => plain(family === 'channels' ? 'Channel does not exists' : 'Group does not exists'),
        ),
      ]),
      row(
        'groups',
        'online',
        'GET',
        'outsider',
        () => ({ _id: privateRoom }),
        () => idError('Not Allowed', 'error-not-allowed'),
      ),
      row(
        'channels',
        'getAllUserMentionsByChannel',
        'GET',
        'not found',
        () => ({ roomId: 'nope' }),
        () => idError('Invalid room', 'error-invalid-room'),
      ),
      row(
        'channels',
        'getAllUserMentionsByChannel',
        'GET',
        'outsider of a private group',
        () => ({ roomId: privateRoom }),
        () => idError('Not allowed', 'error-not-allowed'),
      ),
      // A setter's own parameter, checked before the room is looked up (`API.v1.failure` texts).
      ...(
        [
          ['channels', 'rename', 'The bodyParam "name" is required'],
          ['channels', 'setTopic', 'The bodyParam "topic" is required'],
          ['channels', 'setDescription', 'The bodyParam "description" is required'],
          ['channels', 'setPurpose', 'The bodyParam "purpose" is required'],
          ['channels', 'setType', 'The bodyParam "type" is required'],
          ['channels', 'setJoinCode', 'The bodyParam "joinCode" is required'],
          ['channels', 'setCustomFields', 'The bodyParam "customFields" is required with a type like object.'],
          ['groups', 'rename', 'The bodyParam "name" is required'],
          ['groups', 'setTopic', 'The bodyParam "topic" is required'],
          ['groups', 'setDescription', 'The bodyParam "description" is required'],
          ['groups', 'setPurpose', 'The bodyParam "purpose" is required'],
          ['groups', 'setType', 'The bodyParam "type" is required'],
          ['groups', 'setReadOnly', 'The bodyParam "readOnly" is required'],
          ['groups', 'setAnnouncement', 'The bodyParam "announcement" is required'],
          ['groups', 'setCustomFields', 'The bodyParam "customFields" is required with a type like object.'],
        ] as const
      ).map(([family, action, text]) =>
        row(
          family,
          action,
          'POST',
          'its parameter missing',
          () => ({ roomId: 'nope', [PARAM_OF[action]]: undefined }),
          () => plain(text),
        ),
      ),
      // The other rooms.* routes' own checks.
      row('rooms', 'isMember', 'GET', 'archived', () => ({ roomId: archivedChannel._id, userId: adminId }), channelArchived),
      row(
        'rooms',
        'images',
        'GET',
        'not found',
        () => ({ roomId: 'nope' }),
        () => UNAUTHORIZED,
      ),
      row(
        'rooms',
        'get',
        'GET',
        'an invalid updatedSince',
        () => ({ updatedSince: 'yesterday' }),
        () => idError('The "updatedSince" query parameter must be a valid date.', 'error-updatedSince-param-invalid'),
      ),
      row(
        'rooms',
        'mediaConfirm/nope/nope',
        'POST',
        'a room one cannot read',
        () => ({}),
        () => UNAUTHORIZED,
      ),
      row(
        'rooms',
        'mediaConfirm/GENERAL/nope',
        'POST',
        'an unknown file',
        () => ({}),
        () => ({
          status: 400,
          error: '[invalid-file]',
          errorType: 'invalid-file',
        }),
      ),
      // Declared permissions, checked before the route runs.
      row(
        'channels',
        'messages',
        'GET',
        'without view-c-room (a guest)',
        () => ({ roomId: publicRoom }),
        () => PERMISSION,
        'guest',
      ),
      row(
        'im',
        'messages.others',
        'GET',
        'without view-room-administration',
        () => ({ roomId: othersDm }),
        () => PERMISSION,
      ),
      // rooms.*: Rocket.Chat's rooms API lookup refuses an archived room (the channel wording whatever the type).
      row('rooms', 'info', 'GET', 'archived channel', () => ({ roomId: archivedChannel._id }), channelArchived),
      row(
        'rooms',
        'info',
        'GET',
        'archived group',
        () => ({ roomId: archivedGroup._id }),
        () => idError(`The channel, ${archivedGroup.name}, is archived`, 'error-room-archived'),
      ),
      row('rooms', 'getDiscussions', 'GET', 'archived', () => ({ roomId: archivedChannel._id }), channelArchived),
      row('rooms', 'favorite', 'POST', 'archived', () => ({ roomId: archivedChannel._id, favorite: true }), channelArchived),
      row(
        'rooms',
        'cleanHistory',
        'POST',
        'not found',
        () => ({ roomId: 'nope', latest: '2030-01-01T00:00:00Z', oldest: '2000-01-01T00:00:00Z' }),
        () => ROOM_NOT_FOUND,
      ),
      row(
        'rooms',
        'cleanHistory',
        'POST',
        'archived',
        () => ({ roomId: archivedChannel._id, latest: '2030-01-01T00:00:00Z', oldest: '2000-01-01T00:00:00Z' }),
        channelArchived,
        'admin',
      ),
      row(
        'rooms',
        'saveNotification',
        'POST',
        'not a member',
        () => ({ roomId: privateRoom, notifications: { desktopNotifications: 'all' } }),
        () => idError('Invalid subscription', 'error-invalid-subscription'),
      ),
    ];

    /** What a failure must leave as it was: the fixture rooms, and both users' subscriptions. */
    const state = async () => {
      const read = async (path: string) => {
        const { status, body } = await t.admin.get(path);
        return { status, body };
      };
      const rooms = await Promise.all([
        read(`/api/v1/channels.info?roomId=${publicRoom}`),
        read(`/api/v1/channels.info?roomId=${archivedChannel._id}`),
        read(`/api/v1/groups.info?roomId=${privateRoom}`),
        read(`/api/v1/groups.info?roomId=${archivedGroup._id}`),
      ]);
      const subscriptions = await Promise.all(
        [t.admin, user.api].map(async (api) => ok(await api.get('/api/v1/subscriptions.get')).update),
      );
      return { rooms, subscriptions, dms: [othersDm, ownDm] };
    };

    it.each(ROOM_FAMILY_ROWS.map((one) => [`${one.route}: ${one.failure}`, one] as const))('%s', async (_name, one) => {
      const client: RestClient = one.as === 'admin' ? t.admin : one.as === 'guest' ? guest : user.api;
      const before = one.method === 'POST' ? await state() : undefined;
      const { answer, success } = await failureOf(client, one);
      expect(answer).toEqual(one.expected());
      expect(success).toBe(false);
      if (before) expect(await state()).toEqual(before);
    });

    it('the routes that take an archived room still serve it (channels/groups info, history, files; im.* of an own DM)', async () => {
      for (const path of [
        `channels.info?roomId=${archivedChannel._id}`,
        `channels.history?roomId=${archivedChannel._id}`,
        `channels.members?roomId=${archivedChannel._id}`,
        `channels.files?roomId=${archivedChannel._id}`,
        `groups.info?roomId=${archivedGroup._id}`,
        `groups.history?roomId=${archivedGroup._id}`,
        `groups.files?roomId=${archivedGroup._id}`,
        `im.members?roomId=${ownDm}`,
        `im.counters?roomId=${ownDm}`,
      ]) {
        const response = await user.api.get(`/api/v1/${path}`);
        expect([path, response.status]).toEqual([path, 200]);
      }
    });
  });
  /**
   * users.register, users.create, users.listByStatus's `inactiveReason` and the deletions that hand rooms over
   * (issue 15), read from Rocket.Chat 7's `users.ts`, the `registerUser` and `deleteUser` methods, `saveUser`'s
   * `validateUserData`, `validateEmailDomain` and `validateNameChars`. Each failing row may first set settings (put
   * back after it) and checks that no user was created or deleted.
   */
  describe('user registration, creation and lists', () => {
    interface UserRow extends Row {
      /** Settings in force for the row, put back after it. */
      settings?: Record<string, unknown>;
    }
    let taken: CoreUser;
    let takenEmail: string;

    beforeAll(async () => {
      taken = await createUser(t.admin, 'taken');
      takenEmail = `${taken.username}@core.e2e.test`;
    });

    /** Sets settings for the length of `run`, then puts back their values. */
    const withSettings = async <T>(settings: Record<string, unknown> | undefined, run: () => Promise<T>): Promise<T> => {
      const before: Array<[string, unknown]> = [];
      for (const [id, value] of Object.entries(settings ?? {})) {
        before.push([id, ok(await t.admin.get(`/api/v1/settings/${id}`)).value]);
        ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
      }
      try {
        return await run();
      } finally {
        for (const [id, value] of before.reverse()) ok(await t.admin.post(`/api/v1/settings/${id}`, { value }));
      }
    };
    const userCount = async () => ok(await t.admin.get('/api/v1/users.list', { count: '1' })).total as number;
    const fresh = (prefix: string) => {
      const username = uniqueName(prefix);
      return { username, email: `${username}@e2e.test` };
    };
    const register = (body: Record<string, unknown>) => ({
      path: 'users.register',
      body: { ...fresh('reg'), pass: PASSWORD, name: 'New One', ...body },
    });
    const create = (body: Record<string, unknown>) => ({
      path: 'users.create',
      body: { ...fresh('new'), password: PASSWORD, name: 'New One', ...body },
    });
    const FIELD_REQUIRED = (field: string) => idError(`The field ${field} is required`, 'error-the-field-is-required');

    const REGISTRATION_ROWS: UserRow[] = [
      ...(
        [
          ['invalid name', { name: 'a<b' }, plain('Name contains invalid characters')],
          ['URI-encoded invalid name', { name: 'a%3Cb' }, plain('Name contains invalid characters')],
          ['invalid username', { username: 'has space' }, plain('The username provided is not valid')],
          ['empty username', { username: '' }, plain('The username provided is not valid')],
          ['reserved username', { username: 'administrator' }, plain('Username is already in use')],
          [
            'empty password',
            { pass: '' },
            idError("The password provided does not meet the server's password policy.", 'error-password-policy-not-met'),
          ],
          ['invalid e-mail', { email: 'not-an-email' }, idError('Invalid email not-an-email', 'error-invalid-email')],
          ['no username', { username: undefined }, idError("must have required property 'username'", 'invalid-params')],
          // The `registerUser` method's `check()`: its Match.Error's message alone.
          ['no name', { name: undefined }, plain("Match error: Missing key 'name'")],
        ] as const
      ).map(([failure, body, expected]): UserRow => ({
        route: 'users.register',
        failure,
        as: 'user',
        method: 'POST',
        request: () => register(body),
        expected,
      })),
      {
        route: 'users.register',
        failure: 'username taken (any case)',
        as: 'user',
        method: 'POST',
        request: () => register({ username: taken.username.toUpperCase() }),
        expected: plain('Username is already in use'),
      },
      {
        route: 'users.register',
        failure: 'e-mail taken',
        as: 'user',
        method: 'POST',
        request: () => register({ email: takenEmail.toUpperCase() }),
        expected: { status: 400, error: 'Email already exists. [403]', errorType: 403 as unknown as string },
      },
      {
        route: 'users.register',
        failure: 'registration disabled',
        as: 'user',
        method: 'POST',
        settings: { Accounts_RegistrationForm: 'Disabled' },
        request: () => register({}),
        expected: idError('User registration is disabled', 'error-user-registration-disabled'),
      },
      ...[undefined, 'not-the-secret'].map((secret): UserRow => ({
        route: 'users.register',
        failure: `secret URL only, ${secret ? 'a wrong' : 'no'} secret`,
        as: 'user',
        method: 'POST',
        settings: { Accounts_RegistrationForm: 'Secret URL', Accounts_RegistrationForm_SecretURL: 'the-secret' },
        request: () => register({ secret }),
        expected: idError('User registration is only allowed via Secret URL', 'error-user-registration-secret'),
      })),
      {
        route: 'users.register',
        failure: 'e-mail domain outside the allowed list',
        as: 'user',
        method: 'POST',
        settings: { Accounts_AllowedDomainsList: 'allowed.test, other.test' },
        request: () => register({}),
        expected: idError('The email domain is not in whitelist', 'error-invalid-domain'),
      },
      {
        route: 'users.register',
        failure: 'e-mail domain blocked',
        as: 'user',
        method: 'POST',
        settings: { Accounts_BlockedDomainsList: 'E2E.test' },
        request: () => register({}),
        expected: idError('The email domain is blacklisted', 'error-email-domain-blacklisted'),
      },
      {
        route: 'users.register',
        failure: 'a required custom field missing',
        as: 'user',
        method: 'POST',
        settings: { Accounts_CustomFields: JSON.stringify({ team: { type: 'text', required: true } }) },
        request: () => register({ customFields: { other: 'x' } }),
        // The route's `API.v1.failure(e)`: the serialized Meteor.Error, its id as `error`.
        expected: { status: 400, error: 'error-user-registration-custom-field', errorType: 'Meteor.Error' },
      },
      ...(['users.register', 'users.create'] as const).map((route): UserRow => ({
        route,
        failure: 'a password against Accounts_Password_Policy_*',
        as: 'admin',
        method: 'POST',
        settings: { Accounts_Password_Policy_Enabled: true },
        request: () => (route === 'users.register' ? register({ pass: 'abc' }) : create({ password: 'abc' })),
        expected: idError("The password provided does not meet the server's password policy.", 'error-password-policy-not-met'),
      })),
      // users.create: the route's own checks come before the permission.
      {
        route: 'users.create',
        failure: 'invalid name (before the permission)',
        as: 'user',
        method: 'POST',
        request: () => create({ name: 'a>b' }),
        expected: plain('Name contains invalid characters'),
      },
      {
        route: 'users.create',
        failure: 'a required custom field missing (before the permission)',
        as: 'user',
        method: 'POST',
        settings: { Accounts_CustomFields: JSON.stringify({ team: { type: 'text', required: true } }) },
        request: () => create({ customFields: { other: 'x' } }),
        expected: idError('Field team is required', 'error-user-registration-custom-field'),
      },
      ...(
        [
          ['empty name', { name: ' ' }, FIELD_REQUIRED('Name')],
          ['empty username', { username: ' ' }, FIELD_REQUIRED('Username')],
          ['invalid username', { username: 'bad name' }, idError('bad name is not a valid username', 'error-input-is-not-a-valid-field')],
          ['empty password', { password: '' }, FIELD_REQUIRED('Password')],
          [
            'a role that does not exist',
            { roles: ['user', 'no-such-role'] },
            idError('The field Roles consist invalid role id', 'error-action-not-allowed'),
          ],
          ['invalid e-mail', { email: 'not-an-email' }, idError('Invalid email not-an-email', 'error-invalid-email')],
          ['an unknown key', { sendMeSomething: true }, idError('must NOT have additional properties', 'invalid-params')],
        ] as const
      ).map(([failure, body, expected]): UserRow => ({
        route: 'users.create',
        failure,
        as: 'admin',
        method: 'POST',
        request: () => create(body),
        expected,
      })),
      {
        route: 'users.create',
        failure: 'username taken',
        as: 'admin',
        method: 'POST',
        request: () => create({ username: taken.username }),
        // Read when the row runs: the taken user exists only then.
        get expected() {
          return idError(`${taken.username} is already in use :(`, 'error-field-unavailable');
        },
      },
      {
        route: 'users.create',
        failure: 'e-mail taken',
        as: 'admin',
        method: 'POST',
        request: () => create({ email: takenEmail }),
        get expected() {
          return idError(`${takenEmail} is already in use :(`, 'error-field-unavailable');
        },
      },
      {
        route: 'users.create',
        failure: 'username outside UTF8_User_Names_Validation',
        as: 'admin',
        method: 'POST',
        settings: { UTF8_User_Names_Validation: '[a-z]+' },
        request: () => create({ username: 'abc1' }),
        expected: idError('abc1 is not a valid username', 'error-input-is-not-a-valid-field'),
      },
      {
        route: 'users.create',
        failure: 'e-mail domain blocked',
        as: 'admin',
        method: 'POST',
        settings: { Accounts_BlockedDomainsList: 'e2e.test' },
        request: () => create({}),
        expected: idError('The email domain is blacklisted', 'error-email-domain-blacklisted'),
      },
    ];

    /** `API.v1.failure(error)` of a bare `Error`: Rocket.Chat serializes the error object, `{success: false}` alone. */
    const BARE_FAILURE = { status: 400 } as Answer;
    const autocomplete = (selector: unknown) => ({ path: `users.autocomplete?selector=${encodeURIComponent(JSON.stringify(selector))}` });
    const LIST_ROWS: UserRow[] = [
      ...(
        [
          ['an operator in conditions', { term: 'a', conditions: { username: { $ne: 'a' } } }],
          ['an operator beside $or/$and', { term: 'a', conditions: { $nor: [{ type: 'user' }] } }],
          ['a hidden field in conditions', { term: 'a', conditions: { 'emails.address': 'admin@e2e.test' } }],
        ] as const
      ).map(([failure, selector]): UserRow => ({
        route: 'users.autocomplete',
        failure,
        as: 'user',
        method: 'GET',
        request: () => autocomplete(selector),
        expected: BARE_FAILURE,
      })),
      {
        route: 'users.autocomplete',
        failure: 'no selector',
        as: 'user',
        method: 'GET',
        request: () => ({ path: 'users.autocomplete' }),
        expected: idError("must have required property 'selector'", 'invalid-params'),
      },
      {
        route: 'users.list',
        failure: 'a query on a column not answered',
        as: 'user',
        method: 'GET',
        request: () => ({ path: `users.list?query=${encodeURIComponent('{"nickname":"x"}')}` }),
        expected: idError('Invalid attribute: nickname', 'error-invalid-query'),
      },
      ...(
        [
          ['$regex on a field', '{"username":{"$regex":"adm"}}'],
          ['$regex inside $or', '{"$or":[{"name":{"$regex":"a","$options":"i"}}]}'],
        ] as const
      ).map(([failure, query]): UserRow => ({
        route: 'users.list',
        // Rocket.Chat's `clean` keeps `$regex`, the route's `isValidQuery` (`['$or', '$and']`) refuses it.
        failure,
        as: 'user',
        method: 'GET',
        request: () => ({ path: `users.list?query=${encodeURIComponent(query)}` }),
        expected: idError('Invalid operation: $regex', 'error-invalid-query'),
      })),
      {
        route: 'users.list',
        failure: 'a hidden field inside $or',
        as: 'user',
        method: 'GET',
        request: () => ({
          path: `users.list?query=${encodeURIComponent('{"$or":[{"username":"x"},{"emails.address":"admin@e2e.test"}]}')}`,
        }),
        expected: idError('Invalid attribute: emails.address', 'error-invalid-query'),
      },
      {
        route: 'users.listByStatus',
        failure: 'an inactiveReason Rocket.Chat does not know',
        as: 'admin',
        method: 'GET',
        request: () => ({ path: 'users.listByStatus?status=deactivated&inactiveReason[]=bored' }),
        expected: idError('must be equal to one of the allowed values', 'invalid-params'),
      },
    ];

    it.each(LIST_ROWS.map((row) => [`${row.route}: ${row.failure}`, row] as const))('%s', async (_name, row) => {
      const { answer, success } = await failureOf(row.as === 'admin' ? t.admin : user.api, row);
      expect(answer).toEqual(row.expected);
      expect(success).toBe(false);
    });

    it("users.list: the operators Rocket.Chat's clean drops are dropped, not refused", async () => {
      const total = async (query: Record<string, unknown>) =>
        ok(await user.api.get('/api/v1/users.list', { query: JSON.stringify(query) })).total as number;
      expect(await total({ username: taken.username })).toBe(1);
      // `$where` and `$nor` vanish; `{$ne: …}` becomes `{}`, which no username equals.
      expect(await total({ $where: 'true', $nor: [{ username: taken.username }], username: taken.username })).toBe(1);
      expect(await total({ username: { $ne: taken.username } })).toBe(0);
    });

    it('users.autocomplete: direct-message partners first, then the others; exceptions and conditions apply', async () => {
      const prefix = uniqueName('ac');
      const [before, partner] = [await createUser(t.admin, `${prefix}-a`), await createUser(t.admin, `${prefix}-b`)];
      ok(await user.api.post('/api/v1/im.create', { username: partner.username }));
      const items = async (selector: Record<string, unknown>) =>
        ok(await user.api.get('/api/v1/users.autocomplete', { selector: JSON.stringify(selector) })).items as Array<
          Record<string, unknown>
        >;
      const found = await items({ term: prefix });
      expect(found.map((u) => u._id)).toEqual([partner.id, before.id]);
      expect(found[1]).toEqual({ _id: before.id, username: before.username, name: `User ${before.username}`, status: expect.any(String) });
      expect((await items({ term: prefix, exceptions: [partner.username] })).map((u) => u._id)).toEqual([before.id]);
      // Case-insensitive, by prefix (an index range; Rocket.Chat's unanchored pattern also finds the middle of a name).
      expect((await items({ term: before.username.toUpperCase() })).map((u) => u._id)).toEqual([before.id]);
      expect(await items({ term: before.username.slice(1) })).toEqual([]);
      expect((await items({ term: 'rocket', conditions: { $or: [{ type: 'bot' }, { type: 'app' }] } })).map((u) => u.username)).toEqual([
        'rocket.cat',
      ]);
      expect(await items({ term: 'rocket', conditions: { type: 'user' } })).toEqual([]);
    });

    it('without view-outside-room (a guest): autocomplete offers roommates only; API_Apply_permission_view-outside-room_on_users-list closes the lists', async () => {
      const { username, email } = fresh('guest');
      const guestId = ok(
        await t.admin.post('/api/v1/users.create', {
          username,
          email,
          name: 'G',
          password: PASSWORD,
          roles: ['guest'],
          joinDefaultChannels: false,
        }),
      ).user._id as string;
      const guest = await t.admin.as(undefined).login(username, PASSWORD);
      const offered = async () =>
        (ok(await guest.get('/api/v1/users.autocomplete', { selector: JSON.stringify({ term: taken.username }) })).items as unknown[])
          .length;
      expect(await offered()).toBe(0);
      const shared = ok(
        await t.admin.post('/api/v1/groups.create', { name: uniqueName('shared'), members: [username, taken.username] }),
      ).group;
      expect(await offered()).toBe(1);
      ok(await guest.get('/api/v1/users.list', { count: '1' }));
      await withSettings({ 'API_Apply_permission_view-outside-room_on_users-list': true }, async () => {
        for (const path of ['users.list', 'users.listByStatus']) {
          const refused = await guest.get(`/api/v1/${path}`);
          expect({ path, status: refused.status, body: refused.body }).toEqual({
            path,
            status: 403,
            body: { success: false, error: 'unauthorized' },
          });
        }
        ok(await t.admin.get('/api/v1/users.list', { count: '1' }));
      });
      ok(await t.admin.post('/api/v1/groups.delete', { roomId: shared._id }));
      ok(await t.admin.post('/api/v1/users.delete', { userId: guestId }));
    });

    it.each(REGISTRATION_ROWS.map((row) => [`${row.route}: ${row.failure}`, row] as const))('%s', async (_name, row) => {
      const before = await userCount();
      const { answer, success } = await withSettings(row.settings, () => failureOf(row.as === 'admin' ? t.admin : user.api, row));
      expect(answer).toEqual(row.expected);
      expect(success).toBe(false);
      expect(await userCount()).toBe(before);
    });

    it('users.register answers the new user; a secret URL registers with its secret; the username setting acts', async () => {
      const { username, email } = fresh('shape');
      const registered = ok(await t.api.post('/api/v1/users.register', { username, email, pass: PASSWORD, name: ' Shape ' }));
      // The anonymous caller's view: Rocket.Chat's limitedUserFieldsToExclude are left out.
      expect(registered.user).toMatchObject({ username, name: 'Shape', active: true, type: 'user' });
      expect(['emails', 'roles', 'services', 'createdAt', 'settings'].filter((field) => field in registered.user)).toEqual([]);
      const stored = ok(await t.admin.get('/api/v1/users.info', { userId: registered.user._id })).user;
      expect(stored).toMatchObject({ emails: [{ address: email, verified: false }], roles: ['user'] });
      await withSettings({ Accounts_RegistrationForm: 'Secret URL', Accounts_RegistrationForm_SecretURL: 'the-secret' }, async () => {
        ok(await t.api.post('/api/v1/users.register', { ...fresh('secret'), pass: PASSWORD, name: 'S', secret: 'the-secret' }));
        // Rocket.Chat's `validateInviteToken`: a valid invite link's token opens the registration too.
        const invite = ok(await t.admin.post('/api/v1/findOrCreateInvite', { rid: publicRoom, days: 1, maxUses: 0 }));
        ok(await t.api.post('/api/v1/users.register', { ...fresh('invited'), pass: PASSWORD, name: 'I', secret: invite.inviteToken }));
      });
      await withSettings({ UTF8_User_Names_Validation: '[a-z0-9.é]+' }, async () => {
        const accented = uniqueName('josé').replace('-', '.');
        ok(await t.api.post('/api/v1/users.register', { username: accented, email: `${accented}@e2e.test`, pass: PASSWORD, name: 'J' }));
      });
    });

    it('manual approval: a registration waits inactive (pending_approval, its reason kept); listByStatus filters by inactiveReason', async () => {
      const { user: pending } = await withSettings({ Accounts_ManuallyApproveNewUsers: true }, async () =>
        ok(await t.api.post('/api/v1/users.register', { ...fresh('pending'), pass: PASSWORD, name: 'P', reason: ' let me in ' })),
      );
      expect(pending.active).toBe(false);
      const deactivated = await createUser(t.admin, 'gone');
      ok(await t.admin.post('/api/v1/users.setActiveStatus', { userId: deactivated.id, activeStatus: false }));
      const updated = await createUser(t.admin, 'updated');
      ok(await t.admin.post('/api/v1/users.update', { userId: updated.id, data: { active: false } }));
      const listed = async (reasons: string[]) => {
        const query = new URLSearchParams([
          ['status', 'deactivated'],
          ['count', '0'],
          ...reasons.map((reason): [string, string] => ['inactiveReason[]', reason]),
        ]);
        const { users } = ok(await t.admin.get(`/api/v1/users.listByStatus?${query.toString()}`));
        return (users as Array<{ _id: string; reason?: string }>).filter((u) => [pending._id, deactivated.id, updated.id].includes(u._id));
      };
      expect(await listed(['pending_approval'])).toEqual([expect.objectContaining({ _id: pending._id, reason: 'let me in' })]);
      expect((await listed(['deactivated'])).map((u) => u._id).sort()).toEqual([deactivated.id, updated.id].sort());
      // Approved: active again, no reason left; a value Rocket.Chat does not know is refused.
      ok(await t.admin.post('/api/v1/users.setActiveStatus', { userId: pending._id, activeStatus: true }));
      expect(await listed(['pending_approval'])).toEqual([]);
      const unknown = await t.admin.get('/api/v1/users.listByStatus?inactiveReason[]=bored');
      expect(unknown.status).toBe(400);
    });

    it('users.create: setRandomPassword, requirePasswordChange and joinDefaultChannels act; active false is a deactivation', async () => {
      const { user: created } = ok(
        await t.admin.post('/api/v1/users.create', {
          ...fresh('made'),
          name: 'Made',
          password: '',
          setRandomPassword: true,
          joinDefaultChannels: false,
          active: false,
        }),
      );
      expect(created).toMatchObject({ requirePasswordChange: true, active: false });
      const rooms = ok(await t.admin.get('/api/v1/users.info', { userId: created._id, includeUserRooms: 'true' })).user.rooms;
      expect(rooms ?? []).toEqual([]);
      const { users } = ok(await t.admin.get('/api/v1/users.listByStatus?status=deactivated&count=0&inactiveReason[]=deactivated'));
      expect(users.map((u: { _id: string }) => u._id)).toContain(created._id);
    });

    /** A DDP method over REST `method.call`: its error, or its result. */
    const callMethod = async (api: RestClient, method: string, params: unknown[]) => {
      const message = EJSON.stringify({ msg: 'method', id: '1', method, params });
      const { body } = await api.post(`/api/v1/method.call/${encodeURIComponent(method)}`, { message });
      return EJSON.parse(body.message as string) as { error?: Record<string, unknown>; result?: unknown };
    };

    /** A user who alone owns a channel (with an heir in it) and a private group of their own. */
    const leaverWithRooms = async (prefix: string) => {
      const [leaver, heir] = await Promise.all([createUser(t.admin, prefix), createUser(t.admin, `${prefix}-heir`)]);
      const solo = ok(await leaver.api.post('/api/v1/groups.create', { name: uniqueName('solo') })).group;
      const handed = ok(await leaver.api.post('/api/v1/channels.create', { name: uniqueName('handed'), members: [heir.username] })).channel;
      const owners = async () =>
        (ok(await t.admin.get(`/api/v1/channels.roles?roomId=${handed._id}`)).roles as Array<{ u: { _id: string }; roles: string[] }>)
          .filter((holder) => holder.roles.includes('owner'))
          .map((holder) => holder.u._id)
          .sort();
      const soloRooms = async () => ok(await t.admin.get(`/api/v1/rooms.adminRooms?filter=${solo.name}`)).rooms.length as number;
      const exists = async () => (await t.admin.get('/api/v1/users.info', { userId: leaver.id })).status === 200;
      const refusal = {
        success: false,
        error: '[user-last-owner]',
        errorType: 'user-last-owner',
        details: { shouldChangeOwner: [handed.name], shouldBeRemoved: [solo.name] },
      };
      return { leaver, heir, owners, soloRooms, exists, refusal };
    };

    it('users.delete and DDP deleteUser: refused while the user alone owns rooms, handed over with confirmRelinquish', async () => {
      const { leaver, heir, owners, soloRooms, exists, refusal } = await leaverWithRooms('del');
      const refused = await t.admin.post('/api/v1/users.delete', { userId: leaver.id });
      expect({ status: refused.status, body: refused.body }).toEqual({ status: 400, body: refusal });
      expect((await callMethod(t.admin, 'deleteUser', [leaver.id])).error).toMatchObject({
        error: 'user-last-owner',
        details: refusal.details,
      });
      // The method's own refusals.
      expect((await callMethod(user.api, 'deleteUser', [leaver.id])).error).toMatchObject({
        error: 'error-not-allowed',
        reason: 'Not allowed',
      });
      expect((await callMethod(t.admin, 'deleteUser', ['nope'])).error).toMatchObject({
        error: 'error-invalid-user',
        reason: 'Invalid user to delete',
      });
      // Nothing changed.
      expect(await exists()).toBe(true);
      ok(await leaver.api.get('/api/v1/me'));
      expect(await owners()).toEqual([leaver.id]);
      expect(await soloRooms()).toBe(1);

      expect(await callMethod(t.admin, 'deleteUser', [leaver.id, true])).toMatchObject({ msg: 'result', result: true });
      expect(await exists()).toBe(false);
      expect(await owners()).toEqual([heir.id]);
      expect(await soloRooms()).toBe(0);

      const other = await leaverWithRooms('del-rest');
      ok(await t.admin.post('/api/v1/users.delete', { userId: other.leaver.id, confirmRelinquish: true }));
      expect(await other.exists()).toBe(false);
      expect(await other.owners()).toEqual([other.heir.id]);
    });

    it('users.deleteOwnAccount and DDP deleteUserOwnAccount: the same, with Accounts_AllowDeleteOwnAccount', async () => {
      const { leaver, heir, owners, soloRooms, exists, refusal } = await leaverWithRooms('own');
      const notAllowed = await leaver.api.post('/api/v1/users.deleteOwnAccount', { password: PASSWORD });
      expect({ status: notAllowed.status, error: notAllowed.body.error }).toEqual({
        status: 400,
        error: 'Not allowed [error-not-allowed]',
      });
      await withSettings({ Accounts_AllowDeleteOwnAccount: true }, async () => {
        const refused = await leaver.api.post('/api/v1/users.deleteOwnAccount', { password: PASSWORD });
        expect({ status: refused.status, body: refused.body }).toEqual({ status: 400, body: refusal });
        expect((await callMethod(leaver.api, 'deleteUserOwnAccount', [PASSWORD])).error).toMatchObject({
          error: 'user-last-owner',
          details: refusal.details,
        });
        expect(await exists()).toBe(true);
        expect(await owners()).toEqual([leaver.id]);
        expect(await soloRooms()).toBe(1);
        ok(await leaver.api.post('/api/v1/users.deleteOwnAccount', { password: PASSWORD, confirmRelinquish: true }));
      });
      expect(await exists()).toBe(false);
      expect(await owners()).toEqual([heir.id]);
      expect(await soloRooms()).toBe(0);
    });
  });
});
