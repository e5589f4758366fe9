import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service.js';

/** Label of a request no route matched: raw paths would make one time series per URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

const ROUTE_LABEL = 'metricsRoute';

/**
 * Names the route pattern a request was served by, for handlers that are no Express route (a middleware that
 * dispatches a table of routes): e.g. `labelHttpRoute(response, '/api/v1/rooms.info')`.
 */
export function labelHttpRoute(response: Response, route: string): void {
  response.locals[ROUTE_LABEL] = route;
}

/**
 * The route label of a finished request: the pattern a handler declared, else the Express route that matched,
 * else — for an answered `/api/…` request — its endpoint name with any further segments folded into `/…`
 * (bounded: `/api/v1/settings/…`, never one series per id), else UNMATCHED_ROUTE.
 */
export function routeLabel(request: Request, response: Response): string {
  const declared: unknown = response.locals[ROUTE_LABEL];
  if (typeof declared === 'string') return declared;
  const route = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof route === 'string') return `${request.baseUrl}${route}`;
  const path = (request.originalUrl ?? request.url).split('?')[0];
  const endpoint = /^\/api\/v\d+\/[^/]+/.exec(path)?.[0];
  if (endpoint && response.statusCode !== 404) return endpoint === path ? path : `${endpoint}/…`;
  return UNMATCHED_ROUTE;
}

/**
 * Times every HTTP request by method, route pattern (`/api/v1/chat.sendMessage`, `/avatar/:username`) and
 * status code: the REST surface's rate, errors and latency per endpoint. Installed before Nest's router, read
 * when the response is finished (the router has matched by then).
 */
export function observeHttpRequests(app: INestApplication): void {
  const histogram = app
    .get(MetricsService)
    .histogram('http_request_duration_seconds', 'HTTP requests handled (REST and health), by route pattern', ['method', 'route', 'status']);
  app.use((request: Request, response: Response, next: NextFunction) => {
    const stopTimer = histogram.startTimer();
    response.once('finish', () => {
      stopTimer({ method: request.method, route: routeLabel(request, response), status: String(response.statusCode) });
    });
    next();
  });
}
