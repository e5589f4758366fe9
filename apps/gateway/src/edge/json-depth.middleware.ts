import type { NextFunction, Request, Response } from 'express';
import { MAX_JSON_DEPTH, nestedDeeperThan } from './json-depth.js';

/**
 * Express middleware, mounted right after the JSON body parser: a body nested deeper than MAX_JSON_DEPTH is a
 * 400 in Rocket.Chat's envelope before any route, binding or schema walks it.
 */
export function refuseDeepJson(request: Request, response: Response, next: NextFunction): void {
  if (!nestedDeeperThan(request.body)) return next();
  response
    .status(400)
    .json({ success: false, error: `JSON nested deeper than ${MAX_JSON_DEPTH} levels`, errorType: 'error-invalid-request' });
}
