import { DomainError, ErrorCode, type MeteorErrorJson, type WrappedMeteorError } from '@rc/contracts';
import { RETRY_AFTER_SECONDS } from '../../service-unavailable.js';

/**
 * A Meteor.Error, as Rocket.Chat's DDP server sends it: `error` (an id or an HTTP-like number), `reason`,
 * `message` (`reason [error]`), `errorType: 'Meteor.Error'`, `isClientSafe`, and `details` when given.
 */
export class MeteorError extends Error {
  constructor(
    readonly error: string | number,
    readonly reason?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(reason ? `${reason} [${error}]` : `[${error}]`);
    this.name = 'MeteorError';
  }

  toJSON(): MeteorErrorJson {
    return {
      isClientSafe: true,
      error: this.error,
      ...(this.reason !== undefined && { reason: this.reason }),
      message: this.message,
      errorType: 'Meteor.Error',
      ...(this.details && { details: this.details }),
    };
  }
}

/** What clients see when the server failed unexpectedly: nothing about the failure itself. */
export const internalError = () => new MeteorError(500, 'Internal server error');

/** Meteor's answer to arguments that fail a method's `check()`. */
export const matchFailed = () => new MeteorError(400, 'Match failed');

/** Rocket.Chat's error for a method that needs a logged-in user. */
export const invalidUser = (method: string) => new MeteorError('error-invalid-user', 'Invalid user', { method });

/**
 * A service did not answer: the request itself was fine and may be sent again (`retryAfterSeconds`), unlike
 * a 500, which says the server failed on it.
 */
export const serviceUnavailable = () =>
  new MeteorError(503, 'Service Unavailable', { retryable: true, retryAfterSeconds: RETRY_AFTER_SECONDS });

/**
 * Any failure as the Meteor.Error a client receives: domain errors keep their code and reason; a service
 * that did not answer is a retryable 503; anything else is an internal error (logged by the caller, never shown).
 */
export function toMeteorError(error: unknown): MeteorError {
  if (error instanceof MeteorError) return error;
  if (error instanceof DomainError) {
    if (error.code === ErrorCode.Internal) return internalError();
    if (error.code === ErrorCode.ServiceUnavailable) return serviceUnavailable();
    if (error.code === ErrorCode.MatchFailed) return matchFailed();
    if (error.code === ErrorCode.MeteorForbidden) return new MeteorError(403, error.reason, error.details);
    if (error.code === ErrorCode.MeteorErrorObject) {
      const wrapped = error.details as unknown as WrappedMeteorError;
      return new MeteorError(wrapped.error, wrapped.reason, wrapped.details);
    }
    return new MeteorError(error.code, error.reason, error.details);
  }
  return internalError();
}

/** Whether a failure is expected (a client error) rather than a bug worth logging. */
export const isClientError = (error: unknown) =>
  error instanceof MeteorError ? error.error !== 500 : error instanceof DomainError && error.code !== ErrorCode.Internal;
