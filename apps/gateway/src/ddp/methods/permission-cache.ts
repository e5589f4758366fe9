import { Injectable } from '@nestjs/common';
import { PermissionChecker } from '@rc/permissions';

/**
 * Whether a user holds a permission, for checks made on every call of a busy method (rate-limit exemptions),
 * answered in-process: the gateway holds the permission table and the roles of the users it has checked
 * (PermissionChecksModule.overNats), both dropped on the authorization service's change broadcasts.
 */
@Injectable()
export class PermissionCache {
  constructor(private readonly checker: PermissionChecker) {}

  has(userId: string, permission: string): Promise<boolean> {
    return this.checker.check(userId, [permission]);
  }
}
