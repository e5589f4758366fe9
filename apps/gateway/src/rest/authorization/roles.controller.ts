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
import { body, integer } from '../common/rest-params.js';

/** Rocket.Chat's `roleName` (deprecated) stands for `roleId` when that is absent. */
function withRoleId(input: unknown): Record<string, unknown> {
  const { roleName, ...rest } = body(input);
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
  create(@Body() input: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationCreateRole, { ...body(input), actor } as RpcRequest<typeof authorizationCreateRole>);
  }

  @Post('roles.update')
  @HttpCode(200)
  update(@Body() input: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationUpdateRole, { ...body(input), actor } as RpcRequest<typeof authorizationUpdateRole>);
  }

  @Post('roles.delete')
  @HttpCode(200)
  async delete(@Body() input: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(authorizationDeleteRole, { ...body(input), actor } as RpcRequest<typeof authorizationDeleteRole>);
    return {};
  }

  @Post('roles.addUserToRole')
  @HttpCode(200)
  addUserToRole(@Body() input: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationAddUserToRole, { ...withRoleId(input), actor } as RpcRequest<typeof authorizationAddUserToRole>);
  }

  @Post('roles.removeUserFromRole')
  @HttpCode(200)
  removeUserFromRole(@Body() input: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationRemoveUserFromRole, { ...withRoleId(input), actor } as RpcRequest<
      typeof authorizationRemoveUserFromRole
    >);
  }

  @Get('roles.getUsersInRole')
  usersInRole(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationUsersInRole, {
      actor,
      role: query.role,
      roomId: query.roomId,
      offset: integer(query.offset),
      count: integer(query.count),
    } as RpcRequest<typeof authorizationUsersInRole>);
  }
}
