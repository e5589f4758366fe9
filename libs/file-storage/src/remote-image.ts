import { DomainError, ErrorCode } from '@rc/contracts';
import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

export interface RemoteImage {
  body: Readable;
  contentType: string;
}

export interface RemoteImageOptions {
  /** Private or reserved addresses (IPs, CIDRs) that may be reached all the same; none by default. */
  allowedAddresses?: string[];
  /** Connection, headers and idle time of one request, ms. */
  timeoutMs?: number;
  maxRedirects?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

const invalidUrl = (url: string, why?: string) =>
  new DomainError(ErrorCode.AvatarInvalidUrl, `Invalid avatar URL: ${encodeURI(url)}${why ? ` (${why})` : ''}`, { url });

/**
 * Fetches an image from a URL a user gave (`users.setAvatar`'s `avatarUrl`) without letting that user reach
 * the server's own network: every connection, redirects included, goes through request-filtering-agent, which
 * checks the address the name resolved to at connect time (so DNS rebinding cannot slip past a check made
 * earlier) and refuses private, loopback, link-local and reserved addresses. Only http(s), a few redirects,
 * a time limit, and an `image/*` answer; the body is returned as a stream for the caller to bound.
 */
export class RemoteImageFetcher {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;

  constructor(options: RemoteImageOptions = {}) {
    const filtering = { allowIPAddressList: options.allowedAddresses ?? [], keepAlive: false };
    this.httpAgent = new RequestFilteringHttpAgent(filtering);
    this.httpsAgent = new RequestFilteringHttpsAgent(filtering);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.maxRedirects = options.maxRedirects ?? 3;
  }

  async fetch(url: string, label = 'the user'): Promise<RemoteImage> {
    let current = url;
    for (let hop = 0; hop <= this.maxRedirects; hop++) {
      const response = await this.get(current, url);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status) && response.headers.location) {
        response.resume();
        try {
          current = new URL(response.headers.location, current).toString();
        } catch {
          throw invalidUrl(url);
        }
        continue;
      }
      if (status !== 200) {
        response.resume();
        if (status === 404) throw invalidUrl(url);
        throw new DomainError(
          ErrorCode.AvatarUrlHandling,
          `Error while handling avatar setting from a URL (${encodeURI(url)}) for ${label}`,
          { url },
        );
      }
      const contentType = response.headers['content-type'] ?? '';
      if (!/^image\/.+/.test(contentType)) {
        response.resume();
        throw invalidUrl(url);
      }
      return { body: response, contentType };
    }
    throw invalidUrl(url, 'too many redirects');
  }

  private get(target: string, asked: string): Promise<http.IncomingMessage> {
    let parsed: URL;
    try {
      parsed = new URL(target);
    } catch {
      return Promise.reject(invalidUrl(asked));
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return Promise.reject(invalidUrl(asked));
    const client = parsed.protocol === 'https:' ? https : http;
    const agent = parsed.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    return new Promise((resolve, reject) => {
      const request = client.get(parsed, { agent, timeout: this.timeoutMs, headers: { accept: 'image/*' } }, (response) => {
        response.setTimeout(this.timeoutMs, () => response.destroy(invalidUrl(asked, 'timed out')));
        resolve(response);
      });
      request.once('timeout', () => request.destroy(new Error('timed out')));
      request.once('error', (error) => {
        const refused = /is not allowed/.test(error.message);
        reject(invalidUrl(asked, refused ? 'the address is not allowed' : error.message));
      });
    });
  }

  destroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
