import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import { SubscriptionsRepository } from '@rc/models';
import { PermissionTable } from './permission-table.js';
import { UserRolesCache } from './user-roles-cache.js';

/** Rocket.Chat's answer when a REST route's required permission is missing (403). */
export const permissionRequired = () =>
  new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');

/**
 * Rocket.Chat's hasPermission: the user's global roles, plus their roles in the room (owner, moderator,
 * leader, from the subscription) when a room is given. Global roles come from the UserRolesCache, which every
 * instance empties for a user whose roles change, so a role given or taken applies at once everywhere; room
 * roles are read per check; a deactivated user holds nothing.
 */
@Injectable()
export class PermissionChecker {
  constructor(
    private readonly table: PermissionTable,
    private readonly userRoles: UserRolesCache,
    private readonly subscriptions: SubscriptionsRepository,
  ) {}

  async check(userId: string, permissions: string[], mode: 'all' | 'any', roomId?: string): Promise<boolean> {
    const asked = [...new Set(permissions)];
    const granted = await this.granted(userId, asked, roomId);
    return mode === 'all' ? granted.length === asked.length : granted.length > 0;
  }

  /** The subset of `permissions` the user holds. */
  async granted(userId: string, permissions: string[], roomId?: string): Promise<string[]> {
    const [roles] = await Promise.all([this.rolesOf(userId, roomId), this.table.ready()]);
    if (roles.length === 0) return [];
    return [...new Set(permissions)].filter((permission) => this.table.grants(permission, roles));
  }

  /** Throws Rocket.Chat's 403 unless the user holds `permission`. */
  async require(userId: string, permission: string): Promise<void> {
    if (!(await this.check(userId, [permission], 'all'))) throw permissionRequired();
  }

  async rolesOf(userId: string, roomId?: string): Promise<string[]> {
    const [user, subscription] = await Promise.all([
      this.userRoles.get(userId),
      roomId ? this.subscriptions.findByRoomAndUser(roomId, userId) : null,
    ]);
    if (!user || !user.active) return [];
    return [...(user.roles ?? []), ...(subscription?.roles ?? [])];
  }
}
