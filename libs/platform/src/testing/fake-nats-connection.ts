import type { Msg, MsgHdrs, NatsConnection } from '@nats-io/transport-node';

/** What a fake server answers a published request with: a payload, the no-responders status, or nothing at all. */
export type FakeAnswer = { data: string } | 'no responders' | 'silence';

/**
 * An in-memory stand-in for one NATS connection, for the unit specs of what sends requests over it: a publish with a
 * reply subject is answered at once by `answer` on the subscription that matches the reply (`<prefix>.*`), as a
 * server would route it. `close()` ends the connection as nats.js does (its `closed()` resolves).
 */
export function fakeNatsConnection(answer: (subject: string, data: string) => FakeAnswer) {
  const subscriptions = new Map<string, (error: Error | null, msg: Msg) => void>();
  const published: Array<{ subject: string; data: string; reply?: string }> = [];
  let closeConnection!: () => void;
  const closed = new Promise<void>((resolve) => (closeConnection = resolve));
  const message = (subject: string, data: string, status?: number) =>
    ({
      subject,
      data: new TextEncoder().encode(data),
      headers: status === undefined ? undefined : ({ code: status } as unknown as MsgHdrs),
      string: () => data,
    }) as unknown as Msg;
  /** The subscription a reply subject reaches: its inbox's wildcard (`<prefix>.*`). */
  const inboxOf = (reply: string) => subscriptions.get(`${reply.slice(0, reply.lastIndexOf('.'))}.*`);
  const connection = {
    subscribe: (subject: string, options: { callback: (error: Error | null, msg: Msg) => void }) => {
      subscriptions.set(subject, options.callback);
      return { unsubscribe: () => subscriptions.delete(subject) };
    },
    publish: (subject: string, data: string, options?: { reply?: string }) => {
      published.push({ subject, data, reply: options?.reply });
      const reply = options?.reply;
      if (!reply) return;
      const deliver = inboxOf(reply);
      const outcome = answer(subject, data);
      if (outcome === 'silence' || !deliver) return;
      queueMicrotask(() => deliver(null, outcome === 'no responders' ? message(reply, '', 503) : message(reply, outcome.data)));
    },
    closed: () => closed,
  };
  return {
    connection: connection as unknown as NatsConnection,
    published,
    subscriptions,
    /** Delivers a message on the inbox as if it came late (after its request's timeout). */
    deliver: (subject: string, data: string) => inboxOf(subject)?.(null, message(subject, data)),
    close: () => closeConnection(),
  };
}
