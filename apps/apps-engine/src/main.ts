import { bootstrapService } from '@rc/platform';
import { appsEngineEnv } from './apps-engine.env.js';
import { AppsEngineAppModule } from './apps-engine-app.module.js';

await bootstrapService({
  service: 'apps-engine',
  env: appsEngineEnv,
  module: AppsEngineAppModule,
  database: true,
  rpcServer: true,
});
