import type { IncomingMessage } from 'node:http';

/**
 * Whether a conditional GET is satisfied by what the client holds (304): `If-None-Match` naming the current
 * ETag (or `*`), else — only when there is no `If-None-Match` (RFC 9110 §13.2.2) — `If-Modified-Since` at or
 * after the last modification (HTTP dates have whole seconds).
 */
export function isNotModified(request: Pick<IncomingMessage, 'headers'>, etag: string, lastModified: string): boolean {
  const match = request.headers['if-none-match'];
  if (match !== undefined) return match.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*');
  const since = request.headers['if-modified-since'];
  if (!since) return false;
  const sinceTime = Date.parse(since);
  return Number.isFinite(sinceTime) && Date.parse(lastModified) <= sinceTime;
}
