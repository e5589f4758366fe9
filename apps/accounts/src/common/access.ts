import { Injectable } from '@nestjs/common';
import { authorizationGrantedPermissions, DomainError, ErrorCode } from '@rc/contracts';
import { RpcClient } from '@rc/platform';

/** The permissions a user holds, asked of the authorization service in one request. */
export class Grants {
  constructor(private readonly held: ReadonlySet<string>) {}

  has(permission: string): boolean {
    return this.held.has(permission);
  }
}

/** Rocket.Chat's 403 for a REST route whose permission is missing (API.v1.unauthorized / permissionsRequired). */
export const permissionRequired = () =>
  new DomainError(ErrorCode.Unauthorized, 'User does not have the permissions required for this action');

/** Rocket.Chat's `API.v1.unauthorized()`, a route's own check: 403 `unauthorized`. */
export const unauthorized = () => new DomainError(ErrorCode.Unauthorized, 'unauthorized');

@Injectable()
export class Access {
  constructor(private readonly rpc: RpcClient) {}

  async grants(userId: string, permissions: string[]): Promise<Grants> {
    return new Grants(new Set(await this.rpc.request(authorizationGrantedPermissions, { userId, permissions })));
  }

  async has(userId: string, permission: string): Promise<boolean> {
    return (await this.grants(userId, [permission])).has(permission);
  }
}
