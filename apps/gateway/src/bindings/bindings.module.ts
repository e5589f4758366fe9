import { Module, RequestMethod, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { DdpModule } from '../ddp/ddp.module.js';
import { RestModule } from '../rest/rest.module.js';
import { DdpBindings } from './ddp-bindings.js';
import { RestBindingsMiddleware } from './rest-bindings.middleware.js';
import { SecondFactorGate } from './second-factor-gate.js';

/** Mounts every contract's REST routes and DDP methods (libs/contracts bindings): one registry for both faces. */
@Module({
  imports: [RestModule, DdpModule],
  providers: [DdpBindings, RestBindingsMiddleware, SecondFactorGate],
})
export class BindingsModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(RestBindingsMiddleware)
      .forRoutes({ path: 'api/v1/*path', method: RequestMethod.ALL }, { path: 'api/apps/*path', method: RequestMethod.ALL });
  }
}
