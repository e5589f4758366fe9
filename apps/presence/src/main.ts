import { bootstrapService } from '@rc/platform';
import { presenceEnv } from './presence.env.js';
import { PresenceAppModule } from './presence-app.module.js';

await bootstrapService({
  service: 'presence',
  env: presenceEnv,
  module: PresenceAppModule,
  database: true,
  rpcServer: true,
});
