import { bootstrapService } from '@rc/platform';
import { OmnichannelVoipAppModule } from './omnichannel-voip-app.module.js';
import { omnichannelVoipEnv } from './omnichannel-voip.env.js';

await bootstrapService({
  service: 'omnichannel-voip',
  env: omnichannelVoipEnv,
  module: OmnichannelVoipAppModule,
  database: true,
  rpcServer: true,
});
