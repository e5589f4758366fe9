import type { NextFunction, Request, Response } from 'express';
import { sendJson } from '../rest/common/rest-reply.js';

/**
 * Express middleware, mounted first: every `response.json(…)` — Nest's controllers, guards, filters and any
 * middleware — answers `Content-Type: application/json` exactly, as Rocket.Chat does. Express's own `json`
 * appends `; charset=utf-8`, which clients and tools comparing the header refuse.
 */
export function exactJsonContentType(_request: Request, response: Response, next: NextFunction): void {
  response.json = (body?: unknown) => {
    sendJson(response, response.statusCode, body);
    return response;
  };
  next();
}
