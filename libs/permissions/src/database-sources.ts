import { Injectable } from '@nestjs/common';
import { PermissionsRepository, SubscriptionsRepository, UsersRepository } from '@rc/models';
import { PermissionRolesSource, RoomRolesSource, UserRolesSource, type UserRoles } from './permission-sources.js';

/** The permission table from `rocketchat_permissions`. */
@Injectable()
export class DatabasePermissionRoles implements PermissionRolesSource {
  constructor(private readonly permissions: PermissionsRepository) {}

  findAll() {
    return this.permissions.findAll();
  }
}

/** A user's roles from `users` (only `roles` and `active` are read). */
@Injectable()
export class DatabaseUserRoles implements UserRolesSource {
  constructor(private readonly users: UsersRepository) {}

  findRolesById(userId: string): Promise<UserRoles | null> {
    return this.users.findRolesById(userId);
  }
}

/** Room roles from the member's subscription. */
@Injectable()
export class DatabaseRoomRoles implements RoomRolesSource {
  constructor(private readonly subscriptions: SubscriptionsRepository) {}

  async roomRolesOf(roomId: string, userId: string): Promise<readonly string[] | null> {
    const subscription = await this.subscriptions.findMembership(roomId, userId);
    return subscription ? (subscription.roles ?? []) : null;
  }
}
