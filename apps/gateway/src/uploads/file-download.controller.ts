import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { DomainError, ErrorCode, uploadsForDownload } from '@rc/contracts';
import { StoredBodyMissing } from '@rc/file-storage';
import { RpcClient } from '@rc/platform';
import type { Request, Response } from 'express';
import type { IncomingHttpHeaders } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { Authenticator } from '../rest/common/authenticator.js';
import { isNotModified } from './conditional-request.js';
import { parseByteRange } from './byte-range.js';
import { contentDisposition } from './content-disposition.js';
import { FileStorageService } from './file-storage.service.js';

/** Rocket.Chat's credentials for file links: the REST headers, else the `rc_uid`/`rc_token` cookies, else the query. */
export function credentialHeaders(request: Request): IncomingHttpHeaders {
  if (request.headers['x-user-id'] && request.headers['x-auth-token']) return request.headers;
  const cookies = Object.fromEntries(
    (request.headers.cookie ?? '')
      .split(';')
      .map((pair) => pair.trim().split('='))
      .filter((pair) => pair.length >= 2)
      .map(([key, ...value]) => [key, decodeURIComponent(value.join('='))]),
  );
  const query = request.query as Record<string, unknown>;
  const pick = (name: string) =>
    typeof cookies[name] === 'string' ? cookies[name] : typeof query[name] === 'string' ? query[name] : undefined;
  return { 'x-user-id': pick('rc_uid'), 'x-auth-token': pick('rc_token') };
}

/**
 * `GET /file-upload/:fileId/:name`: the body streamed from the storage, for whoever core says may read it
 * (`FileUpload_ProtectFiles`: members of the file's room). Range requests (seeking in audio and video; one
 * range: a request for several gets the whole body with 200, as RFC 9110 allows), `ETag` / `If-None-Match`,
 * `Last-Modified` / `If-Modified-Since`, `?download` for an attachment; an S3 body without the proxy is a redirect to a
 * signed URL. Refusals are plain 403 / 404, as Rocket.Chat's file handler answers.
 */
@Controller('file-upload')
export class FileDownloadController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly authenticator: Authenticator,
    private readonly storage: FileStorageService,
  ) {}

  @Get(':fileId/:name')
  async download(@Param('fileId') fileId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    let found;
    try {
      const caller = await this.authenticator.authenticate(credentialHeaders(request), 'optional');
      found = await this.rpc.request(uploadsForDownload, { userId: caller?.user._id, fileId });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status =
        error.code === ErrorCode.NotFound || error.code === ErrorCode.InvalidParams
          ? 404
          : error.code === ErrorCode.ServiceUnavailable
            ? 503
            : 403;
      response.status(status).end();
      return;
    }
    const { file, storage } = found;
    const etag = `"${file.etag}"`;
    const disposition = contentDisposition(request.query.download !== undefined ? 'attachment' : 'inline', file.name);
    const driver = await this.storage.driverFor(storage);
    if (driver.signedUrl && storage.type === 'AmazonS3' && !storage.proxy) {
      response.redirect(302, await driver.signedUrl(file._id, { contentType: file.type, contentDisposition: disposition }));
      return;
    }
    const lastModified = new Date(file.uploadedAt).toUTCString();
    response.setHeader('ETag', etag);
    response.setHeader('Last-Modified', lastModified);
    response.setHeader('Cache-Control', 'private, max-age=31536000');
    // `If-None-Match` first; `If-Modified-Since` only without it (RFC 9110 §13.2.2).
    if (isNotModified(request, etag, lastModified)) {
      response.status(304).end();
      return;
    }
    const range = parseByteRange(request.headers.range, file.size);
    if (range === 'unsatisfiable') {
      response.status(416).setHeader('Content-Range', `bytes */${file.size}`).end();
      return;
    }
    let body;
    try {
      body = await driver.read(file._id, range);
    } catch (error) {
      if (!(error instanceof StoredBodyMissing)) throw error;
      response.status(404).end();
      return;
    }
    response.status(range ? 206 : 200);
    response.setHeader('Content-Type', file.type);
    response.setHeader('Content-Length', range ? range.end - range.start + 1 : file.size);
    response.setHeader('Content-Disposition', disposition);
    response.setHeader('Accept-Ranges', 'bytes');
    // User content served from our origin: never sniffed into something else, never a page running scripts.
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; media-src 'self'; style-src 'unsafe-inline'");
    if (range) response.setHeader('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`);
    // A reader that leaves mid-body ends the storage stream with it.
    await pipeline(body, response).catch(() => undefined);
  }
}
