import { Global, Module, type OnApplicationBootstrap, type OnApplicationShutdown, Inject } from '@nestjs/common';
import { ClientNats } from '@nestjs/microservices';
import { APP_CONFIG, SERVICE_NAME } from '../config/config.tokens.js';
import type { BaseConfig } from '../config/base-env.js';
import { ReadinessRollCall } from '../health/readiness-roll-call.js';
import { ReadinessService } from '../health/readiness.service.js';
import { NATS_CLIENT } from './broker.tokens.js';
import { EjsonNatsCodec } from './ejson-codec.js';
import { EventBus } from './event-bus.js';
import { InboundEvents } from './inbound-events.js';
import { InflightTracker } from './inflight-tracker.js';
import { natsConnectionOptions } from './nats-connection-options.js';
import { RpcClient } from './rpc-client.js';
import { flushOncePerTurn } from './turn-flush.js';

/** The app's outgoing side of NATS: typed requests (RpcClient) and broadcast events (EventBus). */
@Global()
@Module({
  providers: [
    {
      provide: NATS_CLIENT,
      inject: [APP_CONFIG, SERVICE_NAME],
      useFactory: (config: BaseConfig, service: string) => {
        const codec = new EjsonNatsCodec();
        return new ClientNats({
          ...natsConnectionOptions(config.NATS_URL, `${service}:${config.INSTANCE_ID}:client`),
          serializer: codec,
          deserializer: codec,
        });
      },
    },
    RpcClient,
    EventBus,
    InboundEvents,
    InflightTracker,
    ReadinessRollCall,
  ],
  exports: [NATS_CLIENT, RpcClient, EventBus, InboundEvents, InflightTracker, ReadinessRollCall],
})
export class BrokerModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientNats,
    private readonly events: EventBus,
    readiness: ReadinessService,
  ) {
    readiness.register('nats', () => this.events.flush());
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
    flushOncePerTurn(this.client.unwrap());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}
