import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { DomainError, ErrorCode, type Actor, type UrlPreview } from '@rc/contracts';
import { InjectConfig } from '@rc/platform';
import http from 'node:http';
import https from 'node:https';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { AccessService } from '../common/access.service.js';
import type { CoreConfig } from '../core.env.js';
import { pageMeta } from './page-meta.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const MAX_REDIRECTS = 3;
const TIMEOUT_MS = 5_000;
/** Enough for any page's head; the rest is not read. */
const MAX_HTML_BYTES = 512 * 1024;

interface Fetched {
  contentType?: string;
  contentLength?: string;
  html?: string;
}

/**
 * `chat.getURLPreview`: the page behind a link, fetched without letting the caller reach the server's own
 * network. Every connection, redirects included, goes through request-filtering-agent, which checks the
 * address a name resolved to when connecting (no DNS-rebinding window) and refuses private, loopback,
 * link-local and reserved addresses unless listed in `URL_PREVIEW_ALLOWED_ADDRESSES`. Only http(s), three
 * redirects, 5 s per hop, at most 512 KB of HTML read. A page that cannot be had previews as the URL alone.
 */
@Injectable()
export class UrlPreviewService implements OnModuleDestroy {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(
    private readonly access: AccessService,
    @InjectConfig() config: CoreConfig,
  ) {
    const filtering = { allowIPAddressList: config.URL_PREVIEW_ALLOWED_ADDRESSES, keepAlive: false };
    this.httpAgent = new RequestFilteringHttpAgent(filtering);
    this.httpsAgent = new RequestFilteringHttpsAgent(filtering);
  }

  async preview(actor: Actor, roomId: string, url: string): Promise<{ urlPreview: UrlPreview }> {
    if (!(await this.access.canAccessRoom(actor.userId, roomId))) throw new DomainError(ErrorCode.NotAllowed, 'Not allowed');
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new DomainError(ErrorCode.InvalidParams, 'Invalid URL');
    }
    const urlPreview: UrlPreview = { url, parsedUrl: parsedUrlOf(parsed), ignoreParse: true };
    const fetched = await this.fetch(parsed).catch(() => undefined);
    if (fetched) {
      urlPreview.headers = {
        ...(fetched.contentType && { contentType: fetched.contentType }),
        ...(fetched.contentLength && { contentLength: fetched.contentLength }),
      };
      if (fetched.html !== undefined) urlPreview.meta = pageMeta(fetched.html);
    }
    return { urlPreview };
  }

  private async fetch(start: URL): Promise<Fetched> {
    let current = start;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const response = await this.get(current);
      const status = response.statusCode ?? 0;
      if (REDIRECTS.has(status) && response.headers.location) {
        response.resume();
        current = new URL(response.headers.location, current);
        continue;
      }
      const contentType = response.headers['content-type'];
      const fetched: Fetched = { contentType, contentLength: response.headers['content-length'] };
      if (status !== 200 || !/^text\/html|^application\/xhtml\+xml/i.test(contentType ?? '')) {
        response.resume();
        return fetched;
      }
      return { ...fetched, html: await readAtMost(response, MAX_HTML_BYTES) };
    }
    throw new Error('too many redirects');
  }

  private get(target: URL): Promise<http.IncomingMessage> {
    if (target.protocol !== 'http:' && target.protocol !== 'https:') return Promise.reject(new Error('not http(s)'));
    const client = target.protocol === 'https:' ? https : http;
    const agent = target.protocol === 'https:' ? this.httpsAgent : this.httpAgent;
    return new Promise((resolve, reject) => {
      const request = client.get(target, { agent, timeout: TIMEOUT_MS, headers: { accept: 'text/html, */*;q=0.5' } }, (response) => {
        response.setTimeout(TIMEOUT_MS, () => response.destroy(new Error('timed out')));
        resolve(response);
      });
      request.once('timeout', () => request.destroy(new Error('timed out')));
      request.once('error', reject);
    });
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

/** Reads a body up to `limit` bytes (then stops reading), as UTF-8. */
function readAtMost(response: http.IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    response.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size >= limit) {
        response.destroy();
        resolve(Buffer.concat(chunks).subarray(0, limit).toString('utf8'));
      }
    });
    response.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.once('error', reject);
  });
}

/** Rocket.Chat's `parsedUrl`: the URL's parts, `query` without its `?`. */
function parsedUrlOf(url: URL): UrlPreview['parsedUrl'] {
  return {
    host: url.host,
    hash: url.hash,
    pathname: url.pathname,
    protocol: url.protocol,
    port: url.port,
    query: url.search.replace(/^\?/, ''),
    search: url.search,
    hostname: url.hostname,
  };
}
