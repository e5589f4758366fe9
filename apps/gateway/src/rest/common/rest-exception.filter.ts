import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { DomainError, ErrorCode, type WrappedMeteorError } from '@rc/contracts';
import { databaseOutageRefusal } from '@rc/platform';
import type { Response } from 'express';
import { RETRY_AFTER_SECONDS } from '../../service-unavailable.js';
import { sendJson } from './rest-reply.js';

/** Rocket.Chat's `permissionsRequired` refusal, which its REST answer reads as `<this> [error-unauthorized]`. */
const PERMISSIONS_REQUIRED = 'User does not have the permissions required for this action';

export interface RestFailure {
  status: number;
  body: Record<string, unknown>;
  /** Headers to send with it (`Retry-After` on a 503). */
  headers?: Record<string, string>;
}

/**
 * Rocket.Chat's REST error envelope (7.x behaviour):
 * - not logged in → 401 `{success: false, status: 'error', message, error}`
 * - missing permission (`error-unauthorized`) → 403 `{success: false, error: reason}` (the permission check's
 *   sentence with ` [error-unauthorized]`)
 * - rate limited → 429 `{success: false, error: message}`
 * - a service that does not answer → 503 `{success: false, error: 'Service Unavailable'}` with `Retry-After`
 * - any other domain error → 400 `{success: false, error: message, errorType: code, details?}`; where the text
 *   is the id itself (Rocket.Chat's `API.v1.failure('team-does-not-exist')`), `error` is that id alone
 * - the Marketplace unreachable → 500 `{success: false, error: 'Could not reach the Marketplace'}`
 * - `API.v1.failure('<text>')` (PlainFailure) and a route's `Match.Error` (MatchFailed) → 400 `{success: false,
 *   error: text}`, no `errorType`
 * - `API.v1.failure(meteorError)` (MeteorErrorObject) → 400, the serialized Meteor.Error with `success: false`
 * - anything unexpected → 500 `{success: false, error: 'Internal server error'}`
 */
export function toRestFailure(error: DomainError): RestFailure {
  switch (error.code) {
    case ErrorCode.NotLoggedIn:
      return {
        status: 401,
        body: { success: false, status: 'error', message: error.reason, error: error.reason },
      };
    case ErrorCode.Unauthorized:
      // Rocket.Chat's `unauthorized(text?)` / `forbidden(text?)` say the text alone ("unauthorized" by default,
      // `error-no-permission-team-channel`); a declared permission's check says its sentence with the code.
      return { status: 403, body: { success: false, error: error.reason === PERMISSIONS_REQUIRED ? error.message : error.reason } };
    case ErrorCode.TooManyRequests:
      return { status: 429, body: { success: false, error: error.message, ...(error.details && { details: error.details }) } };
    case ErrorCode.NotFound:
      return { status: 404, body: { success: false, error: error.reason } };
    case ErrorCode.ServiceUnavailable:
      return {
        status: 503,
        body: { success: false, error: 'Service Unavailable' },
        headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
      };
    case ErrorCode.PlainFailure:
      // `API.v1.failure()` without a text answers `{success: false}` alone.
      return { status: 400, body: { success: false, ...(error.reason && { error: error.reason }) } };
    case ErrorCode.MatchFailed:
      // A `Match.Error` thrown in a route: `API.v1.failure(e.message)`, its message alone.
      return { status: 400, body: { success: false, error: error.reason } };
    case ErrorCode.MeteorErrorObject: {
      // `API.v1.failure(error)`: the Meteor.Error's own fields, `success: false` added.
      const wrapped = error.details as unknown as WrappedMeteorError;
      return {
        status: 400,
        body: {
          isClientSafe: true,
          error: wrapped.error,
          reason: wrapped.reason,
          ...(wrapped.details && { details: wrapped.details }),
          message: `${wrapped.reason} [${wrapped.error}]`,
          errorType: 'Meteor.Error',
          success: false,
        },
      };
    }
    case ErrorCode.RoomNotAllowed:
      return { status: 400, body: { success: false, error: error.reason, errorType: error.code } };
    case ErrorCode.MeteorForbidden:
      // Meteor.Error(403, reason): the number is the error's id.
      return { status: 400, body: { success: false, error: error.message, errorType: 403 } };
    case ErrorCode.Internal:
      return { status: 500, body: { success: false, error: 'Internal server error' } };
    case ErrorCode.MarketplaceUnreachable:
      // Rocket.Chat's `API.v1.internalError('Could not reach the Marketplace')`.
      return { status: 500, body: { success: false, error: error.reason } };
    default:
      return {
        status: 400,
        body: {
          success: false,
          error: error.reason === error.code ? error.reason : error.message,
          errorType: error.code,
          ...(error.details && { details: error.details }),
        },
      };
  }
}

const logger = new Logger('REST');

/** Any failure of a REST call as Rocket.Chat's envelope; server faults are logged, never shown. */
export function restFailureOf(exception: unknown): RestFailure {
  if (exception instanceof DomainError) return toRestFailure(exception);
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // Unknown routes, malformed JSON bodies and the like: Nest's own HTTP errors.
    const error = status === 404 ? 'Resource not found' : exception.message;
    return { status, body: status === 400 ? { success: false, error, errorType: 'error-invalid-request' } : { success: false, error } };
  }
  // The gateway's own database use (GridFS bodies): out of reach is an outage, as the services answer it.
  const outage = databaseOutageRefusal(exception, logger);
  if (outage) return toRestFailure(outage);
  logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { status: 500, body: { success: false, error: 'Internal server error' } };
}

/** Writes a failure: its headers (`Retry-After`), then the envelope. */
export function sendFailure(response: Response, { status, body, headers }: RestFailure): void {
  if (headers) response.set(headers);
  sendJson(response, status, body);
}

@Catch()
export class RestExceptionFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const failure = restFailureOf(exception);
    sendFailure(host.switchToHttp().getResponse<Response>(), failure);
  }
}
