import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { authorizationHasPermission, type RpcParsedRequest } from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { PermissionChecker } from './permission-checker.service.js';

@Controller()
export class PermissionsController {
  constructor(private readonly checker: PermissionChecker) {}

  @RpcHandler(authorizationHasPermission)
  hasPermission(@Payload() request: RpcParsedRequest<typeof authorizationHasPermission>) {
    return this.checker.check(request.userId, request.permissions, request.mode, request.roomId);
  }
}
