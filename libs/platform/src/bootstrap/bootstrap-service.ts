import 'reflect-metadata';
import { Module, type INestApplication, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ClientNats } from '@nestjs/microservices';
import type { NatsConnection } from '@nats-io/transport-node';
import { Logger } from 'nestjs-pino';
import type { z } from 'zod';
import { DrainingNatsServer } from '../broker/draining-nats-server.js';
import { EjsonNatsCodec } from '../broker/ejson-codec.js';
import { InboundEvents } from '../broker/inbound-events.js';
import { NATS_CLIENT } from '../broker/broker.tokens.js';
import { InflightTracker } from '../broker/inflight-tracker.js';
import type { BaseConfig } from '../config/base-env.js';
import { ConfigError, loadConfigWithNotices, type LoadedConfig } from '../config/load-config.js';
import { observeHttpRequests } from '../metrics/http-metrics.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { PlatformModule } from './platform.module.js';

export interface ServiceDefinition<S extends z.ZodType> {
  /** The service name: the NATS queue group, and the `app` field of every log line. */
  service: string;
  env: S;
  module: Type;
  /** Whether the app owns a MongoDB connection. */
  database: boolean;
  /** Whether the app answers NATS requests (every service; the gateway only sends them). */
  rpcServer: boolean;
  /** Last touches on the HTTP app before it listens (the gateway mounts its websocket here). */
  configure?: (app: INestApplication, config: z.infer<S>) => void | Promise<void>;
}

/**
 * Starts one app: validates the environment (exits with a message naming each bad variable), builds the
 * Nest app with the platform module, joins the service's NATS queue group, serves HTTP, and shuts down
 * gracefully on SIGTERM/SIGINT.
 */
export async function bootstrapService<S extends z.ZodType>(definition: ServiceDefinition<S>): Promise<INestApplication> {
  const loaded = loadConfigOrExit(definition.env);
  const config = loaded.config as BaseConfig & z.infer<S>;

  @Module({
    imports: [PlatformModule.forRoot({ service: definition.service, config, database: definition.database }), definition.module],
  })
  class RootModule {}

  const app = await NestFactory.create(RootModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  for (const notice of loaded.notices) app.get(Logger).log(notice, 'Config');
  app.enableShutdownHooks(['SIGTERM', 'SIGINT']);
  observeHttpRequests(app);

  const client = app.get<ClientNats>(NATS_CLIENT);
  if (definition.rpcServer) {
    const { rpcServer } = app.get(MetricsService);
    const codec = new EjsonNatsCodec();
    const server = new DrainingNatsServer(
      { queue: definition.service, serializer: codec, deserializer: codec },
      // The app's one connection: requests, replies, events (DrainingNatsServer).
      () => client.connect().then(() => client.unwrap<NatsConnection>()),
      app.get(InflightTracker),
      app.get(InboundEvents),
      config.SHUTDOWN_TIMEOUT_MS,
      (subject, seconds) => rpcServer.observe({ subject }, seconds),
    );
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  } else {
    // Without a server, inbound events are subscribed before init (where caches may make their first reads).
    await client.connect();
    app.get(InboundEvents).attach(client.unwrap<NatsConnection>());
  }

  await definition.configure?.(app, config);
  await app.startAllMicroservices();
  await app.listen(config.PORT, config.BIND_IP);
  const address = config.INSTANCE_IP ? ` (instance address ${config.INSTANCE_IP})` : '';
  app.get(Logger).log(`${definition.service} listening on ${config.BIND_IP} port ${config.PORT}${address}`, 'Bootstrap');
  return app;
}

function loadConfigOrExit<S extends z.ZodType>(schema: S): LoadedConfig<z.infer<S>> {
  try {
    return loadConfigWithNotices(schema);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
