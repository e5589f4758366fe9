import { Injectable, Logger } from '@nestjs/common';
import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { allKeysSubject, eventSubject, type EventContract, type EventPayload } from '@rc/contracts';
import { decodeEvent } from './ejson-codec.js';

/** Called synchronously, in delivery order: it must only mark what it holds as stale, never wait. */
export type InboundEventHandler<E extends EventContract> = (payload: EventPayload<E>, key: string) => void;

interface Registration {
  subject: string;
  prefixLength: number;
  handler: (payload: never, key: string) => void;
  subscription?: Subscription;
}

/**
 * Broadcast events received on the NATS connection that also delivers this app's work: the server connection
 * of an app that answers requests (its requests arrive there), the client connection of one that does not
 * (the replies to its own requests arrive there). Why: one NATS server hands the messages bound for one
 * connection over in the order it routed them, and nats.js calls callback subscriptions synchronously in that
 * order. A writer flushes its announcement before acknowledging a change, so the server has routed it before
 * any request made after the acknowledgement: on this connection the handler runs before that request is
 * even decoded. On two connections (EventBus's) nothing orders them. Subscriptions registered before the
 * connection exists are made when it is attached, before the app's request handlers subscribe.
 *
 * In a NATS cluster the announcement and a later request may cross different routes; the guarantee then
 * holds for requests through the server the writer is connected to, and others follow within a route hop.
 */
@Injectable()
export class InboundEvents {
  private readonly logger = new Logger(InboundEvents.name);
  private readonly registrations = new Set<Registration>();
  private connection?: NatsConnection;

  /** Subscribes to one key, or every key with `'*'`. Returns the unsubscribe function. */
  subscribe<E extends EventContract>(event: E, key: string, handler: InboundEventHandler<E>): () => void {
    const subject = key === '*' ? allKeysSubject(event) : eventSubject(event, key);
    const registration: Registration = { subject, prefixLength: event.name.length + 1, handler };
    this.registrations.add(registration);
    if (this.connection) this.open(registration, this.connection);
    return () => {
      this.registrations.delete(registration);
      registration.subscription?.unsubscribe();
    };
  }

  /** Called once, by whoever owns the connection, before that connection carries any request or reply. */
  attach(connection: NatsConnection): void {
    this.connection = connection;
    for (const registration of this.registrations) this.open(registration, connection);
  }

  private open(registration: Registration, connection: NatsConnection): void {
    registration.subscription = connection.subscribe(registration.subject, {
      callback: (error, msg) => {
        if (error) return this.logger.error(`subscription ${registration.subject} failed: ${error.message}`);
        try {
          registration.handler(decodeEvent<never>(msg.string()), msg.subject.slice(registration.prefixLength));
        } catch (e) {
          this.logger.error(`handler of ${msg.subject} failed: ${String(e)}`);
        }
      },
    });
  }
}
