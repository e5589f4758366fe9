import { describe, expect, it } from '@jest/globals';
import { DomainError, type Actor, type Caller, type Params, type RpcContract } from '@rc/contracts';
import { ddpBindings, restBindings } from './bound-contracts.js';

/**
 * Every contract bound to both REST and DDP must treat the same input the same way: the two faces' mappings,
 * fed equivalent input, yield requests that the contract's schema accepts alike (the same request) or refuses
 * alike (the same fields at fault, hence the same error id on both faces). A new dual-bound contract without
 * a row here fails the coverage test.
 */
interface Case {
  name: string;
  rest: { path?: string; body?: Params; query?: Params; params?: Record<string, string> };
  ddp: unknown[];
}

const actor: Actor = { userId: 'u1', username: 'alice' };
const caller: Caller = { connectionId: 'c1', clientAddress: '127.0.0.1', authToken: 'token-1' };
const message = { _id: 'm1', rid: 'r1', msg: 'hello' };
const incoming = { type: 'webhook-incoming', name: 'ci', enabled: true, username: 'rocket.cat', channel: '#general', scriptEnabled: false };

const CASES: Record<string, Case[]> = {
  'omnichannel.agent.status': [
    { name: 'a status', rest: { body: { status: 'available' } }, ddp: [{ status: 'available' }] },
    {
      name: "another agent's",
      rest: { body: { status: 'not-available', agentId: 'a2' } },
      ddp: [{ status: 'not-available', agentId: 'a2' }],
    },
    { name: 'no status (a toggle)', rest: { body: {} }, ddp: [] },
    { name: 'an unknown status', rest: { body: { status: 'busy' } }, ddp: [{ status: 'busy' }] },
  ],
  'omnichannel.businessHours.save': [
    {
      name: "the administration's form",
      rest: { body: { timezone: 'UTC', workHours: [{ day: 'Monday', start: '08:00', finish: '18:00', open: true }] } },
      ddp: [{ timezone: 'UTC', workHours: [{ day: 'Monday', start: '08:00', finish: '18:00', open: true }] }],
    },
    {
      name: 'a day that does not exist',
      rest: { body: { workHours: [{ day: 'Funday', start: '08:00', finish: '18:00', open: true }] } },
      ddp: [{ workHours: [{ day: 'Funday', start: '08:00', finish: '18:00', open: true }] }],
    },
    { name: 'no work hours', rest: { body: {} }, ddp: [] },
  ],
  'omnichannel.inquiries.take': [
    { name: 'an inquiry', rest: { body: { inquiryId: 'i1' } }, ddp: ['i1'] },
    { name: 'no inquiry', rest: { body: {} }, ddp: [] },
    { name: 'an operator object', rest: { body: { inquiryId: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'search.spotlight': [
    { name: 'a text', rest: { query: { query: 'al' } }, ddp: ['al', null, { users: true, rooms: true }] },
    { name: 'no text', rest: { query: {} }, ddp: [undefined] },
    { name: 'an operator object', rest: { query: { query: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'accounts.totp.enable': [{ name: 'no arguments', rest: { body: {} }, ddp: [] }],
  'accounts.totp.validate': [
    { name: 'a code', rest: { body: { code: '123456' } }, ddp: ['123456'] },
    { name: 'no code', rest: { body: {} }, ddp: [] },
    { name: 'an operator object', rest: { body: { code: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'accounts.totp.disable': [
    { name: 'a code', rest: { body: { code: '123456' } }, ddp: ['123456'] },
    { name: 'a number', rest: { body: { code: 123456 } }, ddp: [123456] },
  ],
  'accounts.totp.regenerateCodes': [
    { name: 'a backup code', rest: { body: { code: 'abcdEFGH' } }, ddp: ['abcdEFGH'] },
    { name: 'no code', rest: { body: {} }, ddp: [] },
  ],
  'accounts.totp.codesRemaining': [{ name: 'no arguments', rest: { query: {} }, ddp: [] }],
  'settings.addCustomOAuth': [
    { name: 'a name', rest: { body: { name: 'Keycloak' } }, ddp: ['Keycloak'] },
    { name: 'no name', rest: { body: {} }, ddp: [] },
    { name: 'an operator object', rest: { body: { name: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  // No address differs by design: REST answers the route's `The 'email' param is required` (its own check), DDP the
  // schema's refusal; tested end to end in test/compat/rocket-chat-errors.e2e-spec.ts.
  'accounts.forgotPassword': [
    { name: 'an address', rest: { body: { email: 'a@example.com' } }, ddp: ['a@example.com'] },
    { name: 'an operator object', rest: { body: { email: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'accounts.sendConfirmationEmail': [
    { name: 'an address', rest: { body: { email: 'a@example.com' } }, ddp: ['a@example.com'] },
    { name: 'a number', rest: { body: { email: 5 } }, ddp: [5] },
  ],
  'accounts.ldap.testConnection': [{ name: 'no arguments', rest: { body: {} }, ddp: [] }],
  'uploads.confirm': [
    {
      name: 'a file message with a thread and a description',
      rest: { params: { rid: 'r1', fileId: 'f1' }, body: { msg: 'look', tmid: 't1', description: 'a cat' } },
      ddp: ['r1', 'GridFS:Uploads', { _id: 'f1', description: 'a cat' }, { msg: 'look', tmid: 't1' }],
    },
    {
      name: 'custom fields (JSON text on REST, an object on DDP)',
      rest: { params: { rid: 'r1', fileId: 'f1' }, body: { customFields: '{"a":1}' } },
      ddp: ['r1', 'GridFS:Uploads', { _id: 'f1' }, { customFields: { a: 1 } }],
    },
    { name: 'no file', rest: { params: { rid: 'r1' }, body: {} }, ddp: ['r1', 'GridFS:Uploads'] },
  ],
  'rooms.saveSettings': [
    {
      name: 'a room avatar',
      rest: { path: 'rooms.saveRoomSettings', body: { rid: 'r1', roomAvatar: 'data:image/png;base64,AAAA' } },
      ddp: ['r1', 'roomAvatar', 'data:image/png;base64,AAAA'],
    },
    {
      name: 'several settings at once',
      rest: { path: 'rooms.saveRoomSettings', body: { rid: 'r1', roomTopic: 'news', readOnly: true } },
      ddp: ['r1', { roomTopic: 'news', readOnly: true }],
    },
    { name: 'nothing to change', rest: { path: 'rooms.saveRoomSettings', body: { rid: 'r1' } }, ddp: ['r1', {}] },
    {
      name: 'a room type, a join code and custom fields',
      rest: { path: 'rooms.saveRoomSettings', body: { rid: 'r1', roomType: 'p', joinCode: 'abc', roomCustomFields: { team: 'a' } } },
      ddp: ['r1', { roomType: 'p', joinCode: 'abc', roomCustomFields: { team: 'a' } }],
    },
    {
      name: 'custom fields with an operator key',
      rest: { path: 'rooms.saveRoomSettings', body: { rid: 'r1', roomCustomFields: { $where: 'x' } } },
      ddp: ['r1', 'roomCustomFields', { $where: 'x' }],
    },
    {
      name: 'retention, reactions when read-only, hidden system messages, encryption',
      rest: {
        path: 'rooms.saveRoomSettings',
        body: { rid: 'r1', retentionEnabled: true, retentionMaxAge: 3, reactWhenReadOnly: true, systemMessages: ['uj'], encrypted: true },
      },
      ddp: ['r1', { retentionEnabled: true, retentionMaxAge: 3, reactWhenReadOnly: true, systemMessages: ['uj'], encrypted: true }],
    },
    // An unknown setting is refused by both faces in different words (REST: the strict-route table's
    // `invalid-params`; the method: `error-invalid-settings`), as Rocket.Chat does: client-daily-path.e2e checks both.
  ],
  'rooms.userMentions': [
    {
      name: 'a page, sorted',
      rest: { query: { roomId: 'r1', offset: '5', count: '10', sort: '{"ts":-1}' } },
      ddp: [{ roomId: 'r1', options: { skip: 5, limit: 10, sort: { ts: -1 } } }],
    },
    { name: 'no room', rest: { query: {} }, ddp: [{}] },
    { name: 'an operator object', rest: { query: { roomId: { $ne: null } } }, ddp: [{ roomId: { $ne: null } }] },
  ],
  'rooms.cleanHistory': [
    {
      name: 'every option given',
      rest: {
        body: {
          roomId: 'r1',
          latest: '2016-12-09T13:42:25.304Z',
          oldest: '2016-08-30T13:42:25.304Z',
          inclusive: true,
          limit: 10,
          excludePinned: true,
          filesOnly: false,
          ignoreDiscussion: true,
          ignoreThreads: false,
          users: ['bob'],
        },
      },
      ddp: [
        {
          roomId: 'r1',
          latest: new Date('2016-12-09T13:42:25.304Z'),
          oldest: new Date('2016-08-30T13:42:25.304Z'),
          inclusive: true,
          limit: 10,
          excludePinned: true,
          filesOnly: false,
          ignoreDiscussion: true,
          ignoreThreads: false,
          fromUsers: ['bob'],
        },
      ],
    },
    {
      name: 'no dates',
      rest: { body: { roomId: 'r1', inclusive: true, ignoreDiscussion: true, ignoreThreads: true } },
      ddp: [{ roomId: 'r1' }],
    },
    {
      name: 'an operator object',
      rest: { body: { roomId: { $ne: null }, latest: '2016-12-09T13:42:25.304Z', oldest: '2016-08-30T13:42:25.304Z' } },
      ddp: [{ roomId: { $ne: null }, latest: new Date('2016-12-09T13:42:25.304Z'), oldest: new Date('2016-08-30T13:42:25.304Z') }],
    },
  ],
  'avatars.reset': [
    { name: 'another user', rest: { body: { userId: 'u2' } }, ddp: ['u2'] },
    { name: 'oneself', rest: { body: {} }, ddp: [] },
    { name: 'an operator object', rest: { body: { userId: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'accounts.removeOtherTokens': [{ name: 'the caller keeps their own token', rest: { body: {} }, ddp: [] }],
  // No password, or not a string, differs by design: REST answers Rocket.Chat's `Body parameter "password" is
  // required.` (or the schema's refusal), DDP the method's `check()`, `Match failed`; both are tested end to end
  // in test/compat/rocket-chat-errors.e2e-spec.ts.
  'accounts.deleteOwnAccount': [
    { name: 'the password', rest: { body: { password: 'digest' } }, ddp: ['digest'] },
    { name: 'relinquishing rooms', rest: { body: { password: 'digest', confirmRelinquish: true } }, ddp: ['digest', true] },
  ],
  // No token name differs by design (the three token routes): REST answers the routes' own `The 'tokenName' param
  // is required`, DDP the schema's refusal; tested end to end in test/compat/rocket-chat-errors.e2e-spec.ts.
  'accounts.generatePersonalAccessToken': [
    { name: 'a name', rest: { body: { tokenName: 'ci' } }, ddp: [{ tokenName: 'ci' }] },
    {
      name: 'bypassing two-factor',
      rest: { body: { tokenName: 'ci', bypassTwoFactor: true } },
      ddp: [{ tokenName: 'ci', bypassTwoFactor: true }],
    },
    { name: 'an operator object', rest: { body: { tokenName: { $ne: null } } }, ddp: [{ tokenName: { $ne: null } }] },
  ],
  'accounts.regeneratePersonalAccessToken': [
    { name: 'a name', rest: { body: { tokenName: 'ci' } }, ddp: [{ tokenName: 'ci' }] },
    { name: 'a number', rest: { body: { tokenName: 5 } }, ddp: [{ tokenName: 5 }] },
  ],
  'accounts.removePersonalAccessToken': [{ name: 'a name', rest: { body: { tokenName: 'ci' } }, ddp: [{ tokenName: 'ci' }] }],
  'accounts.updateOwnBasicInfo': [
    // Rocket.Chat's saveUserProfile names the display name `realname`.
    { name: 'a new name', rest: { body: { data: { name: 'Alice A.' } } }, ddp: [{ realname: 'Alice A.' }] },
    {
      name: 'a new password with custom fields',
      rest: { body: { data: { newPassword: 'New-pass-1' }, customFields: { team: 'a' } } },
      ddp: [{ newPassword: 'New-pass-1' }, { team: 'a' }],
    },
    { name: 'an e-mail of the wrong type', rest: { body: { data: { email: 5 } } }, ddp: [{ email: 5 }] },
  ],
  'messages.send': [
    { name: 'a message', rest: { body: { message } }, ddp: [message] },
    { name: 'with preview urls', rest: { body: { message, previewUrls: ['https://x.test'] } }, ddp: [message, ['https://x.test']] },
    {
      name: 'keys the server does not take are dropped',
      rest: { body: { message: { ...message, t: 'x', ts: 1 } } },
      ddp: [{ ...message, t: 'x', ts: 1 }],
    },
    { name: 'no room', rest: { body: { message: { msg: 'hi' } } }, ddp: [{ msg: 'hi' }] },
    { name: 'an operator object for the room', rest: { body: { message: { rid: { $ne: null } } } }, ddp: [{ rid: { $ne: null } }] },
    { name: 'not an object', rest: { body: { message: 'hi' } }, ddp: ['hi'] },
  ],
  'messages.update': [
    { name: 'new text', rest: { body: { roomId: 'r1', msgId: 'm1', text: 'edited' } }, ddp: [{ _id: 'm1', rid: 'r1', msg: 'edited' }] },
    { name: 'no message id', rest: { body: { roomId: 'r1', text: 'edited' } }, ddp: [{ rid: 'r1', msg: 'edited' }] },
    { name: 'text of the wrong type', rest: { body: { msgId: 'm1', text: 5 } }, ddp: [{ _id: 'm1', msg: 5 }] },
  ],
  'messages.delete': [
    { name: 'a message', rest: { body: { msgId: 'm1' } }, ddp: [{ _id: 'm1' }] },
    { name: 'no message id', rest: { body: {} }, ddp: [{}] },
    { name: 'an operator object', rest: { body: { msgId: { $gt: '' } } }, ddp: [{ _id: { $gt: '' } }] },
  ],
  'messages.react': [
    { name: 'toggle', rest: { body: { messageId: 'm1', emoji: ':smile:' } }, ddp: [':smile:', 'm1'] },
    { name: 'forced on', rest: { body: { messageId: 'm1', emoji: ':smile:', shouldReact: true } }, ddp: [':smile:', 'm1', true] },
    { name: 'no emoji', rest: { body: { messageId: 'm1' } }, ddp: [undefined, 'm1'] },
    { name: 'a number for the message', rest: { body: { messageId: 1, emoji: ':x:' } }, ddp: [':x:', 1] },
  ],
  'rooms.createDirect': [
    { name: 'one user', rest: { path: 'im.create', body: { username: 'bob' } }, ddp: ['bob'] },
    { name: 'several users', rest: { path: 'im.create', body: { usernames: 'bob,carol' } }, ddp: ['bob', 'carol'] },
    { name: 'nobody', rest: { path: 'im.create', body: { usernames: [] } }, ddp: [] },
    { name: 'a number for a user', rest: { path: 'im.create', body: { usernames: [5] } }, ddp: [5] },
  ],
  'rooms.join': [
    { name: 'by id', rest: { body: { roomId: 'r1' } }, ddp: ['r1'] },
    { name: 'with a join code', rest: { body: { roomId: 'r1', joinCode: 'secret' } }, ddp: ['r1', 'secret'] },
    { name: 'an operator object', rest: { body: { roomId: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'accounts.registerUser': [
    {
      name: 'the form',
      rest: { body: { username: 'bob', email: 'bob@example.com', pass: 'b-Secret-1', name: 'Bob' } },
      ddp: [{ username: 'bob', email: 'bob@example.com', pass: 'b-Secret-1', name: 'Bob' }],
    },
    {
      name: 'with the registration secret',
      rest: { body: { username: 'bob', email: 'bob@example.com', pass: 'b-Secret-1', secret: 's3' } },
      ddp: [{ username: 'bob', email: 'bob@example.com', pass: 'b-Secret-1', secretURL: 's3' }],
    },
    { name: 'no form', rest: { body: {} }, ddp: ['bob'] },
    {
      name: 'a number for the e-mail',
      rest: { body: { username: 'bob', email: 5, pass: 'x' } },
      ddp: [{ username: 'bob', email: 5, pass: 'x' }],
    },
  ],
  'rooms.leave': [
    { name: 'by id', rest: { path: 'channels.leave', body: { roomId: 'r1' } }, ddp: ['r1'] },
    { name: 'a number', rest: { path: 'channels.leave', body: { roomId: 7 } }, ddp: [7] },
  ],
  'rooms.archive': [
    { name: 'by id', rest: { path: 'channels.archive', body: { roomId: 'r1' } }, ddp: ['r1'] },
    {
      name: "the web client's toggle",
      rest: { path: 'rooms.changeArchivationState', body: { rid: 'r1', action: 'archive' } },
      ddp: ['r1'],
    },
    {
      name: 'an operator object',
      rest: { path: 'rooms.changeArchivationState', body: { rid: { $ne: null }, action: 'archive' } },
      ddp: [{ $ne: null }],
    },
  ],
  'rooms.invite': [
    {
      name: 'by username',
      rest: { path: 'channels.invite', body: { roomId: 'r1', usernames: ['bob', 'carol'] } },
      ddp: [{ rid: 'r1', users: ['bob', 'carol'] }],
    },
    { name: 'nobody', rest: { path: 'channels.invite', body: { roomId: 'r1' } }, ddp: [{ rid: 'r1' }] },
    {
      name: 'an operator object',
      rest: { path: 'channels.invite', body: { roomId: { $ne: null }, usernames: ['bob'] } },
      ddp: [{ rid: { $ne: null }, users: ['bob'] }],
    },
  ],
  'subscriptions.showInSidebar': [
    { name: 'a room', rest: { body: { roomId: 'r1' } }, ddp: ['r1'] },
    { name: 'no room', rest: { body: {} }, ddp: [] },
    { name: 'an operator object', rest: { body: { roomId: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'rooms.get': [
    { name: 'everything', rest: { query: {} }, ddp: [] },
    { name: 'since a date', rest: { query: { updatedSince: '2026-01-02T03:04:05.000Z' } }, ddp: [new Date('2026-01-02T03:04:05.000Z')] },
  ],
  'subscriptions.get': [
    { name: 'everything', rest: { query: {} }, ddp: [] },
    { name: 'since a date', rest: { query: { updatedSince: '2026-01-02T03:04:05.000Z' } }, ddp: [new Date('2026-01-02T03:04:05.000Z')] },
  ],
  // A bad date differs by design (rooms.get, subscriptions.get, authorization.listPermissions): REST answers the
  // route's own error from the mapping (`error-updatedSince-param-invalid`, subscriptions.get's
  // `error-roomId-param-invalid`), DDP a schema refusal (Rocket.Chat's `Match.Maybe(Date)`); both are tested end to
  // end in test/compat/rocket-chat-errors.e2e-spec.ts.
  'authorization.listPermissions': [
    { name: 'everything', rest: { query: {} }, ddp: [] },
    { name: 'everything (null over DDP)', rest: { query: { updatedSince: '' } }, ddp: [null] },
    { name: 'since a date', rest: { query: { updatedSince: '2026-01-02T03:04:05.000Z' } }, ddp: [new Date('2026-01-02T03:04:05.000Z')] },
  ],
  'authorization.usersInPublicRoles': [{ name: 'no parameters', rest: { query: {} }, ddp: [] }],
  'messages.get': [
    { name: 'a message', rest: { query: { msgId: 'm1' } }, ddp: ['m1'] },
    { name: 'an operator object', rest: { query: { msgId: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'rooms.roles': [
    { name: 'a room', rest: { path: 'groups.roles', query: { roomId: 'r1' } }, ddp: ['r1'] },
    { name: 'an operator object', rest: { query: { roomId: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'core.dataExport.request': [
    { name: 'the HTML export', rest: { query: {} }, ddp: [{}] },
    { name: 'the full export', rest: { query: { fullExport: 'true' } }, ddp: [{ fullExport: true }] },
  ],
  'subscriptions.favorite': [
    { name: 'starred', rest: { body: { roomId: 'r1', favorite: true } }, ddp: ['r1', true] },
    { name: 'unstarred', rest: { body: { roomId: 'r1', favorite: false } }, ddp: ['r1', false] },
    { name: 'a string for the flag', rest: { body: { roomId: 'r1', favorite: 'yes' } }, ddp: ['r1', 'yes'] },
  ],
  'emojiCustom.list': [{ name: 'everything', rest: { query: {} }, ddp: [] }],
  'emojiCustom.delete': [
    { name: 'an emoji', rest: { body: { emojiId: 'e1' } }, ddp: ['e1'] },
    { name: 'no id', rest: { body: {} }, ddp: [] },
    { name: 'an operator object', rest: { body: { emojiId: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'subscriptions.ignoreUser': [
    { name: 'ignore', rest: { query: { rid: 'r1', userId: 'u2', ignore: 'true' } }, ddp: [{ rid: 'r1', userId: 'u2', ignore: true }] },
    {
      name: 'show again',
      rest: { query: { rid: 'r1', userId: 'u2', ignore: 'false' } },
      ddp: [{ rid: 'r1', userId: 'u2', ignore: false }],
    },
    { name: 'no user', rest: { query: { rid: 'r1' } }, ddp: [{ rid: 'r1' }] },
  ],
  'subscriptions.unread': [
    { name: 'a room', rest: { body: { roomId: 'r1' } }, ddp: [null, 'r1'] },
    { name: 'from a message', rest: { body: { firstUnreadMessage: { _id: 'm1' } } }, ddp: [{ _id: 'm1' }] },
    { name: 'an operator object', rest: { body: { roomId: { $ne: null } } }, ddp: [null, { $ne: null }] },
  ],
  'subscriptions.read': [
    { name: 'a room', rest: { body: { rid: 'r1' } }, ddp: ['r1'] },
    { name: 'with its threads', rest: { body: { rid: 'r1', readThreads: true } }, ddp: ['r1', true] },
    { name: 'an operator object', rest: { body: { rid: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'subscriptions.saveNotificationSettings': [
    {
      name: 'one field',
      rest: { body: { roomId: 'r1', notifications: { mobilePushNotifications: 'nothing' } } },
      ddp: ['r1', 'mobilePushNotifications', 'nothing'],
    },
    { name: 'a flag', rest: { body: { roomId: 'r1', notifications: { muteGroupMentions: '1' } } }, ddp: ['r1', 'muteGroupMentions', '1'] },
    { name: 'an operator object', rest: { body: { roomId: { $ne: null }, notifications: { a: 'b' } } }, ddp: [{ $ne: null }, 'a', 'b'] },
  ],
  'push.tokenSave': [
    {
      name: 'a device',
      rest: { body: { id: 'd1', type: 'gcm', value: 'tok', appName: 'chat.rocket.android' } },
      ddp: [{ id: 'd1', token: { gcm: 'tok' }, appName: 'chat.rocket.android', userId: 'u1' }],
    },
    { name: 'no token', rest: { body: { id: 'd1', appName: 'a' } }, ddp: [{ id: 'd1', appName: 'a' }] },
  ],
  'push.test': [{ name: 'the caller', rest: { body: {} }, ddp: [] }],
  'accounts.setPreferences': [
    {
      name: 'push preferences',
      rest: { body: { data: { pushNotifications: 'mentions', highlights: ['deploy'] } } },
      ddp: [{ pushNotifications: 'mentions', highlights: ['deploy'] }],
    },
    { name: 'an unknown preference', rest: { body: { data: { secret: 1 } } }, ddp: [{ secret: 1 }] },
  ],
  'customUserStatus.save': [
    { name: 'a new status', rest: { body: { name: 'Lunch', statusType: 'away' } }, ddp: [{ name: 'Lunch', statusType: 'away' }] },
    { name: 'no type', rest: { body: { name: 'Lunch' } }, ddp: [{ name: 'Lunch' }] },
    { name: 'no name', rest: { body: {} }, ddp: [{}] },
    { name: 'an operator object', rest: { body: { name: { $ne: null } } }, ddp: [{ name: { $ne: null } }] },
  ],
  'customUserStatus.delete': [
    { name: 'a status', rest: { body: { customUserStatusId: 's1' } }, ddp: ['s1'] },
    { name: 'no id', rest: { body: {} }, ddp: [] },
    { name: 'an operator object', rest: { body: { customUserStatusId: { $ne: null } } }, ddp: [{ $ne: null }] },
  ],
  'rooms.muteUser': [
    { name: 'a member', rest: { body: { roomId: 'r1', username: 'bob' } }, ddp: [{ rid: 'r1', username: 'bob' }] },
    { name: 'no room', rest: { body: { username: 'bob' } }, ddp: [{ username: 'bob' }] },
    {
      name: 'an operator object',
      rest: { body: { roomId: 'r1', username: { $ne: null } } },
      ddp: [{ rid: 'r1', username: { $ne: null } }],
    },
  ],
  'commands.run': [
    {
      name: 'a command in a room',
      rest: { body: { command: 'join', params: '#general', roomId: 'r1' } },
      ddp: [{ cmd: 'join', params: '#general', msg: { rid: 'r1' } }],
    },
    {
      name: 'in a thread, with a trigger id',
      rest: { body: { command: 'me', params: 'waves', roomId: 'r1', tmid: 'm1', triggerId: 't1' } },
      ddp: [{ cmd: 'me', params: 'waves', msg: { rid: 'r1', tmid: 'm1' }, triggerId: 't1' }],
    },
    { name: 'no parameters', rest: { body: { command: 'leave', roomId: 'r1' } }, ddp: [{ cmd: 'leave', msg: { rid: 'r1' } }] },
    { name: 'no room', rest: { body: { command: 'leave' } }, ddp: [{ cmd: 'leave' }] },
    {
      name: 'an operator object',
      rest: { body: { command: { $ne: null }, roomId: 'r1' } },
      ddp: [{ cmd: { $ne: null }, msg: { rid: 'r1' } }],
    },
  ],
  'commands.preview': [
    {
      name: 'previews in a room',
      rest: { query: { command: 'giphy', params: 'cat', roomId: 'r1' } },
      ddp: [{ cmd: 'giphy', params: 'cat', msg: { rid: 'r1' } }],
    },
    { name: 'no room', rest: { query: { command: 'giphy' } }, ddp: [{ cmd: 'giphy' }] },
  ],
  'commands.executePreview': [
    {
      name: 'an item',
      rest: {
        body: { command: 'giphy', params: 'cat', roomId: 'r1', previewItem: { id: 'i1', type: 'image', value: 'https://x.test/c.gif' } },
      },
      ddp: [
        { cmd: 'giphy', params: 'cat', msg: { rid: 'r1' } },
        { id: 'i1', type: 'image', value: 'https://x.test/c.gif' },
      ],
    },
    { name: 'no item', rest: { body: { command: 'giphy', roomId: 'r1' } }, ddp: [{ cmd: 'giphy', msg: { rid: 'r1' } }] },
  ],
  // The REST face takes `type` from the body; the first DDP face (`add/update/deleteIncomingIntegration`) is typed incoming.
  'integrations.create': [
    { name: 'an incoming webhook', rest: { body: incoming }, ddp: [incoming] },
    { name: 'no channel', rest: { body: { ...incoming, channel: undefined } }, ddp: [{ ...incoming, channel: undefined }] },
    {
      name: 'an operator object as name',
      rest: { body: { ...incoming, name: { $ne: null } } },
      ddp: [{ ...incoming, name: { $ne: null } }],
    },
  ],
  'integrations.update': [
    { name: 'an incoming webhook', rest: { body: { ...incoming, integrationId: 'i1' } }, ddp: ['i1', incoming] },
    {
      name: 'enabled as a string',
      rest: { body: { ...incoming, integrationId: 'i1', enabled: 'yes' } },
      ddp: ['i1', { ...incoming, enabled: 'yes' }],
    },
  ],
  // A missing `prid`, `t_name`, `messageId` or `description` differs by design: REST answers Rocket.Chat's
  // sentence from the mapping (`Body parameter "prid" is required.`), DDP the method's own refusal; both are
  // tested end to end in test/core/discussions-moderation.e2e-spec.ts.
  'discussions.create': [
    {
      name: 'a discussion of a message, with a reply and a member',
      rest: { body: { prid: 'r1', pmid: 'm1', t_name: 'talk', reply: 'hi', users: ['bob'] } },
      ddp: [{ prid: 'r1', pmid: 'm1', t_name: 'talk', reply: 'hi', users: ['bob'] }],
    },
    {
      name: 'an operator object for the name',
      rest: { body: { prid: 'r1', t_name: { $ne: null } } },
      ddp: [{ prid: 'r1', t_name: { $ne: null } }],
    },
  ],
  'moderation.reportMessage': [
    { name: 'a report', rest: { body: { messageId: 'm1', description: 'spam' } }, ddp: ['m1', 'spam'] },
    { name: 'an operator object', rest: { body: { messageId: { $ne: null }, description: 'spam' } }, ddp: [{ $ne: null }, 'spam'] },
  ],
  'accounts.usernameSuggestion': [{ name: 'no arguments', rest: { query: {} }, ddp: [] }],
  'accounts.deleteUser': [
    { name: 'a user, rooms handed over', rest: { body: { userId: 'u2', confirmRelinquish: true } }, ddp: ['u2', true] },
    { name: 'an empty id', rest: { body: { userId: '' } }, ddp: [''] },
  ],
  'integrations.remove': [
    { name: 'an incoming webhook', rest: { body: { type: 'webhook-incoming', integrationId: 'i1' } }, ddp: ['i1'] },
    { name: 'an id of the wrong type', rest: { body: { type: 'webhook-incoming', integrationId: 5 } }, ddp: [5] },
  ],
};

/**
 * A REST family route (`channels.leave`) also names the room type it serves, and `rooms.favorite` that it finds the
 * room as Rocket.Chat's rooms API does (`roomsApi`); DDP methods take any room by id.
 */
function withoutFamily(request: unknown): unknown {
  if (typeof request !== 'object' || request === null) return request;
  const { t: _family, roomsApi: _roomsApi, ...rest } = request as Params;
  return withoutChecker(rest);
}

/**
 * `checkedBy` (`messages.update`, …) and `face` (`messages.send`) name the face (`route` / `method`, `rest` /
 * `ddp`): how refusals are answered, not what is asked.
 */
function withoutChecker(request: unknown): unknown {
  if (typeof request !== 'object' || request === null) return request;
  const { checkedBy: _checkedBy, face: _face, ...rest } = request as Params;
  return rest;
}

type Outcome = { accepted: true; request: unknown } | { accepted: false; fault: string[] };

/** What the serving side makes of a mapping: the parsed request, or the fields at fault. */
function outcome(contract: RpcContract, map: () => unknown): Outcome {
  let mapped: unknown;
  try {
    mapped = map();
  } catch (error) {
    if (error instanceof DomainError) return { accepted: false, fault: [error.code] };
    throw error;
  }
  const parsed = contract.request.safeParse(mapped);
  if (parsed.success) return { accepted: true, request: parsed.data };
  return { accepted: false, fault: [...new Set(parsed.error.issues.map((issue) => issue.path.join('.')))].sort() };
}

const dualBound = [...new Set(ddpBindings.map((binding) => binding.contract))].filter((contract) =>
  restBindings.some((binding) => binding.contract === contract),
);

describe('contracts bound to REST and DDP', () => {
  it('each has cases here', () => {
    expect(dualBound.map((contract) => contract.subject).sort()).toEqual(Object.keys(CASES).sort());
  });

  describe.each(dualBound.map((contract) => [contract.subject, contract] as const))('%s', (subject, contract) => {
    const rest = restBindings.find((binding) => binding.contract === contract)!;
    const ddp = ddpBindings.find((binding) => binding.contract === contract)!;

    it.each((CASES[subject] ?? []).map((c) => [c.name, c] as const))('%s: both faces agree', (_name, { rest: input, ddp: args }) => {
      // A case may name the REST route to compare with (a contract with several REST faces: `rooms.saveRoomSettings`).
      const face = restBindings.find((binding) => binding.contract === contract && binding.path === input.path) ?? rest;
      const viaRest = outcome(contract, () =>
        withoutFamily(
          face.request({
            path: input.path ?? face.path,
            body: input.body ?? {},
            query: input.query ?? {},
            params: input.params ?? {},
            caller,
            actor,
          }),
        ),
      );
      const viaDdp = outcome(contract, () => withoutChecker(ddp.request(args, { ...caller, actor })));
      expect(viaDdp).toEqual(viaRest);
    });
  });
});
