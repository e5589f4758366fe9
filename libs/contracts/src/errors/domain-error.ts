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
    // Meteor.Error#message reads `reason [error]`, or `[error]` alone without a reason (`Meteor.Error('invalid-channel')`);
    // REST clients display it as is.
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
