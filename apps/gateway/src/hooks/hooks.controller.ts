import { All, Controller, Req, Res } from '@nestjs/common';
import { integrationsIncoming } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import type { Request, Response } from 'express';
import { restFailureOf, sendFailure } from '../rest/common/rest-exception.filter.js';
import { sendJson } from '../rest/common/rest-reply.js';
import { HookBodyError, readHookBody } from './hook-body.js';

/**
 * Rocket.Chat's incoming webhooks, outside `/api/v1` as there: `POST` (or `GET`) `/hooks/:integrationId/:token`
 * and `/hooks/:integrationId/:userId/:token`. The token in the path is the credential; core checks it, runs the
 * integration's script and posts. The answer is Rocket.Chat's (`{success: true}`, `{success: false, error}`).
 */
@Controller('hooks')
export class HooksController {
  constructor(private readonly rpc: RpcClient) {}

  @All([':integrationId/:token', ':integrationId/:userId/:token'])
  async hook(@Req() request: Request, @Res() response: Response): Promise<void> {
    if (request.method !== 'POST' && request.method !== 'GET') {
      sendJson(response, 404, { success: false, error: 'Resource not found' });
      return;
    }
    const { integrationId, token } = request.params as Record<string, string>;
    try {
      const { body, raw } = await readHookBody(request);
      const headers = Object.fromEntries(
        Object.entries(request.headers)
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : String(value)]),
      );
      const answer = await this.rpc.request(integrationsIncoming, {
        integrationId: integrationId,
        token: token,
        body,
        rawContent: raw,
        query: request.query,
        headers,
        url: request.originalUrl,
      });
      sendJson(response, answer.status, answer.body);
    } catch (error) {
      if (error instanceof HookBodyError) sendJson(response, 400, { success: false, error: error.message });
      else sendFailure(response, restFailureOf(error));
    }
  }
}
