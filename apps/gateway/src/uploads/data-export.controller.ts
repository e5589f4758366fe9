import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { dataExportFileForDownload } from '@rc/contracts';
import { StoredBodyMissing } from '@rc/file-storage';
import { RpcClient } from '@rc/platform';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { Authenticator } from '../rest/common/authenticator.js';
import { contentDisposition } from './content-disposition.js';
import { credentialHeaders } from './file-download.controller.js';
import { FileStorageService } from './file-storage.service.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Rocket.Chat's error page of the export route: the error's title and text, and a link to the server. */
function errorPage(title: string, description: string, serverUrl: string): string {
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>Rocket.Chat</title></head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${escapeHtml(description)}</p>`,
    `<p><a href="${escapeHtml(serverUrl)}">${escapeHtml(serverUrl)}</a></p>`,
    '</body></html>',
  ].join('\n');
}

/**
 * `GET /data-export/:fileId`: a finished user data export's zip (the link of its e-mail), for its owner only —
 * identified as Rocket.Chat's file routes do (the REST headers, the `rc_uid`/`rc_token` cookies or query). As
 * Rocket.Chat answers: 403 with its "Feature Disabled" page while `UserData_EnableDownload` is off, 404 for no
 * such file, 403 with its "log in" page for anyone else.
 */
@Controller('data-export')
export class DataExportController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly authenticator: Authenticator,
    private readonly storage: FileStorageService,
  ) {}

  @Get(':fileId')
  async download(@Param('fileId') fileId: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const caller = await this.authenticator.authenticate(credentialHeaders(request), 'optional');
    const answer = await this.rpc.request(dataExportFileForDownload, { userId: caller?.user._id, fileId });
    const serverUrl = `${request.protocol}://${request.get('host') ?? 'localhost'}/`;
    const page = (title: string, text: string) =>
      response
        .status(403)
        .setHeader('Content-Type', 'text/html; charset=UTF-8')
        .end(errorPage(title, text, serverUrl));
    switch (answer.status) {
      case 'disabled':
        page('Feature Disabled', 'Sorry, user data exports are not enabled on this server!');
        return;
      case 'forbidden':
        page('Forbidden', 'You need to log into your Rocket.Chat account to download this data export. Click the link below to do that.');
        return;
      case 'not-found':
        response.status(404).end();
        return;
    }
    const { file, storage } = answer;
    let body;
    try {
      body = await (await this.storage.driverFor(storage)).read(file._id);
    } catch (error) {
      if (!(error instanceof StoredBodyMissing)) throw error;
      response.status(404).end();
      return;
    }
    response.status(200);
    response.setHeader('Content-Security-Policy', "default-src 'none'");
    response.setHeader('Cache-Control', 'max-age=31536000');
    response.setHeader('Content-Type', file.type);
    response.setHeader('Content-Length', file.size);
    response.setHeader('Content-Disposition', contentDisposition('attachment', file.name));
    response.setHeader('X-Content-Type-Options', 'nosniff');
    await pipeline(body, response).catch(() => undefined);
  }
}
