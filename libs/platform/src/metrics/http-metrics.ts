import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service.js';

/** Label of a request no route matched: raw paths would make one time series per URL. */
export const UNMATCHED_ROUTE = '(unmatched)';

/**
 * Times every HTTP request by method, route pattern (`/api/v1/chat.sendMessage`, `/avatar/:username`) and
 * status code: the REST surface's rate, errors and latency per endpoint. Installed before Nest's router, read
 * when the response is finished (the router has set `req.route` by then).
 */
export function observeHttpRequests(app: INestApplication): void {
  const histogram = app
    .get(MetricsService)
    .histogram('http_request_duration_seconds', 'HTTP requests handled (REST and health), by route pattern', ['method', 'route', 'status']);
  app.use((req: Request, res: Response, next: NextFunction) => {
    const stopTimer = histogram.startTimer();
    res.once('finish', () => {
      const route = (req.route as { path?: unknown } | undefined)?.path;
      stopTimer({
        method: req.method,
        route: typeof route === 'string' ? `${req.baseUrl}${route}` : UNMATCHED_ROUTE,
        status: String(res.statusCode),
      });
    });
    next();
  });
}
