import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  authorizationAddUserToRole,
  authorizationCreateRole,
  authorizationDeleteRole,
  authorizationListRoles,
  authorizationRemoveUserFromRole,
  authorizationUpdateRole,
  authorizationUsersInRole,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { bodyObject, integerParam } from '../users/rest-params.js';

/** Rocket.Chat's `roleName` (deprecated) stands for `roleId` when that is absent. */
function withRoleId(body: unknown): Record<string, unknown> {
  const { roleName, ...rest } = bodyObject(body);
  return rest.roleId === undefined && roleName !== undefined ? { ...rest, roleId: roleName } : rest;
}

@RestController()
export class RolesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('roles.list')
  list() {
    return this.rpc.request(authorizationListRoles, {});
  }

  @Post('roles.create')
  @HttpCode(200)
  create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationCreateRole, { ...bodyObject(body), actor } as RpcRequest<typeof authorizationCreateRole>);
  }

  @Post('roles.update')
  @HttpCode(200)
  update(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationUpdateRole, { ...bodyObject(body), actor } as RpcRequest<typeof authorizationUpdateRole>);
  }

  @Post('roles.delete')
  @HttpCode(200)
  async delete(@Body() body: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(authorizationDeleteRole, { ...bodyObject(body), actor } as RpcRequest<typeof authorizationDeleteRole>);
    return {};
  }

  @Post('roles.addUserToRole')
  @HttpCode(200)
  addUserToRole(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationAddUserToRole, { ...withRoleId(body), actor } as RpcRequest<
      typeof authorizationAddUserToRole
    >);
  }

  @Post('roles.removeUserFromRole')
  @HttpCode(200)
  removeUserFromRole(@Body() body: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationRemoveUserFromRole, { ...withRoleId(body), actor } as RpcRequest<
      typeof authorizationRemoveUserFromRole
    >);
  }

  @Get('roles.getUsersInRole')
  usersInRole(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationUsersInRole, {
      actor,
      role: query.role,
      roomId: query.roomId,
      offset: integerParam(query.offset),
      count: integerParam(query.count),
    } as RpcRequest<typeof authorizationUsersInRole>);
  }
}
