import { bootstrapService } from '@rc/platform';
import { GatewayAppModule } from './gateway-app.module.js';
import { gatewayEnv } from './gateway.env.js';

await bootstrapService({
  service: 'gateway',
  env: gatewayEnv,
  module: GatewayAppModule,
  database: false,
  rpcServer: false,
});
