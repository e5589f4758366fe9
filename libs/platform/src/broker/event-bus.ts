import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientNats } from '@nestjs/microservices';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { allKeysSubject, eventSubject, type EventContract, type EventPayload } from '@rc/contracts';
import { NATS_CLIENT } from './broker.tokens.js';
import { decodeEvent, encodeEvent } from './ejson-codec.js';

export type EventHandler<E extends EventContract> = (payload: EventPayload<E>, key: string) => void | Promise<void>;

/**
 * Broadcast events over plain NATS subjects, without a queue group: every subscribed instance receives every
 * event of the keys it subscribed to. Delivery is at most once (core NATS), so events notify; the database
 * stays the source of truth that clients re-read on reconnect.
 */
@Injectable()
export class EventBus {
  private readonly logger = new Logger(EventBus.name);

  constructor(@Inject(NATS_CLIENT) private readonly client: ClientNats) {}

  private get connection(): NatsConnection {
    return this.client.unwrap<NatsConnection>();
  }

  publish<E extends EventContract>(event: E, key: string, payload: EventPayload<E>): void {
    this.connection.publish(eventSubject(event, key), encodeEvent(payload));
  }

  /** Publishes an already-encoded payload (a fan-out that encodes once for many keys). */
  publishEncoded(event: EventContract, key: string, encoded: string): void {
    this.connection.publish(eventSubject(event, key), encoded);
  }

  /**
   * Subscribes to one key, or to every key with `'*'`. Returns the unsubscribe function. With `queue`, the
   * instances subscribed under the same queue name share the events: each is handled by one of them.
   */
  subscribe<E extends EventContract>(event: E, key: string, handler: EventHandler<E>, options: { queue?: string } = {}): () => void {
    const subject = key === '*' ? allKeysSubject(event) : eventSubject(event, key);
    const prefixLength = event.name.length + 1;
    const subscription: Subscription = this.connection.subscribe(subject, {
      ...(options.queue && { queue: options.queue }),
      callback: (error, msg) => {
        if (error) return this.logger.error(`subscription ${subject} failed: ${error.message}`);
        const routingKey = msg.subject.slice(prefixLength);
        Promise.resolve()
          .then(() => handler(decodeEvent<EventPayload<E>>(msg.string()), routingKey))
          .catch((e: unknown) => this.logger.error(`handler of ${msg.subject} failed: ${String(e)}`));
      },
    });
    return () => subscription.unsubscribe();
  }

  /**
   * As `subscribe`, with the payload as it came (its EJSON text), undecoded: a relay that forwards it (the gateway's
   * stream fan-out) decodes it only if it must, and can put the text itself in what it sends on.
   */
  subscribeText(event: EventContract, key: string, handler: (text: string, key: string) => void): () => void {
    const subject = key === '*' ? allKeysSubject(event) : eventSubject(event, key);
    const prefixLength = event.name.length + 1;
    const subscription: Subscription = this.connection.subscribe(subject, {
      callback: (error, msg) => {
        if (error) return this.logger.error(`subscription ${subject} failed: ${error.message}`);
        const text = msg.string();
        const routingKey = msg.subject.slice(prefixLength);
        // In a microtask, as `subscribe` runs its handlers: events of every subject keep their arrival order.
        queueMicrotask(() => {
          try {
            handler(text, routingKey);
          } catch (e) {
            this.logger.error(`handler of ${msg.subject} failed: ${String(e)}`);
          }
        });
      },
    });
    return () => subscription.unsubscribe();
  }

  /** Resolves once the connection is up (BrokerModule connects it on bootstrap; this may come first). */
  async connected(): Promise<void> {
    await this.client.connect();
  }

  /** Round trip to the server: resolves once NATS has everything published so far. */
  async flush(): Promise<void> {
    await this.connection.flush();
  }
}
