import { z } from 'zod';
import { as } from '../core/phantom.js';
import { defineRpc } from '../core/rpc-contract.js';
import { ActorField, EntityIdField } from '../rooms/common-fields.js';

/** Rocket.Chat's `urlPreview` (OEmbed.parseUrl): the page's meta tags and headers, and the URL's parts. */
export interface UrlPreview {
  url: string;
  meta?: Record<string, string>;
  headers?: { contentType?: string; contentLength?: string };
  parsedUrl: {
    host: string;
    hash: string;
    pathname: string;
    protocol: string;
    port: string;
    query: string;
    search: string;
    hostname: string;
  };
  ignoreParse: true;
}

/**
 * `GET chat.getURLPreview?roomId&url`: a preview of a link for a room the caller may read. The page is fetched
 * by core through request-filtering-agent (private, loopback, link-local and reserved addresses refused at
 * connect time, redirects included); a page that cannot be fetched previews as the URL alone, as Rocket.Chat.
 */
export const messagesUrlPreview = defineRpc({
  subject: 'messages.urlPreview',
  request: z.strictObject({ actor: ActorField, roomId: EntityIdField, url: z.string().min(1).max(2048) }),
  response: as<{ urlPreview: UrlPreview }>(),
  // One fetch with redirects, each hop up to 5 s.
  timeoutMs: 25_000,
}).get('chat.getURLPreview', {
  request: ({ query, actor }) => ({ actor, roomId: query.roomId, url: query.url }),
});
