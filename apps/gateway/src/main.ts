import { bootstrapService } from '@rc/platform';
import type { Server } from 'node:http';
import { DdpServer } from './ddp/server/ddp-server.js';
import { GatewayAppModule } from './gateway-app.module.js';
import { gatewayEnv } from './gateway.env.js';

await bootstrapService({
  service: 'gateway',
  env: gatewayEnv,
  module: GatewayAppModule,
  database: false,
  rpcServer: false,
  // DDP shares the HTTP port: websocket upgrades on /websocket and /sockjs/… go to the DDP server.
  configure: (app) => app.get(DdpServer).attach(app.getHttpServer() as Server),
});
