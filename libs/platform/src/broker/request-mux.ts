import {
  ClosedConnectionError,
  NoRespondersError,
  TimeoutError,
  createInbox,
  type Msg,
  type NatsConnection,
} from '@nats-io/transport-node';

interface Pending {
  subject: string;
  resolve: (reply: Msg) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Requests over one connection with one inbox subscription (`<inbox>.*`): each request's reply subject ends with a
 * token of its own, and the reply is matched back by it, as nats.js's own request does. Written here because
 * nats.js's builds an Error ("cancelled") with its stack for every request answered, about 4 % of the gateway's CPU
 * at 100 msg/s; what a request can end with is the same: the reply, `TimeoutError`, `NoRespondersError` (nobody
 * subscribes to the subject: the NATS server's 503) or `ClosedConnectionError`.
 */
export class RequestMux {
  private readonly pending = new Map<string, Pending>();
  private inbox?: { connection: NatsConnection; prefix: string };
  private sent = 0;

  request(connection: NatsConnection, subject: string, data: string, timeoutMs: number): Promise<Msg> {
    const prefix = this.inboxOn(connection);
    const token = (++this.sent).toString(36);
    return new Promise<Msg>((resolve, reject) => {
      const timer = setTimeout(() => this.settle(token, new TimeoutError()), timeoutMs);
      this.pending.set(token, { subject, resolve, reject, timer });
      try {
        connection.publish(subject, data, { reply: prefix + token });
      } catch (error) {
        this.settle(token, error as Error);
      }
    });
  }

  /** Requests waiting for a reply. */
  get waiting(): number {
    return this.pending.size;
  }

  /** The inbox on this connection: subscribed on first use, and again when the client opened a new connection. */
  private inboxOn(connection: NatsConnection): string {
    if (this.inbox?.connection === connection) return this.inbox.prefix;
    const prefix = `${createInbox()}.`;
    connection.subscribe(`${prefix}*`, { callback: (_error, msg) => this.reply(prefix, msg) });
    void connection.closed().then(() => {
      for (const token of [...this.pending.keys()]) this.settle(token, new ClosedConnectionError());
    });
    this.inbox = { connection, prefix };
    return prefix;
  }

  private reply(prefix: string, msg: Msg | null): void {
    if (!msg?.subject.startsWith(prefix)) return;
    const token = msg.subject.slice(prefix.length);
    const request = this.pending.get(token);
    if (!request) return; // answered after its timeout
    this.settle(token, msg.data.length === 0 && msg.headers?.code === 503 ? new NoRespondersError(request.subject) : msg);
  }

  private settle(token: string, outcome: Msg | Error): void {
    const request = this.pending.get(token);
    if (!request) return;
    this.pending.delete(token);
    clearTimeout(request.timer);
    if (outcome instanceof Error) request.reject(outcome);
    else request.resolve(outcome);
  }
}
