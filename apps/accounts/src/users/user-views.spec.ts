import { describe, expect, it } from '@jest/globals';
import type { IUser } from '@rc/contracts';
import { toFullView, toLimitedView, toUserInfo } from './user-views.js';

const user: IUser = {
  _id: 'u1',
  createdAt: new Date(0),
  _updatedAt: new Date(0),
  username: 'ada',
  name: 'Ada',
  emails: [{ address: 'ada@example.test', verified: true }],
  roles: ['user'],
  type: 'user',
  active: true,
  status: 'online',
  lastLogin: new Date(0),
  services: { password: { bcrypt: '$2b$10$hash' }, resume: { loginTokens: [{ when: new Date(0), hashedToken: 'h' }] } },
};

describe('user views', () => {
  it('shows others only the public fields, never secrets', () => {
    const view = toUserInfo(user, { canViewAllInfo: false, myself: false });
    expect(view).toEqual({ _id: 'u1', username: 'ada', name: 'Ada', type: 'user', active: true, status: 'online', canViewAllInfo: false });
  });

  it('shows a privileged caller e-mails and roles, still without services', () => {
    const view = toUserInfo(user, { canViewAllInfo: true, myself: false });
    expect(view).toMatchObject({ emails: user.emails, roles: ['user'], lastLogin: new Date(0), canViewAllInfo: true });
    expect(view.services).toBeUndefined();
  });

  it('tells the user themselves only that a password is set', () => {
    const view = toUserInfo(user, { canViewAllInfo: true, myself: true });
    expect(view.services).toEqual({ password: true });
    expect(JSON.stringify(view)).not.toMatch(/hash|bcrypt/);
    expect(JSON.stringify(toFullView(user))).not.toMatch(/hash|bcrypt|services/);
  });

  it("answers an unprivileged caller without Rocket.Chat's limited user fields (users.register)", () => {
    const view = toLimitedView({ ...user, utcOffset: 2, settings: { preferences: {} }, inactiveReason: 'pending_approval' });
    expect(view).toEqual({
      _id: 'u1',
      username: 'ada',
      name: 'Ada',
      type: 'user',
      active: true,
      status: 'online',
      utcOffset: 2,
      inactiveReason: 'pending_approval',
    });
  });
});
