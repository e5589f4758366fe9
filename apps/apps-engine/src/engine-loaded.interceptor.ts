import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { from, switchMap, type Observable } from 'rxjs';
import { AppsEngineService } from './engine/apps-engine.service.js';

/**
 * Holds every request until the engine has loaded the stored apps. Nest answers NATS requests as soon as the
 * microservice listens, before the bootstrap hook that creates the engine has run: core's request for the apps'
 * state at its own start used to fail there with a TypeError.
 */
@Injectable()
export class EngineLoadedInterceptor implements NestInterceptor {
  constructor(private readonly engine: AppsEngineService) {}

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return from(this.engine.loaded).pipe(switchMap(() => next.handle()));
  }
}
