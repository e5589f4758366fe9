import { describe, expect, it } from '@jest/globals';
import type { ISubscription } from '@rc/contracts';
import { streamEvents } from './stream-event-builders.js';

const user = { _id: 'u1', username: 'bob', name: 'Bob', status: 'away' as const, statusText: 'lunch', roles: ['user'] };

describe("streamEvents (Rocket.Chat's payloads)", () => {
  it('user-status: [[uid, username, statusCode, statusText, name, roles]]', () => {
    expect(streamEvents.userStatus(user)).toEqual({ eventName: 'user-status', args: [['u1', 'bob', 2, 'lunch', 'Bob', ['user']]] });
  });

  it('user-presence: eventName is the user id, args [[username, statusCode, statusText]]', () => {
    expect(streamEvents.userPresence({ ...user, status: 'busy' })).toEqual({ eventName: 'u1', args: [['bob', 3, 'lunch']] });
  });

  it('userData tells the user their own status, unsetting an empty status text', () => {
    expect(streamEvents.userStatusData({ ...user, statusText: '' }).args).toEqual([
      { type: 'updated', id: 'u1', diff: { status: 'away' }, unset: { statusText: 1 } },
    ]);
  });

  it('a removed subscription carries only what identifies it', () => {
    const subscription = {
      _id: 's1',
      rid: 'r1',
      t: 'p',
      name: 'secret',
      u: { _id: 'u1', username: 'bob' },
      unread: 3,
    } as unknown as ISubscription;
    expect(streamEvents.subscriptionChanged('removed', subscription)).toEqual({
      eventName: 'u1/subscriptions-changed',
      args: ['removed', { _id: 's1', rid: 'r1', t: 'p', u: { _id: 'u1', username: 'bob' } }],
    });
    expect(streamEvents.subscriptionChanged('updated', subscription).args[1]).toBe(subscription);
  });

  it('settings are announced without their defaults or hidden flags', () => {
    const setting = { _id: 'Site_Name', value: 'Chat', public: true, packageValue: 'Rocket.Chat' } as never;
    expect(streamEvents.publicSettingChanged('updated', setting).args).toEqual(['updated', { _id: 'Site_Name', value: 'Chat' }]);
    expect(streamEvents.publicInfoSettingChanged('updated', setting).args).toEqual([
      ['public-settings-changed', ['updated', { _id: 'Site_Name', value: 'Chat' }]],
    ]);
  });

  it('roles and roles-change', () => {
    expect(streamEvents.roleChanged('changed', { _id: 'bot' })).toEqual({ eventName: 'roles', args: [{ type: 'changed', _id: 'bot' }] });
    expect(streamEvents.userRoleChanged('added', 'moderator', { _id: 'u1', username: 'bob' }, 'r1')).toEqual({
      eventName: 'roles-change',
      args: [{ type: 'added', _id: 'moderator', u: { _id: 'u1', username: 'bob' }, scope: 'r1' }],
    });
  });

  it('Users:Deleted: [{userId, messageErasureType, replaceByUser?}]', () => {
    expect(streamEvents.userDeleted('u1', { messageErasureType: 'Delete' })).toEqual({
      eventName: 'Users:Deleted',
      args: [{ userId: 'u1', messageErasureType: 'Delete' }],
    });
    const replaceByUser = { _id: 'rocket.cat', username: 'rocket.cat', alias: 'Removed User' };
    expect(streamEvents.userDeleted('u1', { messageErasureType: 'Unlink', replaceByUser }).args).toEqual([
      { userId: 'u1', messageErasureType: 'Unlink', replaceByUser },
    ]);
  });
});
