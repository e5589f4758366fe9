import type { Response } from 'express';

/**
 * Writes a JSON answer with `Content-Type: application/json` exactly, as Rocket.Chat does (Express would add
 * `; charset=utf-8`, which clients comparing the header refuse).
 */
export function sendJson(response: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body) ?? '';
  response.status(status).setHeader('Content-Type', 'application/json');
  response.setHeader('Content-Length', Buffer.byteLength(text));
  response.end(text);
}
