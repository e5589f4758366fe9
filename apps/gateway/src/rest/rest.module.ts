import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuthController } from './auth/auth.controller.js';
import { AuthGuard } from './common/auth.guard.js';
import { RestExceptionFilter } from './common/rest-exception.filter.js';
import { SuccessInterceptor } from './common/success.interceptor.js';
import { InfoController } from './info/info.controller.js';

/** The REST surface (`/api/info`, `/api/v1/*`); every controller is a `@RestController()`. */
@Module({
  controllers: [InfoController, AuthController],
  providers: [
    AuthGuard,
    SuccessInterceptor,
    // Also global: unknown routes and body-parser errors answer in Rocket.Chat's envelope.
    { provide: APP_FILTER, useClass: RestExceptionFilter },
  ],
})
export class RestModule {}
