import { Injectable, type NestMiddleware } from '@nestjs/common';
import { DomainError, ErrorCode, type Params, type RestRoot } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import type { NextFunction, Request, Response } from 'express';
import { Authenticator } from '../rest/common/authenticator.js';
import { restCaller } from '../rest/common/rest-caller.js';
import { restFailureOf, sendFailure } from '../rest/common/rest-exception.filter.js';
import { sendJson } from '../rest/common/rest-reply.js';
import { restBindings } from './bound-contracts.js';
import { enterpriseFeature, enterpriseRoute, type EnterpriseRoute } from './enterprise-routes.js';
import { restSecondFactor, SecondFactorGate } from './second-factor-gate.js';
import { RestRouteTable, type MatchedRoute } from './rest-route-table.js';
import { mapRequest } from './unknown-keys.js';

const ROOTS: readonly RestRoot[] = ['v1', 'apps'];

/**
 * Serves every bound REST route under `/api/v1/` (and `/api/apps/`): authenticates the caller as the route asks,
 * maps the HTTP request onto the contract's request, re-authenticates the caller if the contract asks it
 * (`twoFactor`), sends it to the owning service, and answers Rocket.Chat's envelope
 * (`success: true`, or the error mapped once by `restFailureOf`). Anything else goes on to the hand-written
 * controllers (login, method.call, …) and then to the 404.
 */
@Injectable()
export class RestBindingsMiddleware implements NestMiddleware {
  private readonly routes = new RestRouteTable(restBindings);

  constructor(
    private readonly authenticator: Authenticator,
    private readonly rpc: RpcClient,
    private readonly secondFactor: SecondFactorGate,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const path = new URL(request.originalUrl, 'http://gateway').pathname;
    const root = ROOTS.find((one) => path.startsWith(`/api/${one}/`));
    const route = root ? this.routes.match(request.method, path.slice(`/api/${root}/`.length), root) : undefined;
    if (!route) {
      const enterprise = root === 'v1' ? enterpriseRoute(request.method, path.slice('/api/v1/'.length)) : undefined;
      if (!enterprise) return next();
      this.refuseEnterprise(enterprise, request).catch((error: unknown) => sendFailure(response, restFailureOf(error)));
      return;
    }
    this.serve(route, request, response).catch((error: unknown) => sendFailure(response, restFailureOf(error)));
  }

  /** An enterprise route without a licence: Rocket.Chat's refusal, after the login where its check is in the route. */
  private async refuseEnterprise(route: EnterpriseRoute, request: Request): Promise<never> {
    if (route.check === 'in-action') await this.authenticator.authenticate(request.headers, 'user');
    throw enterpriseFeature();
  }

  private async serve({ binding, params }: MatchedRoute, request: Request, response: Response): Promise<void> {
    const authenticated = await this.authenticator.authenticate(request.headers, binding.auth);
    const input = {
      path: binding.path,
      body: bodyOf(request),
      query: request.query as Params,
      params,
      caller: restCaller(request, authenticated?.authToken),
      actor: authenticated?.actor,
    };
    const mapped = mapRequest(binding, input);
    await this.secondFactor.check(
      binding.contract,
      mapped,
      { ...input.caller, actor: input.actor },
      restSecondFactor(request.headers, binding.typedPassword?.(input)),
    );
    const answer = await this.rpc.request(binding.contract, mapped);
    const reply = binding.reply ? binding.reply(answer, input) : answer;
    sendJson(response, 200, binding.envelope ? { ...(reply as object), success: true } : reply);
  }
}

/** A JSON (or form) body must be an object; a request without one has none. */
function bodyOf(request: Request): Params {
  const body: unknown = request.body;
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new DomainError(ErrorCode.InvalidParams, 'The request body must be a JSON object');
  }
  return body as Params;
}
