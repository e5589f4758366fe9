import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthController } from './auth/auth.controller.js';
import { Authenticator } from './common/authenticator.js';
import { AuthGuard } from './common/auth.guard.js';
import { RestExceptionFilter } from './common/rest-exception.filter.js';
import { SuccessInterceptor } from './common/success.interceptor.js';
import { InfoController } from './info/info.controller.js';
import { ShieldController } from './shield/shield.controller.js';

/**
 * The hand-written REST endpoints (`/api/info`, login, logout, me): the ones whose protocol differs from a
 * contract's plain request and answer. Every other route is a contract binding (BindingsModule).
 */
@Module({
  controllers: [InfoController, AuthController, ShieldController],
  providers: [
    Authenticator,
    AuthGuard,
    SuccessInterceptor,
    // Also global: unknown routes and body-parser errors answer in Rocket.Chat's envelope.
    { provide: APP_FILTER, useClass: RestExceptionFilter },
  ],
  exports: [Authenticator, AuthGuard, SuccessInterceptor],
})
export class RestModule {}
