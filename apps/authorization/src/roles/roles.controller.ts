import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  authorizationAddUserToRole,
  authorizationCreateRole,
  authorizationDeleteRole,
  authorizationListRoles,
  authorizationRemoveUserFromRole,
  authorizationSetUserRoles,
  authorizationUpdateRole,
  authorizationUsersInPublicRoles,
  authorizationUsersInRole,
  type RpcParsedRequest,
} from '@rc/contracts';
import { RpcHandler } from '@rc/platform';
import { RolesService } from './roles.service.js';
import { SetUserRolesService } from './set-user-roles.service.js';
import { UserRolesService } from './user-roles.service.js';

@Controller()
export class RolesController {
  constructor(
    private readonly roles: RolesService,
    private readonly userRoles: UserRolesService,
    private readonly globalRoles: SetUserRolesService,
  ) {}

  @RpcHandler(authorizationListRoles)
  list() {
    return this.roles.list();
  }

  @RpcHandler(authorizationCreateRole)
  create(@Payload() request: RpcParsedRequest<typeof authorizationCreateRole>) {
    return this.roles.create(request);
  }

  @RpcHandler(authorizationUpdateRole)
  update(@Payload() request: RpcParsedRequest<typeof authorizationUpdateRole>) {
    return this.roles.update(request);
  }

  @RpcHandler(authorizationDeleteRole)
  delete(@Payload() { actor, roleId }: RpcParsedRequest<typeof authorizationDeleteRole>) {
    return this.roles.delete(actor, roleId);
  }

  @RpcHandler(authorizationAddUserToRole)
  addUserToRole(@Payload() { actor, ...request }: RpcParsedRequest<typeof authorizationAddUserToRole>) {
    return this.userRoles.addUserToRole(actor, request);
  }

  @RpcHandler(authorizationRemoveUserFromRole)
  removeUserFromRole(@Payload() { actor, ...request }: RpcParsedRequest<typeof authorizationRemoveUserFromRole>) {
    return this.userRoles.removeUserFromRole(actor, request);
  }

  @RpcHandler(authorizationSetUserRoles)
  setUserRoles(@Payload() { actor, userId, roles }: RpcParsedRequest<typeof authorizationSetUserRoles>) {
    return this.globalRoles.setUserRoles(actor, userId, roles);
  }

  @RpcHandler(authorizationUsersInPublicRoles)
  usersInPublicRoles() {
    return this.userRoles.usersInPublicRoles();
  }

  @RpcHandler(authorizationUsersInRole)
  usersInRole(@Payload() { actor, ...request }: RpcParsedRequest<typeof authorizationUsersInRole>) {
    return this.userRoles.usersInRole(actor, request);
  }
}
