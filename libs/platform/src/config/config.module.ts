import { Global, Module, type DynamicModule } from '@nestjs/common';
import { APP_CONFIG, SERVICE_NAME } from './config.tokens.js';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(service: string, config: object): DynamicModule {
    return {
      module: ConfigModule,
      providers: [
        { provide: APP_CONFIG, useValue: Object.freeze(config) },
        { provide: SERVICE_NAME, useValue: service },
      ],
      exports: [APP_CONFIG, SERVICE_NAME],
    };
  }
}
