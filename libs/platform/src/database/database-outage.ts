import type { Logger } from '@nestjs/common';
import { DomainError, ErrorCode } from '@rc/contracts';
import mongoose, { mongo } from 'mongoose';

/**
 * Whether a failure is the database being out of reach (down, restarting, a connection lost mid-command): the
 * service is unavailable for a moment rather than broken, and the caller may retry. The driver wraps a network
 * failure of a bulk write (`insertMany`, `bulkWrite`) in a MongoBulkWriteError that copies the network error's own
 * fields (`beforeHandshake`) but not its class. Mongoose holds a command back while it is disconnected and refuses it
 * after `bufferTimeoutMS` with a plain MongooseError, told apart by its text only.
 */
export function isDatabaseOutage(error: unknown): boolean {
  return (
    error instanceof mongo.MongoNetworkError ||
    error instanceof mongo.MongoServerSelectionError ||
    error instanceof mongo.MongoNotConnectedError ||
    error instanceof mongo.MongoTopologyClosedError ||
    (error instanceof mongoose.Error && / buffering timed out after \d+ms$/.test(error.message)) ||
    (error instanceof mongo.MongoBulkWriteError && 'beforeHandshake' in error && [error.writeErrors].flat().length === 0)
  );
}

/**
 * The refusal a caller gets for a failure that is the database out of reach — the service unavailable for a moment
 * (REST 503 with Retry-After) — logged as a warning, not as a fault; undefined for any other failure.
 */
export function databaseOutageRefusal(error: unknown, logger: Pick<Logger, 'warn'>): DomainError | undefined {
  if (!isDatabaseOutage(error)) return undefined;
  logger.warn(`the database is out of reach: ${(error as Error).message}`);
  return new DomainError(ErrorCode.ServiceUnavailable, 'The database is out of reach');
}
