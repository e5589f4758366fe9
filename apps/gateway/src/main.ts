import type { NestExpressApplication } from '@nestjs/platform-express';
import { bootstrapService } from '@rc/platform';
import { DdpServer } from './ddp/server/ddp-server.js';
import { exactJsonContentType } from './edge/json-content-type.js';
import { refuseDeepJson } from './edge/json-depth.middleware.js';
import { GatewayAppModule } from './gateway-app.module.js';
import { serveLivechatWidget } from './livechat-widget/livechat-widget.js';
import { gatewayEnv } from './gateway.env.js';

await bootstrapService({
  service: 'gateway',
  env: gatewayEnv,
  module: GatewayAppModule,
  database: false,
  rpcServer: false,
  configure: (nest) => {
    const app = nest as NestExpressApplication;
    app.use(exactJsonContentType);
    // The JSON parser Nest would add, mounted first so that the depth check sees parsed bodies.
    app.useBodyParser('json');
    app.use(refuseDeepJson);
    serveLivechatWidget(app);
    const server = app.getHttpServer();
    // Idle kept-alive connections are closed by the client or the load balancer in front (60 s on most), never
    // first by us: a server closing a socket the client is just reusing fails that request with "socket closed".
    server.keepAliveTimeout = 65_000;
    server.headersTimeout = 66_000;
    // DDP shares the HTTP port: websocket upgrades on /websocket and /sockjs/… go to the DDP server.
    app.get(DdpServer).attach(server);
  },
});
