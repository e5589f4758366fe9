import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IRole, type IUser, type UserInRole, type UserPublicRoles } from '@rc/contracts';
import { RolesRepository, SubscriptionsRepository, UsersRepository } from '@rc/models';
import { PermissionChecker, permissionRequired } from '@rc/permissions';
import { AuthorizationChanges } from '../changes/authorization-changes.js';
import { PageSize } from '@rc/settings';

/**
 * Giving and taking roles (roles.addUserToRole, roles.removeUserFromRole). A role of scope `Users` is held
 * in `users.roles`; one of scope `Subscriptions` (owner, moderator, leader, …) in the subscription of the
 * given room. Every change is broadcast before it is acknowledged, and every instance forgets the user's
 * cached roles on hearing it, so nothing stale is served anywhere.
 */
@Injectable()
export class UserRolesService {
  constructor(
    private readonly pageSize: PageSize,
    private readonly roles: RolesRepository,
    private readonly users: UsersRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly checker: PermissionChecker,
    private readonly changes: AuthorizationChanges,
  ) {}

  async addUserToRole(
    actor: Actor,
    request: { roleId: string; userId?: string; username?: string; roomId?: string },
  ): Promise<{ role: IRole }> {
    const granted = await this.checker.granted(actor.userId, ['access-permissions', 'assign-admin-role']);
    if (!granted.includes('access-permissions')) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Accessing permissions is not allowed');
    }
    const role = await this.roles.findByIdOrName(request.roleId);
    if (!role) throw new DomainError(ErrorCode.RoleNotFound, 'Role not found');
    const user = request.userId ? await this.users.findById(request.userId) : await this.users.findByUsername(request.username!);
    if (!user) {
      throw new DomainError(ErrorCode.InvalidUser, 'The required "userId" or "username" param provided does not match any users');
    }
    if (role._id === 'admin' && !granted.includes('assign-admin-role')) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Assigning admin is not allowed');
    }

    if (role.scope === 'Subscriptions') {
      if (!request.roomId) throw new DomainError(ErrorCode.InvalidArguments, 'A room role needs the "roomId" of the room');
      const subscription = await this.subscriptions.findByRoomAndUser(request.roomId, user._id);
      if (!subscription) throw new DomainError(ErrorCode.InvalidUser, 'User is not part of given room');
      if (subscription.roles?.includes(role._id as never)) throw alreadyInRole();
      const updated = await this.subscriptions.addRoomRolesOfUser(request.roomId, user._id, [role._id]);
      if (updated) await this.changes.userRoleChanged('added', role._id, brief(user), { subscription: updated });
      return { role };
    }

    if (user.roles?.includes(role._id)) throw alreadyInRole();
    await this.users.addRoles(user._id, [role._id]);
    await this.changes.userRoleChanged('added', role._id, brief(user));
    return { role };
  }

  /** roles.getUsersInRole: who holds a role, globally or in one room, a page at a time (`PageSize`). */
  async usersInRole(
    actor: Actor,
    request: { role: string; roomId?: string; offset: number; count?: number },
  ): Promise<{ users: UserInRole[]; total: number }> {
    const granted = await this.checker.granted(actor.userId, ['access-permissions', 'view-other-user-channels']);
    if (!granted.includes('access-permissions')) throw permissionRequired();
    if (request.roomId && !granted.includes('view-other-user-channels')) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    const role = await this.roles.findByIdOrName(request.role);
    if (!role) throw new DomainError(ErrorCode.InvalidRoleId, 'This role does not exist');
    const selector =
      request.roomId && role.scope === 'Subscriptions'
        ? { ids: await this.subscriptions.findMemberIdsWithRoomRole(request.roomId, role._id) }
        : { role: role._id };
    const { users, total } = await this.users.findPageInRole(selector, {
      skip: request.offset,
      limit: this.pageSize.count(request.count),
      projection: { name: 1, username: 1, emails: 1, avatarETag: 1, createdAt: 1, _updatedAt: 1 },
    });
    return { users: users, total };
  }

  /** Rocket.Chat's getUserRoles: holders of the described global roles, with only those roles. */
  async usersInPublicRoles(): Promise<UserPublicRoles[]> {
    const publicRoles = (await this.roles.findAll()).filter((role) => role.scope === 'Users' && role.description);
    const roleIds = new Set(publicRoles.map((role) => role._id));
    const holders = await this.users.findHoldersOfRoles([...roleIds]);
    return holders.map((user) => ({ _id: user._id, username: user.username, roles: user.roles.filter((r) => roleIds.has(r)) }));
  }

  async removeUserFromRole(actor: Actor, request: { roleId: string; username: string; scope?: string }): Promise<{ role: IRole }> {
    await this.checker.require(actor.userId, 'access-permissions');
    const user = await this.users.findByUsername(request.username);
    if (!user) throw new DomainError(ErrorCode.InvalidUser, 'There is no user with this username');
    const role = await this.roles.findByIdOrName(request.roleId);
    if (!role) throw new DomainError(ErrorCode.InvalidRoleId, 'This role does not exist');

    if (role.scope === 'Subscriptions') {
      if (!request.scope) throw new DomainError(ErrorCode.InvalidArguments, 'A room role needs the "scope" (the room id)');
      const subscription = await this.subscriptions.findByRoomAndUser(request.scope, user._id);
      if (!subscription?.roles?.includes(role._id as never)) throw notInRole();
      const updated = await this.subscriptions.removeRoomRolesOfUser(request.scope, user._id, [role._id]);
      if (updated) await this.changes.userRoleChanged('removed', role._id, brief(user), { subscription: updated });
      return { role };
    }

    if (!user.roles?.includes(role._id)) throw notInRole();
    if (role._id === 'admin' && (await this.users.countWithRole('admin')) <= 1) {
      throw new DomainError(ErrorCode.ActionNotAllowed, 'Leaving the app without admins is not allowed');
    }
    await this.users.removeRoles(user._id, [role._id]);
    await this.changes.userRoleChanged('removed', role._id, brief(user));
    return { role };
  }
}

const alreadyInRole = () => new DomainError(ErrorCode.UserAlreadyInRole, 'User already in role');
const notInRole = () => new DomainError(ErrorCode.UserNotInRole, 'User is not in this role');
const brief = (user: IUser) => ({ _id: user._id, username: user.username });
