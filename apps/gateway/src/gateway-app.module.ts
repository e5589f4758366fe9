import { Module } from '@nestjs/common';
import { RestModule } from './rest/rest.module.js';

@Module({
  imports: [RestModule],
})
export class GatewayAppModule {}
