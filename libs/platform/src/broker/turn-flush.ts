import type { NatsConnection } from '@nats-io/transport-node';

/** The part of nats.js's protocol handler (`NatsConnectionImpl.protocol`) that writes what was published. */
interface FlushingProtocol {
  flushPending(): void;
  close(error?: Error): Promise<void>;
}

const PATCHED = Symbol('flushOncePerTurn');

/**
 * nats.js writes its buffered publishes to the socket at the end of the microtask queue of the callback that made
 * them: a process answering many requests writes once per database reply or NATS message it handled, and each loopback
 * write wakes `nats-server`. Deferred to the end of the event loop's turn (`setImmediate`, the check phase right after
 * the poll phase's callbacks), every publish of the turn goes out in one write: the same bytes, in the same order, a
 * turn later at most. A close writes what is pending first.
 */
export function flushOncePerTurn(connection: NatsConnection): void {
  const protocol = (connection as unknown as { protocol: FlushingProtocol & { [PATCHED]?: true } }).protocol;
  if (protocol[PATCHED]) return;
  protocol[PATCHED] = true;
  const flushNow = protocol.flushPending.bind(protocol);
  const close = protocol.close.bind(protocol);
  let scheduled: NodeJS.Immediate | undefined;
  protocol.flushPending = () => {
    scheduled ??= setImmediate(() => {
      scheduled = undefined;
      flushNow();
    });
  };
  protocol.close = (error?: Error) => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    flushNow();
    return close(error);
  };
}
