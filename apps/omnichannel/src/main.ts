import { bootstrapService } from '@rc/platform';
import { omnichannelEnv } from './omnichannel.env.js';
import { OmnichannelAppModule } from './omnichannel-app.module.js';

await bootstrapService({
  service: 'omnichannel',
  env: omnichannelEnv,
  module: OmnichannelAppModule,
  database: true,
  rpcServer: true,
});
