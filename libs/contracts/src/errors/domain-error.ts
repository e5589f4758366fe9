import { ErrorCode } from './error-code.js';

/** What crosses NATS when a request fails: enough to rebuild the DomainError on the other side. */
export interface SerializedDomainError {
  readonly code: ErrorCode;
  readonly reason: string;
  readonly details?: Record<string, unknown>;
}

/**
 * A failure the caller can understand and act on. Services throw it; the gateway maps the code to the
 * protocol's own error shape (REST envelope, DDP Meteor.Error). Anything else thrown is an internal error.
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly reason: string,
    readonly details?: Record<string, unknown>,
  ) {
    // Meteor.Error#message reads `reason [error]` (`[error]` without a reason); REST clients display it as is.
    super(reason ? `${reason} [${code}]` : `[${code}]`);
    this.name = 'DomainError';
  }

  toJSON(): SerializedDomainError {
    return { code: this.code, reason: this.reason, ...(this.details && { details: this.details }) };
  }

  static fromSerialized(e: SerializedDomainError): DomainError {
    return new DomainError(e.code, e.reason, e.details);
  }

  static isSerialized(value: unknown): value is SerializedDomainError {
    if (typeof value !== 'object' || value === null) return false;
    const { code, reason } = value as Record<string, unknown>;
    return typeof code === 'string' && typeof reason === 'string' && Object.values(ErrorCode).includes(code as ErrorCode);
  }
}

/** The original error a `MeteorErrorObject` carries in its details. */
export interface WrappedMeteorError {
  readonly error: string;
  readonly reason: string;
  readonly details?: Record<string, unknown>;
}

/** `error` answered over REST as the serialized Meteor.Error object (Rocket.Chat's `API.v1.failure(error)`). */
export function meteorErrorObject(error: DomainError): DomainError {
  const wrapped: WrappedMeteorError = { error: error.code, reason: error.reason, ...(error.details && { details: error.details }) };
  return new DomainError(ErrorCode.MeteorErrorObject, error.reason, { ...wrapped });
}
