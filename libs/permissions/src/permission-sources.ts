import type { IPermission, IUser } from '@rc/contracts';

/** What a permission check needs to know about a user: global roles, and whether the account is active. */
export type UserRoles = Pick<IUser, '_id' | 'roles' | 'active'>;

/**
 * Where the checks read from. An app with the database reads the collections (PermissionChecksModule.forDatabase);
 * the gateway, which has none, asks the authorization service (PermissionChecksModule.overNats). Either way the
 * answers are held in memory and dropped on the authorization service's change broadcasts.
 */
export abstract class PermissionRolesSource {
  /** Every permission with the roles that hold it. */
  abstract findAll(): Promise<Array<Pick<IPermission, '_id' | 'roles'>>>;
}

export abstract class UserRolesSource {
  /** Null for an unknown user. */
  abstract findRolesById(userId: string): Promise<UserRoles | null>;
}

export abstract class RoomRolesSource {
  /** The user's roles in the room (owner, moderator, leader, …); null when they are not a member. */
  abstract roomRolesOf(roomId: string, userId: string): Promise<readonly string[] | null>;
}
