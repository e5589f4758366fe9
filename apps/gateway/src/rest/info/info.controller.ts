import { Get, Req } from '@nestjs/common';
import { authorizationHasPermission } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import { OptionalAuth } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import type { RestRequest } from '../common/rest-request.js';
import { BUILD_INFO, COMPATIBLE_VERSION, MINIMUM_CLIENT_VERSIONS } from './server-info.js';

/**
 * `GET /api/info`: the major.minor version for everyone; the full version and build details for callers
 * holding `view-statistics` (asked of the authorization service, which reads the database).
 */
@RestController('api')
export class InfoController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('info')
  @OptionalAuth()
  async info(@Req() request: RestRequest) {
    const privileged =
      request.actor !== undefined &&
      (await this.rpc.request(authorizationHasPermission, {
        userId: request.actor.userId,
        permissions: ['view-statistics'],
      }));
    return {
      version: privileged ? COMPATIBLE_VERSION : COMPATIBLE_VERSION.replace(/(\d+\.\d+).*/, '$1'),
      ...(privileged && { info: BUILD_INFO }),
      minimumClientVersions: MINIMUM_CLIENT_VERSIONS,
    };
  }
}
