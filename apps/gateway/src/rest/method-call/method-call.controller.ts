import { Body, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import type { Response } from 'express';
import { MethodRegistry } from '../../ddp/methods/method-registry.js';
import type { MethodContext } from '../../ddp/methods/method-context.js';
import { OptionalAuth } from '../common/auth.decorators.js';
import { RestController } from '../common/rest-controller.decorator.js';
import { restSecondFactor } from '../../bindings/second-factor-gate.js';
import { restCaller } from '../common/rest-caller.js';
import type { RestRequest } from '../common/rest-request.js';
import { parseMethodCall, resultMessage } from './method-call-message.js';

/**
 * `POST /api/v1/method.call/:method` and `method.callAnon/:method`: a DDP method call carried over REST
 * (`{message: EJSON of {msg: 'method', id, method, params}}`), answered with the DDP result in `message`
 * (200, or 400 with `success: false` when the method failed). Same registry, rate limits and errors as DDP.
 */
@RestController()
export class MethodCallController {
  constructor(private readonly methods: MethodRegistry) {}

  @Post('method.call/:method')
  @HttpCode(200)
  call(@Param('method') _method: string, @Body() body: unknown, @Req() request: RestRequest, @Res({ passthrough: true }) res: Response) {
    return this.invoke(body, request, res);
  }

  @Post('method.callAnon/:method')
  @OptionalAuth()
  @HttpCode(200)
  callAnon(
    @Param('method') _method: string,
    @Body() body: unknown,
    @Req() request: RestRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.invoke(body, request, res);
  }

  private async invoke(body: unknown, request: RestRequest, res: Response) {
    const call = parseMethodCall(body);
    try {
      const result = await this.methods.invoke(contextOf(request), call.method, call.params);
      return { success: true, message: resultMessage(call.id, result) };
    } catch (error) {
      res.status(400);
      return { success: false, message: resultMessage(call.id, undefined, this.methods.report(error, `method ${call.method}`)) };
    }
  }
}

/** The REST caller as a method context (no DDP session). */
function contextOf(request: RestRequest): MethodContext {
  const secondFactor = restSecondFactor(request.headers);
  return {
    ...restCaller(request, request.authToken),
    userId: request.actor?.userId,
    username: request.actor?.username,
    ...(secondFactor && { secondFactor }),
  };
}
