import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ClientNats } from '@nestjs/microservices';
import {
  ClosedConnectionError,
  ConnectionError,
  DrainingConnectionError,
  NoRespondersError,
  TimeoutError,
  type NatsConnection,
} from '@nats-io/transport-node';
import { DomainError, ErrorCode, type RpcContract, type RpcRequest, type RpcResponse } from '@rc/contracts';
import { InjectConfig } from '../config/config.tokens.js';
import type { BaseConfig } from '../config/base-env.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { NATS_CLIENT } from './broker.tokens.js';
import { decodeEvent, encodeEvent } from './ejson-codec.js';
import { RequestMux } from './request-mux.js';

/** What Nest's NATS server answers a request with (`ServerNats.getPublisher`): one message for a handler's result. */
interface NestReply {
  err?: unknown;
  response?: unknown;
}

/**
 * Typed request/reply over NATS. Every request has a timeout; a remote failure comes back as the
 * DomainError the service threw; a timeout, or no instance of the service to answer, as
 * `error-service-unavailable` (the caller may retry: it is not the request's fault).
 *
 * The request is Nest's packet (`{pattern, data, id}`, answered by every app's Nest NATS server); its reply comes to
 * the connection's one inbox subscription (RequestMux). Nest's ClientNats subscribed a new inbox for each request
 * and unsubscribed it after the answer: two more protocol lines a request for the app and for `nats-server`, and an
 * rxjs pipeline around it.
 */
@Injectable()
export class RpcClient {
  private readonly mux = new RequestMux();
  private sent = 0;

  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientNats,
    @InjectConfig() private readonly config: BaseConfig,
    private readonly metrics: MetricsService,
  ) {}

  async request<C extends RpcContract>(contract: C, payload: RpcRequest<C>, options: { timeoutMs?: number } = {}): Promise<RpcResponse<C>> {
    const timeoutMs = options.timeoutMs ?? contract.timeoutMs ?? this.config.RPC_TIMEOUT_MS;
    const stopTimer = this.metrics.rpcClient.startTimer({ subject: contract.subject });
    let reply: NestReply;
    try {
      const connection = await this.connection();
      // The id only tells Nest's server a request from an event; the reply finds its way by the inbox.
      const packet = encodeEvent({ pattern: contract.subject, data: payload, id: String(++this.sent) });
      reply = decodeEvent<NestReply>((await this.mux.request(connection, contract.subject, packet, timeoutMs)).string());
    } catch (error) {
      reply = { err: error };
    }
    if (!reply.err) {
      stopTimer({ outcome: 'ok' });
      return reply.response as RpcResponse<C>;
    }
    const domainError = toDomainError(reply.err, contract.subject, timeoutMs);
    stopTimer({ outcome: domainError.code });
    throw domainError;
  }

  /**
   * The app's one connection. Nest's client refuses it from a disconnect until nats.js has reconnected, with a bare
   * string that read as an internal error: the service is unavailable for that moment, and the caller retries then
   * (waiting on the connection instead held every request of a NATS restart for its whole timeout).
   */
  private async connection(): Promise<NatsConnection> {
    try {
      await this.client.connect();
    } catch {
      throw new DomainError(ErrorCode.ServiceUnavailable, 'No connection to NATS');
    }
    return this.client.unwrap<NatsConnection>();
  }
}

function toDomainError(error: unknown, subject: string, timeoutMs: number): DomainError {
  if (error instanceof DomainError) return error;
  if (DomainError.isSerialized(error)) return DomainError.fromSerialized(error);
  if (error instanceof TimeoutError) {
    return new DomainError(ErrorCode.ServiceUnavailable, `No answer to ${subject} within ${timeoutMs} ms`);
  }
  if (isUnreachable(error)) return new DomainError(ErrorCode.ServiceUnavailable, `No instance answers ${subject}`);
  // A fault of this process, never shown to the client: logged, as the services' RpcErrorFilter logs theirs.
  logger.error(`${subject}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return new DomainError(ErrorCode.Internal, 'Internal server error', { subject });
}

const logger = new Logger('RpcClient');

/**
 * No instance of the service could take the request: nobody subscribes to its subject (NATS answers "no
 * responders"), or this process's NATS connection is gone.
 */
function isUnreachable(error: unknown): boolean {
  return (
    error instanceof NoRespondersError ||
    error instanceof ClosedConnectionError ||
    error instanceof DrainingConnectionError ||
    error instanceof ConnectionError
  );
}
