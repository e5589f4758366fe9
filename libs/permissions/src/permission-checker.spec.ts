import { describe, expect, it } from '@jest/globals';
import type { InboundEvents } from '@rc/platform';
import { PermissionChecker } from './permission-checker.js';
import type { PermissionRolesSource, RoomRolesSource, UserRoles, UserRolesSource } from './permission-sources.js';
import { PermissionTable } from './permission-table.js';
import type { PermissionsConfig } from './permissions.env.js';
import { UserRolesCache } from './user-roles-cache.js';

const config: PermissionsConfig = { PERMISSIONS_REFRESH_SECONDS: 3600, USER_ROLES_CACHE_SECONDS: 10 };
const events = { subscribe: () => () => undefined } as unknown as InboundEvents;

/** The checker over in-memory sources: the permission table, users' roles and room roles. */
function checker(withRoomRoles = true) {
  const permissions: PermissionRolesSource = {
    findAll: () =>
      Promise.resolve([
        { _id: 'view-c-room', roles: ['user', 'admin'] },
        { _id: 'delete-message', roles: ['owner', 'admin'] },
        { _id: 'send-many-messages', roles: ['bot', 'admin'] },
      ]),
  };
  const users = new Map<string, UserRoles>([
    ['alice', { _id: 'alice', roles: ['user'], active: true }],
    ['gone', { _id: 'gone', roles: ['admin'], active: false }],
  ]);
  const userRoles: UserRolesSource = { findRolesById: (id) => Promise.resolve(users.get(id) ?? null) };
  const roomRoles: RoomRolesSource = { roomRolesOf: (rid, uid) => Promise.resolve(rid === 'R' && uid === 'alice' ? ['owner'] : null) };
  const table = new PermissionTable(permissions, events, config);
  const cache = new UserRolesCache(userRoles, events, config);
  return new PermissionChecker(table, cache, withRoomRoles ? roomRoles : undefined);
}

describe('PermissionChecker', () => {
  it('answers from global roles, and room roles when a room is given', async () => {
    const c = checker();
    expect(await c.check('alice', ['view-c-room'])).toBe(true);
    expect(await c.check('alice', ['delete-message'])).toBe(false);
    expect(await c.check('alice', ['delete-message'], 'all', 'R')).toBe(true);
    expect(await c.check('alice', ['delete-message'], 'all', 'other-room')).toBe(false);
  });

  it("needs every permission with 'all', one with 'any'", async () => {
    const c = checker();
    expect(await c.check('alice', ['view-c-room', 'send-many-messages'])).toBe(false);
    expect(await c.check('alice', ['view-c-room', 'send-many-messages'], 'any')).toBe(true);
    expect(await c.granted('alice', ['view-c-room', 'send-many-messages', 'view-c-room'])).toEqual(['view-c-room']);
  });

  it('grants nothing to a deactivated or unknown user, nor an unknown permission', async () => {
    const c = checker();
    expect(await c.check('gone', ['view-c-room'])).toBe(false);
    expect(await c.check('nobody', ['view-c-room'])).toBe(false);
    expect(await c.check('alice', ['no-such-permission'], 'any')).toBe(false);
    await expect(c.require('alice', 'delete-message')).rejects.toMatchObject({ code: 'error-unauthorized' });
  });

  it('refuses a room check where room roles cannot be read (the gateway)', async () => {
    await expect(checker(false).check('alice', ['delete-message'], 'all', 'R')).rejects.toThrow('database');
  });
});
