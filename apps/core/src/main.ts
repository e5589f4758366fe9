import { bootstrapService } from '@rc/platform';
import { CoreAppModule } from './core-app.module.js';
import { coreEnv } from './core.env.js';

await bootstrapService({
  service: 'core',
  env: coreEnv,
  module: CoreAppModule,
  database: true,
  rpcServer: true,
});
