import { Injectable } from '@nestjs/common';
import { authorizationCanAccessRoom, authorizationHasPermission, DomainError, ErrorCode } from '@rc/contracts';
import { RpcClient } from '@rc/platform';

/**
 * Every access decision goes to the authorization service: permissions (global roles, plus room roles when
 * a room is given) and Rocket.Chat's canAccessRoom.
 */
@Injectable()
export class AccessService {
  constructor(private readonly rpc: RpcClient) {}

  hasPermission(userId: string, permission: string | string[], roomId?: string, mode: 'all' | 'any' = 'all'): Promise<boolean> {
    const permissions = Array.isArray(permission) ? permission : [permission];
    return this.rpc.request(authorizationHasPermission, { userId, permissions, mode, ...(roomId && { roomId }) });
  }

  canAccessRoom(userId: string, roomId: string): Promise<boolean> {
    return this.rpc.request(authorizationCanAccessRoom, { userId, roomId });
  }

  /** REST's 403 (`error-unauthorized`) when the permission is missing. */
  async requirePermission(userId: string, permission: string | string[], roomId?: string, mode: 'all' | 'any' = 'all'): Promise<void> {
    if (!(await this.hasPermission(userId, permission, roomId, mode))) {
      throw new DomainError(ErrorCode.Unauthorized, 'unauthorized');
    }
  }
}
