import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { avatarsForServe, DomainError, ErrorCode, type AvatarToServe, type IAvatar, type StorageConfig } from '@rc/contracts';
import { MAX_AVATAR_PIXELS, StoredBodyMissing } from '@rc/file-storage';
import { RpcClient } from '@rc/platform';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import sharp from 'sharp';
import { credentialHeaders } from '../uploads/file-download.controller.js';
import { isNotModified } from '../uploads/conditional-request.js';
import { FileStorageService } from '../uploads/file-storage.service.js';
import { avatarSize, DEFAULT_AVATAR_SIZE, initialsAvatar } from './initials-avatar.js';

/** Rocket.Chat's Last-Modified of every generated avatar (its `FALLBACK_LAST_MODIFIED`). */
export const GENERATED_LAST_MODIFIED = 'Thu, 01 Jan 2015 00:00:00 GMT';

type Format = 'png' | 'jpeg' | 'webp';

/** `?format=`: `png`, `jpg`/`jpeg`, `webp`; anything else keeps the avatar's own format (SVG for a generated one). */
export function avatarFormat(value: unknown): Format | undefined {
  if (typeof value !== 'string') return undefined;
  const format = value.toLowerCase();
  return format === 'png' || format === 'webp' ? format : format === 'jpg' || format === 'jpeg' ? 'jpeg' : undefined;
}

/**
 * `GET /avatar/:username` and `GET /avatar/room/:rid`, as Rocket.Chat serves them: the uploaded avatar streamed
 * from the file storage (resized by `?size=` and converted by `?format=` with sharp, on the way), else the
 * generated SVG with the initial; `ETag` / `If-None-Match`, `Last-Modified` / `If-Modified-Since`,
 * `Cache-Control: public, max-age=<Accounts_AvatarCacheTime or ?cacheTime>`. A room that does not exist is a 404;
 * a direct message without its own avatar shows the other member's (the viewer named by `rc_uid`, as Rocket.Chat).
 */
@Controller('avatar')
export class AvatarController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly storage: FileStorageService,
  ) {}

  @Get('room/:rid')
  async room(@Param('rid') rid: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const viewer = credentialHeaders(request)['x-user-id'];
    await this.serve({ rid, ...(typeof viewer === 'string' && viewer && { viewerId: viewer }) }, request, response);
  }

  @Get(':username')
  async user(@Param('username') username: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    // Clients ask for `/avatar/<username>` and sometimes `/avatar/<username>.jpg`.
    await this.serve({ username: username.replace(/\.(jpe?g|png|svg)$/i, '') }, request, response);
  }

  private async serve(target: { username?: string; rid?: string; viewerId?: string }, request: Request, response: Response) {
    let found: AvatarToServe;
    try {
      found = await this.rpc.request(avatarsForServe, target);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      response.status(error.code === ErrorCode.ServiceUnavailable ? 503 : 404).end();
      return;
    }
    const cacheTime = typeof request.query.cacheTime === 'string' ? Number.parseInt(request.query.cacheTime, 10) : NaN;
    response.setHeader('Cache-Control', `public, max-age=${Number.isFinite(cacheTime) && cacheTime >= 0 ? cacheTime : found.cacheTime}`);
    response.setHeader('Content-Disposition', 'inline');
    // An avatar is a picture: never sniffed into something else, never a page running scripts.
    response.setHeader('Content-Security-Policy', "default-src 'none'");
    response.setHeader('X-Content-Type-Options', 'nosniff');
    const format = avatarFormat(request.query.format);
    if (found.avatar && (await this.serveStored(found.avatar, format, request, response))) return;
    await this.serveGenerated(found.initialsOf, format, request, response);
  }

  /** False when the body has gone missing from the storage (the generated avatar is served instead). */
  private async serveStored(
    { file, storage }: { file: IAvatar; storage: StorageConfig },
    format: Format | undefined,
    request: Request,
    response: Response,
  ): Promise<boolean> {
    const size = request.query.size === undefined ? undefined : avatarSize(request.query.size);
    const etag = `"${file.etag}${size ? `-${size}` : ''}${format ? `-${format}` : ''}"`;
    const lastModified = new Date(file.uploadedAt).toUTCString();
    response.setHeader('ETag', etag);
    response.setHeader('Last-Modified', lastModified);
    if (isNotModified(request, etag, lastModified)) {
      response.status(304).end();
      return true;
    }
    let body;
    try {
      body = await (await this.storage.driverFor(storage)).read(file._id);
    } catch (error) {
      if (error instanceof StoredBodyMissing) return false;
      throw error;
    }
    if (!size && !format) {
      response.setHeader('Content-Type', file.type);
      response.setHeader('Content-Length', file.size);
      await pipeline(body, response).catch(() => undefined);
      return true;
    }
    const output = format ?? (file.type === 'image/jpeg' ? 'jpeg' : 'png');
    let transform = sharp({ limitInputPixels: MAX_AVATAR_PIXELS, failOn: 'error' });
    if (size) transform = transform.resize(size, size, { fit: 'cover' });
    response.setHeader('Content-Type', `image/${output}`);
    await pipeline(body, transform.toFormat(output), response).catch(() => undefined);
    return true;
  }

  private async serveGenerated(name: string, format: Format | undefined, request: Request, response: Response): Promise<void> {
    const size = request.query.size === undefined ? DEFAULT_AVATAR_SIZE : avatarSize(request.query.size);
    const { svg, etag: svgTag } = initialsAvatar(name, size);
    const etag = format ? svgTag.replace(/"$/, `-${format}"`) : svgTag;
    response.setHeader('ETag', etag);
    response.setHeader('Last-Modified', GENERATED_LAST_MODIFIED);
    if (isNotModified(request, etag, GENERATED_LAST_MODIFIED)) {
      response.status(304).end();
      return;
    }
    if (format) {
      const image = await sharp(Buffer.from(svg)).toFormat(format).toBuffer();
      response.setHeader('Content-Type', `image/${format}`);
      response.setHeader('Content-Length', image.length);
      response.status(200).end(image);
      return;
    }
    response.setHeader('Content-Type', 'image/svg+xml');
    response.setHeader('Content-Length', Buffer.byteLength(svg));
    response.status(200).end(svg);
  }
}
