import { Injectable } from '@nestjs/common';
import { authorizationListPermissions, authorizationUserRoles } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { PermissionRolesSource, UserRolesSource, type UserRoles } from './permission-sources.js';

/**
 * The permission table asked of the authorization service: at start, on every change broadcast, and on the
 * periodic refresh. The authorization instance that answers has heard the broadcast first (it reached NATS
 * before this app heard it), and reads the table from the database.
 */
@Injectable()
export class RemotePermissionRoles implements PermissionRolesSource {
  constructor(private readonly rpc: RpcClient) {}

  async findAll() {
    return (await this.rpc.request(authorizationListPermissions, {})).update;
  }
}

/** A user's roles asked of the authorization service; held by UserRolesCache until a broadcast drops them. */
@Injectable()
export class RemoteUserRoles implements UserRolesSource {
  constructor(private readonly rpc: RpcClient) {}

  findRolesById(userId: string): Promise<UserRoles | null> {
    return this.rpc.request(authorizationUserRoles, { userId });
  }
}
