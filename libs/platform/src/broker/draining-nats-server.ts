import type { NatsConnection } from '@nats-io/transport-node';
import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import type { InboundEvents } from './inbound-events.js';
import type { InflightTracker } from './inflight-tracker.js';
import { flushOncePerTurn } from './turn-flush.js';

/** What `JSON.parse` may accept: an object, array, string, number or literal (whitespace around allowed). */
const MAYBE_JSON = /^\s*([{["\-\d]|(true|false|null)\s*$)/;

/**
 * Nest's NATS server with a shutdown that waits for the requests in flight rather than a fixed grace period.
 * With `gracefulShutdown`, Nest's close() unsubscribes every handler (the queue group then routes new work to
 * the other instances) and calls its grace-period hook before closing the connection; that hook here waits
 * until the in-flight count is zero (bounded by the shutdown timeout) and their replies are flushed.
 */
export class DrainingNatsServer extends ServerNats {
  constructor(
    options: Required<NatsOptions>['options'],
    private readonly inflight: InflightTracker,
    private readonly inboundEvents: InboundEvents,
    shutdownTimeoutMs: number,
    private readonly onHandled: (subject: string, seconds: number) => void = () => undefined,
  ) {
    super({ ...options, gracefulShutdown: true });
    // The hook is declared private in Nest's typings, so it is replaced on the instance.
    Object.defineProperty(this, 'waitForGracePeriod', { value: () => this.drain(shutdownTimeoutMs) });
  }

  /** Broadcast subscriptions that must precede requests on this connection go first (see InboundEvents). */
  override bindEvents(client: NatsConnection): void {
    flushOncePerTurn(client);
    this.inboundEvents.attach(client);
    super.bindEvents(client);
  }

  /** Waits for the handlers in flight, then for their replies to reach the NATS server. */
  private async drain(timeoutMs: number): Promise<void> {
    await this.inflight.idle(timeoutMs);
    // A handler's reply is published just after it returns: let it go out, then flush the connection.
    await new Promise((resolve) => setImmediate(resolve));
    await this.unwrap<NatsConnection>().flush();
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
