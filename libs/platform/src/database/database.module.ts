import { Global, Module } from '@nestjs/common';
import { MongooseModule, getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { APP_CONFIG } from '../config/config.tokens.js';
import { ReadinessService } from '../health/readiness.service.js';
import { MetricsService } from '../metrics/metrics.service.js';

/** The app's MongoDB connection (mongoose), checked by `/ready` with a `ping`. */
/** Times every MongoDB command by name and collection, from the driver's command monitoring events. */
function observeCommands(connection: Connection, metrics: MetricsService): void {
  const started = new Map<number, { command: string; collection: string; at: bigint }>();
  const client = connection.getClient();
  client.on('commandStarted', (event) => {
    const collection = event.command[event.commandName];
    started.set(event.requestId, {
      command: event.commandName,
      collection: typeof collection === 'string' ? collection : '',
      at: process.hrtime.bigint(),
    });
  });
  const finish = (outcome: string) => (event: { requestId: number }) => {
    const start = started.get(event.requestId);
    if (!start) return;
    started.delete(event.requestId);
    const seconds = Number(process.hrtime.bigint() - start.at) / 1e9;
    metrics.dbCommand.observe({ command: start.command, collection: start.collection, outcome }, seconds);
  };
  client.on('commandSucceeded', finish('ok'));
  client.on('commandFailed', finish('error'));
}

@Global()
@Module({
  imports: [
    MongooseModule.forRootAsync({
      inject: [APP_CONFIG, MetricsService],
      useFactory: (config: { MONGO_URL: string }, metrics: MetricsService) => ({
        uri: config.MONGO_URL,
        // Command monitoring feeds db_command_duration_seconds: the database's share of every latency.
        monitorCommands: true,
        connectionFactory: (connection: Connection) => {
          observeCommands(connection, metrics);
          return connection;
        },
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
