import { Global, Module } from '@nestjs/common';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { APP_CONFIG } from '../config/config.tokens.js';
import { ReadinessService } from '../health/readiness.service.js';

/** The app's MongoDB connection (mongoose), checked by `/ready` with a `ping`. */
@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: { MONGO_URL: string }) => ({
        uri: config.MONGO_URL,
        serverSelectionTimeoutMS: 5_000,
        // Indexes are declared beside each schema and created at start-up, as Rocket.Chat does.
        autoIndex: true,
        autoCreate: true,
      }),
    }),
  ],
  providers: [
    {
      provide: 'DATABASE_READINESS',
      inject: [getConnectionToken(), ReadinessService],
      useFactory: (connection: Connection, readiness: ReadinessService) => {
        readiness.register('mongo', async () => {
          if (!connection.db) throw new Error('not connected');
          await connection.db.command({ ping: 1 });
        });
        return true;
      },
    },
  ],
})
export class DatabaseModule {}
