import { Injectable } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import { PermissionChecker, RoomAccess, type AccessRoom } from '@rc/permissions';

/**
 * Access decisions, answered in-process by the permission library (@rc/permissions): permissions (global
 * roles, plus room roles when a room is given) and Rocket.Chat's canAccessRoom. No request goes to the
 * authorization service; its change broadcasts keep what is held here fresh.
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly permissions: PermissionChecker,
    private readonly rooms: RoomAccess,
  ) {}

  hasPermission(userId: string, permission: string | string[], roomId?: string, mode: 'all' | 'any' = 'all'): Promise<boolean> {
    return this.permissions.check(userId, Array.isArray(permission) ? permission : [permission], mode, roomId);
  }

  canAccessRoom(userId: string, roomOrId: string | AccessRoom): Promise<boolean> {
    return this.rooms.canAccessRoom(userId, roomOrId);
  }

  /** REST's 403 (`error-unauthorized`) when the permission is missing. */
  async requirePermission(userId: string, permission: string | string[], roomId?: string, mode: 'all' | 'any' = 'all'): Promise<void> {
    if (!(await this.hasPermission(userId, permission, roomId, mode))) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
  }
}
