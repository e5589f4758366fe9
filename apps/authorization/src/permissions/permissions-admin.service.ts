import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type IPermission } from '@rc/contracts';
import { PermissionsRepository, RolesRepository } from '@rc/models';
import { PermissionChecker, PermissionTable } from '@rc/permissions';
import { AuthorizationChanges } from '../changes/authorization-changes.js';

/** permissions.listAll and permissions.update. */
@Injectable()
export class PermissionsAdminService {
  constructor(
    private readonly permissions: PermissionsRepository,
    private readonly roles: RolesRepository,
    private readonly checker: PermissionChecker,
    private readonly table: PermissionTable,
    private readonly changes: AuthorizationChanges,
  ) {}

  /** Every permission, or (with `updatedSince`) those changed since; permissions are never deleted. */
  async list(updatedSince?: Date): Promise<{ update: IPermission[]; remove: IPermission[] }> {
    const update = updatedSince ? await this.permissions.findUpdatedSince(updatedSince) : await this.permissions.findAll();
    return { update, remove: [] };
  }

  /**
   * Sets the roles of each permission given (needs `access-permissions`). Every permission and role must
   * exist, or nothing changes. This instance reloads its table before answering; the others on the broadcast.
   */
  async update(actor: Actor, changes: Array<{ _id: string; roles: string[] }>): Promise<{ permissions: IPermission[] }> {
    await this.checker.require(actor.userId, 'access-permissions');
    const ids = [...new Set(changes.map((p) => p._id))];
    if ((await this.permissions.findByIds(ids)).length !== ids.length) {
      throw new DomainError(ErrorCode.InvalidPermission, 'Invalid permission');
    }
    const roleIds = [...new Set(changes.flatMap((p) => p.roles))];
    if (roleIds.length && (await this.roles.existingIds(roleIds)).size !== roleIds.length) {
      throw new DomainError(ErrorCode.InvalidRole, 'Invalid role');
    }

    const updated: IPermission[] = [];
    for (const change of changes) {
      const permission = await this.permissions.setRoles(change._id, change.roles);
      if (permission) updated.push(permission);
    }
    await this.table.reload();
    await this.changes.permissionsChanged(updated);
    return { permissions: await this.permissions.findAll() };
  }
}
