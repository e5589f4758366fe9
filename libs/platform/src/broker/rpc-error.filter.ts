import { Catch, Logger, type RpcExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCode, type SerializedDomainError } from '@rc/contracts';
import { throwError, type Observable } from 'rxjs';
import { databaseOutageRefusal } from '../database/database-outage.js';

/**
 * Sends a DomainError back to the caller as is; the database out of reach as the service being unavailable (the
 * caller may retry, as when no instance answers); logs anything else and sends a bare internal error.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcHandler');

  catch(exception: unknown): Observable<SerializedDomainError> {
    if (exception instanceof DomainError) return throwError(() => exception.toJSON());
    const outage = databaseOutageRefusal(exception, this.logger);
    if (outage) return throwError(() => outage.toJSON());
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    return throwError(() => new DomainError(ErrorCode.Internal, 'Internal server error').toJSON());
  }
}
