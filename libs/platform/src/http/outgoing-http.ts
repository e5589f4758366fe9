import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** A call refused by the address rule (SSRF): the URL resolves to an address the administrator has not allowed. */
export class AddressRefusedError extends Error {
  constructor(host: string, address: string) {
    super(`Outgoing call to ${host} refused: ${address} is not a public address (Integrations_Allow_Private_Addresses)`);
    this.name = 'AddressRefusedError';
  }
}

/**
 * Whether an address is public unicast. Everything else is refused unless allowed: loopback, private
 * (10/8, 172.16/12, 192.168/16), link-local (169.254/16, fe80::/10, where cloud metadata lives), unique-local
 * (fc00::/7), carrier-grade NAT, unspecified, multicast, broadcast and reserved ranges; an IPv4-mapped IPv6
 * address is judged as the IPv4 address it maps.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

/** A DNS lookup that fails for non-public answers: the connection uses the very address checked (no rebinding gap). */
function guardedLookup(allowPrivate: boolean): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) return callback(error, '', 0);
      const refused = allowPrivate ? undefined : addresses.find(({ address }) => !isPublicAddress(address));
      if (refused) return callback(new AddressRefusedError(hostname, refused.address), '', 0);
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses;
      if (!first) return callback(new Error(`No address for ${hostname}`), '', 0);
      callback(null, first.address, first.family);
    });
  };
}

export interface OutgoingRequest {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  allowPrivate: boolean;
  /** The largest answer read (the rest is cut); 1 MB unless given. */
  maxBytes?: number;
}

export interface OutgoingResponse {
  status: number;
  headers: Record<string, string>;
  content: string;
  /** The answer's bytes (a download: an app package). */
  raw: Buffer;
}

/** Largest answer read (the rest is cut): an answer is a message to post, not a download. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * One outgoing HTTP(S) call under the address rule: an IP literal is checked before connecting, a host name at
 * resolution time (every address it resolves to must be public). Redirects are not followed.
 */
export function outgoingCall(request: OutgoingRequest): Promise<OutgoingResponse> {
  const url = new URL(request.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return Promise.reject(new Error(`Unsupported protocol ${url.protocol}`));
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && !request.allowPrivate && !isPublicAddress(host)) {
    return Promise.reject(new AddressRefusedError(host, host));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: request.method,
        headers: { ...request.headers, ...(request.body !== undefined && { 'Content-Length': Buffer.byteLength(request.body) }) },
        lookup: guardedLookup(request.allowPrivate),
        timeout: request.timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        const maxBytes = request.maxBytes ?? MAX_RESPONSE_BYTES;
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < maxBytes) chunks.push(chunk.subarray(0, maxBytes - size));
          size += chunk.length;
        });
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = String(value);
          const raw = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers, content: raw.toString('utf8'), raw });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`No answer within ${request.timeoutMs} ms`)));
    req.on('error', reject);
    req.end(request.body);
  });
}
