import { Body, Get, HttpCode, Post, Query, Req } from '@nestjs/common';
import {
  accountsCreateUser,
  accountsDeleteUser,
  accountsListUsers,
  accountsRegisterUser,
  accountsUpdateOwnBasicInfo,
  accountsUpdateUser,
  accountsUserInfo,
  DomainError,
  ErrorCode,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor, OptionalAuth } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import type { RestRequest } from '../common/rest-request.js';
import { body, boolean, integer, json } from '../common/rest-params.js';

/** Rocket.Chat's `users.*` endpoints of the accounts service (presence's users.setStatus lives elsewhere). */
@RestController()
export class UsersController {
  constructor(private readonly rpc: RpcClient) {}

  @Post('users.register')
  @OptionalAuth()
  @HttpCode(200)
  async register(@Body() input: unknown, @Req() request: RestRequest) {
    if (request.actor) throw new DomainError(ErrorCode.ActionNotAllowed, 'Logged in users can not register again.');
    const payload = { ...body(input), clientAddress: request.ip } as RpcRequest<typeof accountsRegisterUser>;
    return this.rpc.request(accountsRegisterUser, payload);
  }

  @Post('users.create')
  @HttpCode(200)
  async create(@Body() input: unknown, @CurrentActor() actor: Actor) {
    // `fields` is a deprecated response projection of Rocket.Chat's; the response here is fixed.
    const { fields: _fields, ...data } = body(input);
    return this.rpc.request(accountsCreateUser, { actor, data } as RpcRequest<typeof accountsCreateUser>);
  }

  @Get('users.info')
  async info(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.rpc.request(accountsUserInfo, {
      actor,
      userId: query.userId,
      username: query.username,
      includeUserRooms: boolean(query.includeUserRooms),
    } as RpcRequest<typeof accountsUserInfo>);
  }

  @Get('users.list')
  async list(@Query() query: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return this.rpc.request(accountsListUsers, {
      actor,
      offset: integer(query.offset),
      count: integer(query.count),
      sort: json(query.sort, 'sort'),
      query: json(query.query, 'query'),
      fields: json(query.fields, 'fields'),
    } as RpcRequest<typeof accountsListUsers>);
  }

  @Post('users.update')
  @HttpCode(200)
  async update(@Body() input: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(accountsUpdateUser, { ...body(input), actor } as RpcRequest<typeof accountsUpdateUser>);
  }

  @Post('users.updateOwnBasicInfo')
  @HttpCode(200)
  async updateOwnBasicInfo(@Body() input: unknown, @CurrentActor() actor: Actor, @Req() request: RestRequest) {
    return this.rpc.request(accountsUpdateOwnBasicInfo, {
      ...body(input),
      actor,
      authToken: request.authToken,
    } as RpcRequest<typeof accountsUpdateOwnBasicInfo>);
  }

  @Post('users.delete')
  @HttpCode(200)
  async delete(@Body() input: unknown, @CurrentActor() actor: Actor) {
    await this.rpc.request(accountsDeleteUser, { ...body(input), actor } as RpcRequest<typeof accountsDeleteUser>);
    return {};
  }
}
