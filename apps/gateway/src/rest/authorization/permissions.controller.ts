import { Body, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  authorizationListPermissions,
  authorizationUpdatePermissions,
  DomainError,
  ErrorCode,
  type Actor,
  type RpcRequest,
} from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { CurrentActor } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { body } from '../common/rest-params.js';

@RestController()
export class PermissionsController {
  constructor(private readonly rpc: RpcClient) {}

  /** Every permission, or (`updatedSince`) those changed since: `{update, remove}`. */
  @Get('permissions.listAll')
  listAll(@Query('updatedSince') updatedSince: unknown) {
    return this.rpc.request(authorizationListPermissions, { updatedSince: parseUpdatedSince(updatedSince) });
  }

  @Post('permissions.update')
  @HttpCode(200)
  update(@Body() input: unknown, @CurrentActor() actor: Actor) {
    return this.rpc.request(authorizationUpdatePermissions, { ...body(input), actor } as RpcRequest<typeof authorizationUpdatePermissions>);
  }
}

function parseUpdatedSince(value: unknown): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time)) {
    throw new DomainError(ErrorCode.InvalidUpdatedSince, 'The "updatedSince" query parameter must be a valid date.');
  }
  return new Date(time);
}
