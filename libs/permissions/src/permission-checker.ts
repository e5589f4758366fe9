import { Injectable, Optional } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import { PermissionTable } from './permission-table.js';
import { RoomRolesSource } from './permission-sources.js';
import { UserRolesCache } from './user-roles-cache.js';

/** Rocket.Chat's answer when a REST route's required permission is missing (403). */
export const permissionRequired = () =>
  new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');

/**
 * Rocket.Chat's hasPermission: the user's global roles, plus their roles in the room (owner, moderator,
 * leader, from the subscription, read per check) when a room is given; a deactivated user holds nothing.
 * Room roles need the database: an app without one (the gateway) checks global permissions only.
 */
@Injectable()
export class PermissionChecker {
  constructor(
    private readonly table: PermissionTable,
    private readonly userRoles: UserRolesCache,
    @Optional() private readonly roomRoles?: RoomRolesSource,
  ) {}

  async check(userId: string, permissions: readonly string[], mode: 'all' | 'any' = 'all', roomId?: string): Promise<boolean> {
    const asked = [...new Set(permissions)];
    const granted = await this.granted(userId, asked, roomId);
    return mode === 'all' ? granted.length === asked.length : granted.length > 0;
  }

  /** The subset of `permissions` the user holds. */
  async granted(userId: string, permissions: readonly string[], roomId?: string): Promise<string[]> {
    const [roles] = await Promise.all([this.rolesOf(userId, roomId), this.table.ready()]);
    if (roles.length === 0) return [];
    return [...new Set(permissions)].filter((permission) => this.table.grants(permission, roles));
  }

  /** Throws Rocket.Chat's 403 unless the user holds `permission`. */
  async require(userId: string, permission: string): Promise<void> {
    if (!(await this.check(userId, [permission]))) throw permissionRequired();
  }

  private async rolesOf(userId: string, roomId?: string): Promise<string[]> {
    const [user, inRoom] = await Promise.all([this.userRoles.get(userId), roomId ? this.roomRolesIn(roomId, userId) : null]);
    if (!user || !user.active) return [];
    return [...(user.roles ?? []), ...(inRoom ?? [])];
  }

  private roomRolesIn(roomId: string, userId: string): Promise<readonly string[] | null> {
    if (!this.roomRoles) throw new Error('room roles are read from the database, which this app does not have');
    return this.roomRoles.roomRolesOf(roomId, userId);
  }
}
