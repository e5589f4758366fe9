import { bootstrapService } from '@rc/platform';
import { AuthorizationAppModule } from './authorization-app.module.js';
import { authorizationEnv } from './authorization.env.js';

await bootstrapService({
  service: 'authorization',
  env: authorizationEnv,
  module: AuthorizationAppModule,
  database: true,
  rpcServer: true,
});
