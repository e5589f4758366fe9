import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { AuthGuard } from './auth.guard.js';
import { SuccessInterceptor } from './success.interceptor.js';

/**
 * A controller of Rocket.Chat's REST surface: authentication (unless `@Public()`) and `success: true` on
 * results; errors take Rocket.Chat's envelope (RestExceptionFilter, global). Prefix defaults to `api/v1`.
 */
export function RestController(prefix = 'api/v1'): ClassDecorator {
  return applyDecorators(Controller(prefix), UseGuards(AuthGuard), UseInterceptors(SuccessInterceptor));
}
