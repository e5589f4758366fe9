import { bootstrapService } from '@rc/platform';
import { StreamHubAppModule } from './stream-hub-app.module.js';
import { streamHubEnv } from './stream-hub.env.js';

await bootstrapService({
  service: 'stream-hub',
  env: streamHubEnv,
  module: StreamHubAppModule,
  database: true,
  rpcServer: true,
});
