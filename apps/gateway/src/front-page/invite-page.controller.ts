import { Controller, Get, Param, Req, Res } from '@nestjs/common';
import { invitesValidateToken } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import type { Request, Response } from 'express';
import { FrontPageService } from './front-page.service.js';
import { renderInvitePage } from './invite-page.html.js';

/** Invite tokens are Rocket.Chat's random ids; anything else is not looked up. */
const TOKEN = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `GET /invite/:token`, the link `findOrCreateInvite` hands out (`<Site_Url>/invite/<token>`): a page for the
 * browser that opens it. 200 for a usable invitation, 404 for any other (unknown, expired, used up, removed), as
 * `validateInviteToken` answers; the page never names the room, which only a member who uses the token learns.
 */
@Controller()
export class InvitePageController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly frontPage: FrontPageService,
  ) {}

  @Get('invite/:token')
  async invite(@Param('token') token: string, @Req() request: Request, @Res() response: Response): Promise<void> {
    const valid = TOKEN.test(token) && (await this.rpc.request(invitesValidateToken, { token })).valid;
    const serverUrl = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    response.status(valid ? 200 : 404);
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'");
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.end(renderInvitePage({ siteName: await this.frontPage.siteName(), serverUrl, token, valid }));
  }
}
