import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { customSoundsForServe, DomainError, emojiCustomForServe, ErrorCode, type StorageConfig } from '@rc/contracts';
import { StoredBodyMissing } from '@rc/file-storage';
import { RpcClient } from '@rc/platform';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { GENERATED_LAST_MODIFIED } from '../avatars/avatar.controller.js';
import { parseByteRange } from '../uploads/byte-range.js';
import { isNotModified } from '../uploads/conditional-request.js';
import { FileStorageService } from '../uploads/file-storage.service.js';

/** What Rocket.Chat shows for an emoji it does not know: a grey square with a question mark. */
export const PLACEHOLDER_EMOJI_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">' +
  '<rect width="64" height="64" rx="8" fill="#e4e7ea"/>' +
  '<text x="32" y="44" font-family="Helvetica, Arial, sans-serif" font-size="36" fill="#9ea2a8" text-anchor="middle">?</text></svg>';

/** `name.ext` → `name` (the clients ask for `/emoji-custom/<encoded name>.<extension>?etag`). */
const withoutExtension = (file: string) => file.replace(/\.[a-z0-9+]{1,10}$/i, '');

const SOUND_TYPES: Record<string, string> = { mp3: 'audio/mpeg', wav: 'audio/wav', ogg: 'audio/ogg', m4a: 'audio/mp4' };

/**
 * `GET /emoji-custom/:name` and `GET /custom-sounds/:id.:ext`, as Rocket.Chat serves them: the stored body
 * streamed from the file storage with `ETag` / `Last-Modified` (and their 304s) and a year of public caching —
 * the clients add the emoji's `etag` to the URL, so a new image is a new URL. An unknown emoji is Rocket.Chat's
 * placeholder SVG (never cached); an unknown sound is a 404. Sounds answer byte ranges (206, 416) as uploads do.
 */
@Controller()
export class CustomAssetsController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: FileStorageService,
  ) {}

  @Get('emoji-custom/:file')
  async emoji(@Param('file') file: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const name = withoutExtension(file);
    const found = name ? await this.ask(() => this.rpc.request(emojiCustomForServe, { name: name.slice(0, 200) }), response) : {};
    if (found === undefined) return;
    const { emoji, storage } = found;
    if (emoji?.etag && storage) {
      const served = await this.serve(request, response, {
        storage,
        key: emoji.etag,
        etag: `"${emoji.etag}"`,
        lastModified: new Date(emoji._updatedAt).toUTCString(),
        type: `image/${emoji.extension}`,
      });
      if (served) return;
    }
    response.setHeader('Content-Type', 'image/svg+xml');
    response.setHeader('Cache-Control', 'public, max-age=0');
    response.setHeader('Expires', '-1');
    response.setHeader('Last-Modified', GENERATED_LAST_MODIFIED);
    response.setHeader('Content-Length', Buffer.byteLength(PLACEHOLDER_EMOJI_SVG));
    response.status(200).end(PLACEHOLDER_EMOJI_SVG);
  }

  @Get('custom-sounds/:file')
  async sound(@Param('file') file: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const _id = withoutExtension(file);
    const found = _id && _id.length <= 64 ? await this.ask(() => this.rpc.request(customSoundsForServe, { _id }), response) : {};
    if (found === undefined) return;
    const { sound, storage } = found;
    const served =
      sound &&
      storage &&
      (await this.serve(request, response, {
        storage,
        key: sound._id,
        etag: `"${sound._id}-${sound._updatedAt ? new Date(sound._updatedAt).getTime() : 0}"`,
        lastModified: new Date(sound._updatedAt ?? GENERATED_LAST_MODIFIED).toUTCString(),
        type: SOUND_TYPES[sound.extension] ?? `audio/${sound.extension}`,
        size: sound.size,
      }));
    if (!served) response.status(404).end();
  }

  /** The core's answer; undefined once an error answer was sent. */
  private async ask<T>(call: () => Promise<T>, response: Response): Promise<T | undefined> {
    try {
      return await call();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      response.status(error.code === ErrorCode.ServiceUnavailable ? 503 : 404).end();
      return undefined;
    }
  }

  /** False when the body is missing from the storage. */
  private async serve(
    request: Request,
    response: Response,
    body: { storage: StorageConfig; key: string; etag: string; lastModified: string; type: string; size?: number },
  ): Promise<boolean> {
    let stream;
    if (isNotModified(request, body.etag, body.lastModified)) {
      response.setHeader('ETag', body.etag);
      response.status(304).end();
      return true;
    }
    // Byte ranges (seeking, Safari's audio element) when the size is known: sounds uploaded by this server.
    const range = body.size === undefined ? undefined : parseByteRange(request.headers.range, body.size);
    if (range === 'unsatisfiable') {
      response.status(416).setHeader('Content-Range', `bytes */${body.size}`).end();
      return true;
    }
    try {
      stream = await (await this.storage.driverFor(body.storage)).read(body.key, range);
    } catch (error) {
      if (error instanceof StoredBodyMissing) return false;
      throw error;
    }
    if (body.size !== undefined) {
      response.status(range ? 206 : 200);
      response.setHeader('Accept-Ranges', 'bytes');
      response.setHeader('Content-Length', range ? range.end - range.start + 1 : body.size);
      if (range) response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${body.size}`);
    }
    response.setHeader('ETag', body.etag);
    response.setHeader('Last-Modified', body.lastModified);
    response.setHeader('Cache-Control', 'public, max-age=31536000');
    response.setHeader('Content-Type', body.type);
    response.setHeader('Content-Disposition', 'inline');
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'");
    await pipeline(stream, response).catch(() => undefined);
    return true;
  }
}
