import { Body, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { accountsLogin, accountsLogout, DomainError, ErrorCode } from '@rc/contracts';
import { RpcClient } from '@rc/platform';
import type { Response } from 'express';
import { Public } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import type { RestRequest } from '../common/rest-request.js';
import { loginRequestFromBody } from './login-body.js';
import { toMe } from './me.js';

const NOT_A_REFUSAL = new Set<string>([
  ErrorCode.InvalidParams,
  ErrorCode.TooManyRequests,
  ErrorCode.ServiceUnavailable,
  ErrorCode.Internal,
]);

@RestController()
export class AuthController {
  constructor(private readonly rpc: RpcClient) {}

  /**
   * Rocket.Chat answers a failed login with 401 `{status: 'error', error, message}`; a wrong user and a
   * wrong password read the same ("Unauthorized"), so the answer tells nobody which usernames exist.
   */
  @Post('login')
  @Public()
  @HttpCode(200)
  async login(@Body() body: unknown, @Req() request: RestRequest, @Res({ passthrough: true }) res: Response) {
    try {
      const result = await this.rpc.request(accountsLogin, loginRequestFromBody(body, request.ip, request.headers['x-2fa-code']));
      return { status: 'success', data: { userId: result.userId, authToken: result.token, me: toMe(result.user) } };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Malformed input (400), throttling (429), accounts not answering (503 + Retry-After) and server faults
      // (500) answer as on every endpoint: only a refused login is a 401, so no client takes an outage for a
      // wrong password.
      if (NOT_A_REFUSAL.has(error.code)) throw error;
      res.status(401);
      const unauthorized = error.code === ErrorCode.LoginFailed || error.code === ErrorCode.InvalidToken;
      return {
        success: false,
        status: 'error',
        error: unauthorized ? 'Unauthorized' : error.code,
        message: unauthorized ? 'Unauthorized' : error.reason,
        ...(error.details && { details: error.details }),
      };
    }
  }

  @Post('logout')
  @HttpCode(200)
  async logout(@Req() request: RestRequest) {
    await this.rpc.request(accountsLogout, { userId: request.actor!.userId, token: request.authToken! });
    return { status: 'success', data: { message: "You've been logged out!" } };
  }

  @Get('me')
  me(@Req() request: RestRequest) {
    return toMe(request.user!);
  }
}
