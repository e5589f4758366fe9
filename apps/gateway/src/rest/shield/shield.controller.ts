import { Get, Req, Res } from '@nestjs/common';
import { DomainError, ErrorCode, settingsShield, type RpcRequest } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import type { Response } from 'express';
import { OptionalAuth } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import type { RestRequest } from '../common/rest-request.js';

/** The query keys `shield.svg` takes: Rocket.Chat's validator's, and the user of a `user` shield. */
const KEYS = ['name', 'channel', 'type', 'icon', 'userId', 'username'] as const;

/**
 * `GET /api/v1/shield.svg`: Rocket.Chat's badge, an SVG image rather than JSON (so not a binding); drawn by core
 * (`settings.shield`), errors in Rocket.Chat's JSON envelope. Anyone may ask; a login counts for user shields.
 */
@RestController()
export class ShieldController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('shield.svg')
  @OptionalAuth()
  async shield(@Req() request: RestRequest, @Res() response: Response): Promise<void> {
    const query = request.query as Record<string, unknown>;
    const unknown = Object.keys(query).find((key) => !(KEYS as readonly string[]).includes(key));
    if (unknown !== undefined) {
      throw new DomainError(ErrorCode.InvalidParams, 'must NOT have additional properties', { additionalProperty: unknown });
    }
    // The values are the client's: core's schema checks them (strings, `icon` 'true' or 'false').
    const given = Object.fromEntries(KEYS.filter((key) => query[key] !== undefined).map((key) => [key, query[key]]));
    const { svg } = await this.rpc.request(settingsShield, { actor: request.actor, ...given } as RpcRequest<typeof settingsShield>);
    response.status(200).type('image/svg+xml; charset=utf-8').send(svg);
  }
}
