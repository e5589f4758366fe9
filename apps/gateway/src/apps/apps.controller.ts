import { All, Controller, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { appsApiCall, appsInstall, appsList, appsMarketplace, DomainError, ErrorCode } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import type { Request, Response } from 'express';
import type { Readable } from 'node:stream';
import { receiveAvatarMultipart } from '../avatars/avatar-multipart.js';
import { Authenticator } from '../rest/common/authenticator.js';
import { RestController } from '../rest/common/rest-controller.decorator.js';
import { restFailureOf, sendFailure } from '../rest/common/rest-exception.filter.js';
import { sendJson } from '../rest/common/rest-reply.js';
import type { RestRequest } from '../rest/common/rest-request.js';

/** The largest app package accepted (Rocket.Chat's apps are a few hundred kB; 20 MB leaves room for assets). */
const MAX_PACKAGE_BYTES = 20 * 1024 * 1024;
const noApp = () => new DomainError(ErrorCode.InvalidParams, 'Failed to get a file to install for the App.');

async function bufferOf(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * `GET /api/apps` (the installed apps) and `POST /api/apps` (multipart: `app`, the package `.zip`; optional
 * `permissions`, the JSON list of granted permissions): hand-written, since the bare path is not below
 * `/api/apps/` where the bound routes live, and the install is a multipart upload. Both need `manage-apps`
 * (checked by the apps-engine).
 */
@RestController('api/apps')
export class AppsAdminController {
  constructor(private readonly rpc: RpcClient) {}

  /** Rocket.Chat's older query forms ask the Marketplace (`?marketplace=true`, `?categories=true`, `?buildExternalUrl=true`). */
  @Get()
  list(@Req() request: RestRequest) {
    const query = request.query as Record<string, unknown>;
    const resource =
      query.marketplace === 'true'
        ? 'marketplace'
        : query.categories === 'true'
          ? 'categories'
          : query.buildExternalUrl === 'true'
            ? 'buildExternalUrl'
            : undefined;
    if (resource) {
      const purchaseType = typeof query.purchaseType === 'string' ? query.purchaseType : undefined;
      return this.rpc.request(appsMarketplace, { actor: request.actor!, resource, purchaseType });
    }
    return this.rpc.request(appsList, { actor: request.actor! });
  }

  @Post()
  @HttpCode(200)
  install(@Req() request: RestRequest) {
    return this.installOrUpdate(request);
  }

  /** `POST /api/apps/:id`: a new package of an installed app (multipart `app`, or `{url}`), as Rocket.Chat's update. */
  @Post(':id')
  @HttpCode(200)
  update(@Req() request: RestRequest, @Param('id') appId: string) {
    return this.installOrUpdate(request, appId);
  }

  private async installOrUpdate(request: RestRequest, appId?: string) {
    const { url } = (request.body ?? {}) as { url?: unknown };
    if (!request.is('multipart/form-data') && typeof url === 'string') {
      // Rocket.Chat's install from a URL (`{url}`): the engine downloads the package.
      return this.rpc.request(appsInstall, { actor: request.actor!, url, ...(appId && { appId }) });
    }
    if (!request.is('multipart/form-data')) throw noApp();
    const { stored, fields } = await receiveAvatarMultipart(request, MAX_PACKAGE_BYTES, bufferOf, { field: 'app', missing: noApp });
    let permissionsGranted: Array<{ name: string }> | undefined;
    if (fields.permissions) {
      try {
        permissionsGranted = JSON.parse(fields.permissions) as Array<{ name: string }>;
      } catch {
        throw new DomainError(ErrorCode.InvalidParams, 'The "permissions" field is not valid JSON');
      }
    }
    return this.rpc.request(appsInstall, {
      actor: request.actor!,
      zip: stored.toString('base64'),
      permissionsGranted,
      ...(appId && { appId }),
    });
  }
}

/**
 * Apps' HTTP endpoints: `/api/apps/public/:appId/<path>` and `/api/apps/private/:appId/:hash/<path>`, any method.
 * The request (headers, query, JSON or text body, the caller when authenticated) goes to the apps-engine, the
 * app's answer (status, headers, content) comes back as is.
 */
@Controller('api/apps')
export class AppsEndpointsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly authenticator: Authenticator,
  ) {}

  @All(['public/:appId/*path', 'private/:appId/:hash/*path'])
  async endpoint(@Req() request: Request, @Res() response: Response): Promise<void> {
    try {
      const { appId, hash, path } = request.params as { appId: string; hash?: string; path: string | string[] };
      const authenticated = await this.authenticator.authenticate(request.headers, 'optional').catch(() => undefined);
      const headers = Object.fromEntries(
        Object.entries(request.headers)
          .filter(([name, value]) => value !== undefined && name !== 'x-auth-token' && name !== 'cookie')
          .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
      );
      const answer = await this.rpc.request(appsApiCall, {
        appId,
        ...(hash && { hash }),
        method: request.method.toUpperCase() as 'GET',
        path: Array.isArray(path) ? path.join('/') : path,
        headers,
        query: request.query,
        params: {},
        content: request.body as unknown,
        ...(authenticated && { userId: authenticated.actor.userId }),
      });
      for (const [name, value] of Object.entries(answer.headers ?? {})) response.setHeader(name, value);
      if (answer.content === undefined) {
        response.status(answer.status).end();
      } else if (typeof answer.content === 'string' || Buffer.isBuffer(answer.content)) {
        response.status(answer.status).send(answer.content);
      } else {
        sendJson(response, answer.status, answer.content);
      }
    } catch (error) {
      sendFailure(response, restFailureOf(error));
    }
  }
}
