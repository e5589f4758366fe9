import { Module, type DynamicModule } from '@nestjs/common';
import { BrokerModule } from '../broker/broker.module.js';
import type { BaseConfig } from '../config/base-env.js';
import { ConfigModule } from '../config/config.module.js';
import { DatabaseModule } from '../database/database.module.js';
import { HealthModule } from '../health/health.module.js';
import { LoggingModule } from '../logging/logging.module.js';

export interface PlatformOptions {
  service: string;
  config: BaseConfig;
  /** Whether the app owns a MongoDB connection (every app but the gateway). */
  database: boolean;
}

/** What every app gets: configuration, JSON logs, NATS, MongoDB when it has data, health and readiness. */
@Module({})
export class PlatformModule {
  static forRoot({ service, config, database }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [
        ConfigModule.forRoot(service, config),
        LoggingModule.forRoot(service, config.INSTANCE_ID, config.LOG_LEVEL),
        HealthModule,
        BrokerModule,
        ...(database ? [DatabaseModule] : []),
      ],
    };
  }
}
