import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { InboundEvents } from './inbound-events.js';
import type { InflightTracker } from './inflight-tracker.js';
import { flushOncePerTurn } from './turn-flush.js';

/** The fields of Nest's server that close() takes over (private in Nest's typings). */
interface ServerNatsFields {
  natsClient: NatsConnection | null;
  subscriptions: Subscription[];
}

/** What `JSON.parse` may accept: an object, array, string, number or literal (whitespace around allowed). */
const MAYBE_JSON = /^\s*([{["\-\d]|(true|false|null)\s*$)/;

/**
 * Nest's NATS server on the app's own NATS connection (BrokerModule's, which also carries its requests and events),
 * with a shutdown that waits for the requests in flight rather than a fixed grace period.
 *
 * One connection, not one for the server and one for the client: what a handler publishes in one event-loop turn —
 * its events and its reply — goes out in one socket write (`flushOncePerTurn`), and reaches the NATS server in the
 * order it was made. close() unsubscribes every handler (the queue group then routes new work to the other
 * instances), waits until the in-flight count is zero (bounded by the shutdown timeout) and their replies are
 * flushed; the connection itself is closed by BrokerModule, after every other shutdown hook.
 */
export class DrainingNatsServer extends ServerNats {
  constructor(
    options: Required<NatsOptions>['options'],
    private readonly connection: () => Promise<NatsConnection>,
    private readonly inflight: InflightTracker,
    private readonly inboundEvents: InboundEvents,
    private readonly shutdownTimeoutMs: number,
    private readonly onHandled: (subject: string, seconds: number) => void = () => undefined,
  ) {
    super(options);
  }

  override createNatsClient(): Promise<NatsConnection> {
    return this.connection();
  }

  /** The connection's status is followed and logged once, by its owner (BrokerModule's ClientNats). */
  override handleStatusUpdates(): Promise<void> {
    return Promise.resolve();
  }

  /** Nest's close() without closing the connection, which is not the server's. */
  override async close(): Promise<void> {
    const fields = this as unknown as ServerNatsFields;
    const client = fields.natsClient;
    if (!client) return;
    for (const subscription of fields.subscriptions) subscription.unsubscribe();
    await this.drain(client, this.shutdownTimeoutMs);
    fields.natsClient = null;
  }

  /** Broadcast subscriptions that must precede requests on this connection go first (see InboundEvents). */
  override bindEvents(client: NatsConnection): void {
    flushOncePerTurn(client);
    this.inboundEvents.attach(client);
    super.bindEvents(client);
  }

  /** Waits for the handlers in flight, then for their replies to reach the NATS server. */
  private async drain(client: NatsConnection, timeoutMs: number): Promise<void> {
    await this.inflight.idle(timeoutMs);
    // A handler's reply is published just after it returns: let it go out, then flush the connection.
    await new Promise((resolve) => setImmediate(resolve));
    await client.flush();
  }

  /**
   * Nest tries `JSON.parse` on every request's subject first (for object patterns): a plain subject
   * (`messages.send`) made it throw and catch a SyntaxError per request. Only what may be JSON is parsed now;
   * the route is the same (`draining-nats-server.spec.ts`).
   */
  protected override getRouteFromPattern(pattern: string): string {
    return MAYBE_JSON.test(pattern) ? super.getRouteFromPattern(pattern) : this.normalizePattern(pattern);
  }

  override async handleMessage(channel: string, natsMsg: unknown): Promise<unknown> {
    this.inflight.begin();
    const started = process.hrtime.bigint();
    try {
      return await super.handleMessage(channel, natsMsg);
    } finally {
      this.inflight.end();
      this.onHandled(channel, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }
}
