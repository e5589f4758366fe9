import { Inject, Injectable } from '@nestjs/common';
import type { ClientProxy } from '@nestjs/microservices';
import { EmptyResponseException } from '@nestjs/microservices/errors/empty-response.exception.js';
import { DomainError, ErrorCode, type RpcContract, type RpcRequest, type RpcResponse } from '@rc/contracts';
import { TimeoutError, firstValueFrom, timeout } from 'rxjs';
import { InjectConfig } from '../config/config.tokens.js';
import type { BaseConfig } from '../config/base-env.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { NATS_CLIENT } from './broker.tokens.js';

/**
 * Typed request/reply over NATS. Every request has a timeout; a remote failure comes back as the
 * DomainError the service threw; a timeout, or no instance of the service to answer, as
 * `error-service-unavailable` (the caller may retry: it is not the request's fault).
 */
@Injectable()
export class RpcClient {
  constructor(
    @Inject(NATS_CLIENT) private readonly client: ClientProxy,
    @InjectConfig() private readonly config: BaseConfig,
    private readonly metrics: MetricsService,
  ) {}

  async request<C extends RpcContract>(contract: C, payload: RpcRequest<C>, options: { timeoutMs?: number } = {}): Promise<RpcResponse<C>> {
    const timeoutMs = options.timeoutMs ?? contract.timeoutMs ?? this.config.RPC_TIMEOUT_MS;
    const stopTimer = this.metrics.rpcClient.startTimer({ subject: contract.subject });
    try {
      const response = await firstValueFrom(this.client.send<RpcResponse<C>>(contract.subject, payload).pipe(timeout(timeoutMs)));
      stopTimer({ outcome: 'ok' });
      return response;
    } catch (error) {
      const domainError = toDomainError(error, contract.subject, timeoutMs);
      stopTimer({ outcome: domainError.code });
      throw domainError;
    }
  }
}

function toDomainError(error: unknown, subject: string, timeoutMs: number): DomainError {
  if (error instanceof DomainError) return error;
  if (DomainError.isSerialized(error)) return DomainError.fromSerialized(error);
  if (error instanceof TimeoutError) {
    return new DomainError(ErrorCode.ServiceUnavailable, `No answer to ${subject} within ${timeoutMs} ms`);
  }
  if (isUnreachable(error)) return new DomainError(ErrorCode.ServiceUnavailable, `No instance answers ${subject}`);
  return new DomainError(ErrorCode.Internal, 'Internal server error', { subject });
}

/** NATS connection failures (by class name: nats.js's error classes are not all exported). */
const CONNECTION_ERRORS = new Set(['ClosedConnectionError', 'DrainingConnectionError', 'ConnectionError', 'NoResponders']);

/**
 * No instance of the service could take the request: nobody subscribes to its subject (NATS answers "no
 * responders", which Nest reports as an empty response), or this process's NATS connection is gone.
 */
export function isUnreachable(error: unknown): boolean {
  return error instanceof EmptyResponseException || (error instanceof Error && CONNECTION_ERRORS.has(error.name));
}
