import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ClientNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { NATS_CLIENT } from '../broker/broker.tokens.js';
import type { BaseConfig } from '../config/base-env.js';
import { InjectConfig, SERVICE_NAME } from '../config/config.tokens.js';
import { ReadinessService } from './readiness.service.js';

/** Every instance of every app answers on this subject (no queue group): a roll call of who is up. */
export const READINESS_ROLL_CALL_SUBJECT = 'system.readiness';

export interface InstanceReadiness {
  service: string;
  instance: string;
  ready: boolean;
}

/**
 * Readiness over NATS, so that one place (the gateway's front page) can show every instance's `/ready` without
 * knowing their addresses — the same under `npm start` and Kubernetes, where only NATS is shared. Each instance
 * answers the roll call with its own readiness (the checks behind `/ready`); the caller gathers the answers that
 * arrive within a window. An instance that cannot reach NATS does not answer, which is what it means for it.
 */
@Injectable()
export class ReadinessRollCall implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ReadinessRollCall.name);
  private subscription?: Subscription;

  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientNats,
    @Inject(SERVICE_NAME) private readonly service: string,
    @InjectConfig() private readonly config: BaseConfig,
    private readonly readiness: ReadinessService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.client.connect();
    this.subscription = this.connection.subscribe(READINESS_ROLL_CALL_SUBJECT, {
      callback: (error, msg) => {
        if (error) return this.logger.warn(`readiness roll call: ${error.message}`);
        void this.readiness.evaluate().then(({ ready }) => {
          const answer: InstanceReadiness = { service: this.service, instance: this.config.INSTANCE_ID, ready };
          msg.respond(JSON.stringify(answer));
        });
      },
    });
  }

  onApplicationShutdown(): void {
    this.subscription?.unsubscribe();
  }

  /** Every answer that arrives within `windowMs`, by service and instance. */
  async collect(windowMs: number): Promise<InstanceReadiness[]> {
    const answers: InstanceReadiness[] = [];
    const replies = await this.connection.requestMany(READINESS_ROLL_CALL_SUBJECT, '', { strategy: 'timer', maxWait: windowMs });
    for await (const reply of replies) {
      try {
        answers.push(JSON.parse(reply.string()) as InstanceReadiness);
      } catch {
        // Not an answer of ours: ignored.
      }
    }
    return answers.sort((a, b) => a.service.localeCompare(b.service) || a.instance.localeCompare(b.instance));
  }

  private get connection(): NatsConnection {
    return this.client.unwrap<NatsConnection>();
  }
}
