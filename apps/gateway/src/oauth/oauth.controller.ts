import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import { accountsOAuthAuthorize, accountsOAuthCallback, DomainError, ErrorCode, OAuthServiceKey } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import type { Response } from 'express';
import { END_OF_LOGIN_CSP, END_OF_POPUP_SCRIPT, END_OF_REDIRECT_SCRIPT, renderEndOfLogin, renderLoginError } from './end-of-login.html.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

/**
 * The browser's side of an OAuth login (Meteor's `/_oauth/<service>` routes): the start, where the published
 * `authorizePath` sends Rocket.Chat's client, and the provider's redirect back, answered with Meteor's
 * end-of-login page. The work (state, PKCE, code exchange, identity, user) is accounts'.
 */
@Controller()
export class OAuthController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('_oauth/:service/authorize')
  async authorize(@Param('service') service: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.answer(res, async () => {
      const clientState = text(query.state);
      if (!OAuthServiceKey.safeParse(service).success || !clientState)
        throw new DomainError(ErrorCode.OAuthInvalidState, 'Invalid OAuth state');
      const { location } = await this.rpc.request(accountsOAuthAuthorize, { service, clientState });
      res.redirect(302, location);
    });
  }

  @Get('_oauth/:service')
  async callback(@Param('service') service: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.answer(res, async () => {
      if (!OAuthServiceKey.safeParse(service).success) throw new DomainError(ErrorCode.OAuthServiceNotConfigured, 'Service not configured');
      const completion = await this.rpc.request(accountsOAuthCallback, {
        service,
        code: text(query.code),
        state: text(query.state),
        error: text(query.error),
      });
      this.page(res, 200, renderEndOfLogin(completion));
    });
  }

  @Get('packages/oauth/end_of_popup_response.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  popupScript(): string {
    return END_OF_POPUP_SCRIPT;
  }

  @Get('packages/oauth/end_of_redirect_response.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  redirectScript(): string {
    return END_OF_REDIRECT_SCRIPT;
  }

  /** A refusal is a page too (the user is in a browser window), 400; accounts unreachable is 503. */
  private async answer(res: Response, work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.code === ErrorCode.ServiceUnavailable ? 503 : error.code === ErrorCode.Internal ? 500 : 400;
      this.page(res, status, renderLoginError(`${error.reason} [${error.code}]`));
    }
  }

  private page(res: Response, status: number, html: string): void {
    res
      .status(status)
      .set({ 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': END_OF_LOGIN_CSP })
      .send(html);
  }
}
