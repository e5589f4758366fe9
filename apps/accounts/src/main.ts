import { bootstrapService } from '@rc/platform';
import { AccountsAppModule } from './accounts-app.module.js';
import { accountsEnv } from './accounts.env.js';

await bootstrapService({
  service: 'accounts',
  env: accountsEnv,
  module: AccountsAppModule,
  database: true,
  rpcServer: true,
});
