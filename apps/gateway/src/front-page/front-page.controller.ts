import { Controller, Get, Header, NotFoundException, Req } from '@nestjs/common';
import type { Request } from 'express';
import { readFile } from 'node:fs/promises';
import { renderFrontPage } from './front-page.html.js';
import { FrontPageService } from './front-page.service.js';

/** The repository's README (dist/apps/gateway/src/front-page → the repository root), when the build runs from a clone. */
const README = new URL('../../../../../README.md', import.meta.url);

/** `GET /`: what a newcomer opening the server's address sees; `GET /README.md`: the manual it links to. */
@Controller()
export class FrontPageController {
  constructor(private readonly frontPage: FrontPageService) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-store')
  async index(@Req() request: Request): Promise<string> {
    // The address the visitor used is the one their apps should use too.
    const serverUrl = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    return renderFrontPage(await this.frontPage.view(serverUrl));
  }

  @Get('README.md')
  // Plain text: browsers show it rather than download it.
  @Header('content-type', 'text/plain; charset=utf-8')
  async readme(): Promise<string> {
    return readFile(README, 'utf8').catch(() => {
      throw new NotFoundException();
    });
  }
}
