import type { IncomingMessage } from 'node:http';

/**
 * The client's address, as Meteor computes it: the socket's peer, or, behind `forwardedCount` proxies, the
 * address that many hops back in `X-Forwarded-For` (counting from the end, which a client cannot forge).
 */
export function clientAddressOf(request: IncomingMessage, forwardedCount: number): string | undefined {
  if (forwardedCount === 0) return request.socket.remoteAddress;
  const header = request.headers['x-forwarded-for'];
  const forwardedFor = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!forwardedFor) return undefined;
  const hops = forwardedFor.split(',').map((ip) => ip.trim());
  return forwardedCount > hops.length ? undefined : hops[hops.length - forwardedCount];
}
