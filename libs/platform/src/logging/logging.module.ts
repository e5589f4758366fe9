import { Module, type DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/**
 * Structured JSON logs (pino) on stdout, each line carrying the app and instance, so that logs of every
 * process and replica can be merged and filtered. HTTP requests are logged at debug level.
 */
@Module({})
export class LoggingModule {
  static forRoot(service: string, instance: string, level: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level,
            base: { app: service, instance },
            customLogLevel: () => 'debug',
            // Never log credentials that clients send in headers.
            redact: ['req.headers["x-auth-token"]', 'req.headers.authorization', 'req.headers.cookie'],
          },
        }),
      ],
    };
  }
}
