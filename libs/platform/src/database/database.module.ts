import { Global, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { InjectConnection, getConnectionToken } from '@nestjs/mongoose';
import mongoose, { mongo, type Connection } from 'mongoose';
import { APP_CONFIG } from '../config/config.tokens.js';
import { ReadinessService } from '../health/readiness.service.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { WRITE_CONCERN } from './write-concern.js';

/** Times every MongoDB command by name and collection, from the driver's command monitoring events. */
function observeCommands(client: mongo.MongoClient, metrics: MetricsService): void {
  const started = new Map<number, { command: string; collection: string; at: bigint }>();
  client.on('commandStarted', (event) => {
    const collection: unknown = event.command[event.commandName];
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

/**
 * How often the driver's pool looks at its connections (to keep `minPoolSize`, which is 0 here, and drop dead ones):
 * its default, 100 ms, woke every app ten times a second for nothing, ~2 ms of CPU a second each when idle (a
 * dead connection is found by the command that uses it anyway). Not a public option of the driver: set on the
 * client's parsed options before it connects, which its pools read.
 */
const POOL_CHECK_MS = 10_000;

/**
 * The app's connection, as every app opens it (and the spec that checks the write concern on the wire): the
 * production write concern, command monitoring (db_command_duration_seconds: the database's share of every latency),
 * and the indexes declared beside each schema created at start-up, as Rocket.Chat does.
 */
export async function connectDatabase(config: { MONGO_URL: string }, metrics?: MetricsService): Promise<Connection> {
  const client = new mongo.MongoClient(config.MONGO_URL, {
    writeConcern: WRITE_CONCERN,
    monitorCommands: true,
    serverSelectionTimeoutMS: 5_000,
  });
  (client.options as { minPoolSizeCheckFrequencyMS?: number }).minPoolSizeCheckFrequencyMS = POOL_CHECK_MS;
  if (metrics) observeCommands(client, metrics);
  // A failed attempt leaves no monitor behind (connectWithRetries tries again with a new client).
  await client.connect().catch(async (error: unknown) => {
    await client.close().catch(() => undefined);
    throw error;
  });
  const connection = mongoose.createConnection();
  connection.set('autoIndex', true);
  connection.set('autoCreate', true);
  return connection.setClient(client);
}

/** As @nestjs/mongoose did: a database not reachable yet at start is tried again, 3 s apart, 10 times in all. */
const CONNECT_ATTEMPTS = 10;
const CONNECT_RETRY_MS = 3_000;

async function connectWithRetries(config: { MONGO_URL: string }, metrics: MetricsService): Promise<Connection> {
  const logger = new Logger('DatabaseModule');
  for (let attempt = 1; ; attempt++) {
    try {
      return await connectDatabase(config, metrics);
    } catch (error) {
      if (attempt >= CONNECT_ATTEMPTS) throw error;
      logger.error(`Unable to connect to the database. Retrying (${attempt})... ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, CONNECT_RETRY_MS));
    }
  }
}

/**
 * The app's MongoDB connection (mongoose, under @nestjs/mongoose's token: `forFeature` models and `@InjectConnection`
 * use it), checked by `/ready` with a `ping`, closed at shutdown.
 */
@Global()
@Module({
  providers: [
    {
      provide: getConnectionToken(),
      inject: [APP_CONFIG, MetricsService],
      useFactory: (config: { MONGO_URL: string }, metrics: MetricsService) => connectWithRetries(config, metrics),
    },
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
  exports: [getConnectionToken()],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@InjectConnection() private readonly connection: Connection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
