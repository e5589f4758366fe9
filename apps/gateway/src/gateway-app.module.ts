import { Module } from '@nestjs/common';
import { BindingsModule } from './bindings/bindings.module.js';
import { DdpModule } from './ddp/ddp.module.js';
import { MethodCallRestModule } from './rest/method-call/method-call-rest.module.js';
import { RestModule } from './rest/rest.module.js';

@Module({
  imports: [RestModule, DdpModule, BindingsModule, MethodCallRestModule],
})
export class GatewayAppModule {}
