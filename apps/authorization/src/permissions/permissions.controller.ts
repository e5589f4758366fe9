import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  authorizationGrantedPermissions,
  authorizationHasPermission,
  authorizationListPermissions,
  authorizationUpdatePermissions,
  authorizationUserRoles,
  type RpcParsedRequest,
} from '@rc/contracts';
import { PermissionChecker, UserRolesCache } from '@rc/permissions';
import { RpcHandler } from '@rc/platform';
import { PermissionsAdminService } from './permissions-admin.service.js';

@Controller()
export class PermissionsController {
  constructor(
    private readonly checker: PermissionChecker,
    private readonly userRoles: UserRolesCache,
    private readonly admin: PermissionsAdminService,
  ) {}

  @RpcHandler(authorizationHasPermission)
  hasPermission(@Payload() request: RpcParsedRequest<typeof authorizationHasPermission>) {
    return this.checker.check(request.userId, request.permissions, request.mode, request.roomId);
  }

  @RpcHandler(authorizationGrantedPermissions)
  grantedPermissions(@Payload() request: RpcParsedRequest<typeof authorizationGrantedPermissions>) {
    return this.checker.granted(request.userId, request.permissions, request.roomId);
  }

  @RpcHandler(authorizationUserRoles)
  rolesOfUser(@Payload() request: RpcParsedRequest<typeof authorizationUserRoles>) {
    return this.userRoles.get(request.userId);
  }

  @RpcHandler(authorizationListPermissions)
  listPermissions(@Payload() request: RpcParsedRequest<typeof authorizationListPermissions>) {
    return this.admin.list(request.updatedSince);
  }

  @RpcHandler(authorizationUpdatePermissions)
  updatePermissions(@Payload() request: RpcParsedRequest<typeof authorizationUpdatePermissions>) {
    return this.admin.update(request.actor, request.permissions);
  }
}
