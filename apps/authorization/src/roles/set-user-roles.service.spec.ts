import { describe, expect, it } from '@jest/globals';
import type { IUser } from '@rc/contracts';
import type { RolesRepository, UsersRepository } from '@rc/models';
import type { PermissionChecker } from '@rc/permissions';
import type { AuthorizationChanges } from '../changes/authorization-changes.js';
import { SetUserRolesService } from './set-user-roles.service.js';

const KNOWN_ROLES = ['admin', 'user', 'bot', 'auditor'];

/** The service over in-memory users and roles, an actor holding `granted`, and the announcements it made. */
function service(granted: string[], admins = 2) {
  const users = new Map<string, Pick<IUser, '_id' | 'username' | 'roles'>>([['u1', { _id: 'u1', username: 'bob', roles: ['user'] }]]);
  const writes: string[] = [];
  const announced: Array<{ added: string[]; removed: string[] }> = [];
  const usersRepo = {
    findById: (id: string) => Promise.resolve(users.get(id) ?? null),
    countWithRole: () => Promise.resolve(admins),
    addRoles: (id: string, roles: string[]) => Promise.resolve(void writes.push(`add ${roles.join(',')}`)),
    removeRoles: (id: string, roles: string[]) => Promise.resolve(void writes.push(`remove ${roles.join(',')}`)),
  } as unknown as UsersRepository;
  const roles = {
    existingIds: (ids: string[]) => Promise.resolve(new Set(ids.filter((id) => KNOWN_ROLES.includes(id)))),
  } as unknown as RolesRepository;
  const checker = { granted: (_: string, asked: string[]) => Promise.resolve(asked.filter((p) => granted.includes(p))) };
  const changes = {
    userRolesReplaced: (_: unknown, added: string[], removed: string[]) => Promise.resolve(void announced.push({ added, removed })),
  };
  const subject = new SetUserRolesService(
    roles,
    usersRepo,
    checker as unknown as PermissionChecker,
    changes as unknown as AuthorizationChanges,
  );
  const actor = { userId: 'admin', username: 'admin' };
  return { set: (roles: string[], userId = 'u1') => subject.setUserRoles(actor, userId, roles), writes, announced, users };
}

describe('SetUserRolesService', () => {
  it('writes the difference as additions and removals, and announces it once', async () => {
    const s = service(['assign-roles']);
    expect(await s.set(['bot', 'auditor', 'bot'])).toEqual({ added: ['bot', 'auditor'], removed: ['user'] });
    expect(s.writes).toEqual(['add bot,auditor', 'remove user']);
    expect(s.announced).toEqual([{ added: ['bot', 'auditor'], removed: ['user'] }]);
  });

  it('changes nothing, and asks nothing, when the roles are the same', async () => {
    const s = service([]);
    expect(await s.set(['user'])).toEqual({ added: [], removed: [] });
    expect(s.writes).toEqual([]);
    expect(s.announced).toEqual([]);
  });

  it.each([
    [['assign-roles'], ['user', 'nope'], 'The field Roles consist invalid role id'],
    [[], ['bot'], 'Assign roles is not allowed'],
    [['assign-roles'], ['admin'], 'Assigning admin is not allowed'],
  ])('with %j, setting %j is refused: %s', async (granted, roles, reason) => {
    const s = service(granted);
    await expect(s.set(roles)).rejects.toMatchObject({ code: 'error-action-not-allowed', reason });
    expect(s.writes).toEqual([]);
  });

  it('keeps the last administrator one, and refuses an unknown user', async () => {
    const s = service(['assign-roles', 'assign-admin-role'], 1);
    s.users.set('u1', { _id: 'u1', username: 'bob', roles: ['admin'] });
    await expect(s.set(['user'])).rejects.toMatchObject({ reason: 'Leaving the app without admins is not allowed' });
    await expect(s.set(['user'], 'ghost')).rejects.toMatchObject({ code: 'error-invalid-user' });
  });
});
