import { Injectable } from '@nestjs/common';
import { SubscriptionsRepository, UsersRepository } from '@rc/models';
import { PermissionTable } from './permission-table.js';

/**
 * Rocket.Chat's hasPermission: the user's global roles, plus their roles in the room (owner, moderator,
 * leader, from the subscription) when a room is given.
 */
@Injectable()
export class PermissionChecker {
  constructor(
    private readonly table: PermissionTable,
    private readonly users: UsersRepository,
    private readonly subscriptions: SubscriptionsRepository,
  ) {}

  async check(userId: string, permissions: string[], mode: 'all' | 'any', roomId?: string): Promise<boolean> {
    const roles = await this.rolesOf(userId, roomId);
    if (roles.length === 0) return false;
    const granted = (permission: string) => this.table.grants(permission, roles);
    return mode === 'all' ? permissions.every(granted) : permissions.some(granted);
  }

  async rolesOf(userId: string, roomId?: string): Promise<string[]> {
    const [user, subscription] = await Promise.all([
      this.users.findById(userId),
      roomId ? this.subscriptions.findByRoomAndUser(roomId, userId) : null,
    ]);
    if (!user || !user.active) return [];
    return [...(user.roles ?? []), ...(subscription?.roles ?? [])];
  }
}
