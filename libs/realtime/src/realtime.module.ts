import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG } from '@rc/platform';
import { PUBLISHES_CHANGES, RealtimePublisher } from './realtime-publisher.js';
import type { RealtimeSource } from './realtime-source.js';

/**
 * `RealtimeModule.forRoot('writer')` in services that write documents (they publish changes when the
 * source is `direct`); `forRoot('stream-hub')` in stream-hub (publishes when the source is `stream-hub`).
 * The app's configuration must include `realtimeSourceVar`.
 */
@Global()
@Module({})
export class RealtimeModule {
  static forRoot(role: 'writer' | 'stream-hub'): DynamicModule {
    return {
      module: RealtimeModule,
      providers: [
        {
          provide: PUBLISHES_CHANGES,
          inject: [APP_CONFIG],
          useFactory: (config: { REALTIME_SOURCE: RealtimeSource }) =>
            role === 'writer' ? config.REALTIME_SOURCE === 'direct' : config.REALTIME_SOURCE === 'stream-hub',
        },
        RealtimePublisher,
      ],
      exports: [RealtimePublisher],
    };
  }
}
