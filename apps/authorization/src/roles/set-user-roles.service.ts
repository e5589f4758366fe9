import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor } from '@rc/contracts';
import { RolesRepository, UsersRepository } from '@rc/models';
import { PermissionChecker } from '@rc/permissions';
import { AuthorizationChanges } from '../changes/authorization-changes.js';

const notAllowed = (reason: string, action: string) => new DomainError(ErrorCode.ActionNotAllowed, reason, { action });

/**
 * users.update's `roles`: replaces a user's global roles. Accounts asks, authorization writes: `users.roles`
 * is authorization's field (README, "Who writes what"), so every change of it is announced from one place.
 * Written as `$addToSet` / `$pull` of the difference, so a concurrent roles.addUserToRole is never undone.
 */
@Injectable()
export class SetUserRolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly users: UsersRepository,
    private readonly checker: PermissionChecker,
    private readonly changes: AuthorizationChanges,
  ) {}

  async setUserRoles(actor: Actor, userId: string, wanted: string[]): Promise<{ added: string[]; removed: string[] }> {
    const user = await this.users.findById(userId);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'Invalid user');
    const roles = [...new Set(wanted)];
    const before = user.roles ?? [];
    const added = roles.filter((role) => !before.includes(role));
    const removed = before.filter((role) => !roles.includes(role));
    if (added.length + removed.length === 0) return { added, removed };

    if ((await this.roles.existingIds(roles)).size !== roles.length) {
      throw notAllowed('The field Roles consist invalid role id', 'Assign_role');
    }
    const granted = await this.checker.granted(actor.userId, ['assign-roles', 'assign-admin-role']);
    if (added.includes('admin') && !granted.includes('assign-admin-role'))
      throw notAllowed('Assigning admin is not allowed', 'Assign_admin');
    if (!granted.includes('assign-roles')) throw notAllowed('Assign roles is not allowed', 'Assign_role');
    if (removed.includes('admin') && (await this.users.countWithRole('admin')) <= 1) {
      throw notAllowed('Leaving the app without admins is not allowed', 'Remove_last_admin');
    }

    if (added.length) await this.users.addRoles(userId, added);
    if (removed.length) await this.users.removeRoles(userId, removed);
    await this.changes.userRolesReplaced({ _id: user._id, username: user.username }, added, removed);
    return { added, removed };
  }
}
