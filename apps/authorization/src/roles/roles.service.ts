import { Injectable } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  type Actor,
  type IRole,
  type RpcParsedRequest,
  authorizationCreateRole,
  authorizationUpdateRole,
} from '@rc/contracts';
import {
  isDuplicateKeyError,
  PermissionsRepository,
  randomId,
  RolesRepository,
  SubscriptionsRepository,
  UsersRepository,
} from '@rc/models';
import { PermissionChecker, PermissionTable } from '@rc/permissions';
import { AuthorizationChanges } from '../changes/authorization-changes.js';

const roleNotFound = () => new DomainError(ErrorCode.InvalidRoleId, 'This role does not exist');
const duplicateName = () => new DomainError(ErrorCode.DuplicateRoleName, 'Role name already exists');

/** roles.list, and the custom roles an administrator creates, edits and deletes (`access-permissions`). */
@Injectable()
export class RolesService {
  constructor(
    private readonly roles: RolesRepository,
    private readonly permissions: PermissionsRepository,
    private readonly users: UsersRepository,
    private readonly subscriptions: SubscriptionsRepository,
    private readonly checker: PermissionChecker,
    private readonly table: PermissionTable,
    private readonly changes: AuthorizationChanges,
  ) {}

  async list(): Promise<{ roles: IRole[] }> {
    return { roles: await this.roles.findAll() };
  }

  async create(request: RpcParsedRequest<typeof authorizationCreateRole>): Promise<{ role: IRole }> {
    await this.checker.require(request.actor.userId, 'access-permissions');
    if (await this.roles.findByName(request.name)) throw duplicateName();
    try {
      const role = await this.roles.insert({
        _id: randomId(),
        name: request.name,
        scope: request.scope,
        description: request.description,
        protected: false,
        ...(request.mandatory2fa !== undefined && { mandatory2fa: request.mandatory2fa }),
      });
      await this.changes.roleChanged('changed', role);
      return { role };
    } catch (error) {
      throw isDuplicateKeyError(error) ? duplicateName() : error;
    }
  }

  /** A protected (built-in) role keeps its name and scope; its description may change. */
  async update(request: RpcParsedRequest<typeof authorizationUpdateRole>): Promise<{ role: IRole }> {
    await this.checker.require(request.actor.userId, 'access-permissions');
    const role = await this.roles.findByIdOrName(request.roleId);
    if (!role) throw roleNotFound();
    const renames = request.name !== undefined && request.name !== role.name;
    if (role.protected && (renames || (request.scope !== undefined && request.scope !== role.scope))) {
      throw new DomainError(ErrorCode.RoleProtected, 'Cannot change the name or scope of a protected role');
    }
    if (renames && (await this.roles.findByName(request.name!))) throw duplicateName();
    const { actor: _actor, roleId: _roleId, ...changes } = request;
    try {
      const updated = await this.roles.update(role._id, changes);
      if (!updated) throw roleNotFound();
      await this.changes.roleChanged('changed', updated);
      return { role: updated };
    } catch (error) {
      throw isDuplicateKeyError(error) ? duplicateName() : error;
    }
  }

  /** Not a protected role, nor one anybody still holds; the role also leaves every permission. */
  async delete(actor: Actor, roleId: string): Promise<{ ok: true }> {
    await this.checker.require(actor.userId, 'access-permissions');
    const role = await this.roles.findByIdOrName(roleId);
    if (!role) throw roleNotFound();
    if (role.protected) throw new DomainError(ErrorCode.RoleProtected, 'Cannot delete a protected role');
    const held =
      role.scope === 'Subscriptions'
        ? await this.subscriptions.anyoneHoldsRoomRole(role._id)
        : (await this.users.countWithRole(role._id)) > 0;
    if (held) throw new DomainError(ErrorCode.RoleInUse, "Cannot delete role because it's in use");

    await this.roles.deleteById(role._id);
    const permissions = await this.permissions.removeRoleEverywhere(role._id);
    await this.table.reload();
    await this.changes.roleChanged('removed', role);
    await this.changes.permissionsChanged(permissions);
    return { ok: true };
  }
}
