import { DomainError, ErrorCode, type MeteorErrorJson } from '@rc/contracts';
import { parseEjson, stringifyEjson } from '@rc/platform';

export interface MethodCall {
  id: string;
  method: string;
  params: unknown[];
}

/** Rocket.Chat's answer to a body that is not a DDP method call. */
const invalidCall = () => new DomainError(ErrorCode.InvalidParams, 'Invalid method call');

/** The DDP `method` message inside the body's `message` (an EJSON string). */
export function parseMethodCall(body: unknown): MethodCall {
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  if (typeof message !== 'string' || message.length > 1_048_576) throw invalidCall();
  let data: unknown;
  try {
    data = parseEjson(message);
  } catch {
    throw invalidCall();
  }
  if (typeof data !== 'object' || data === null) throw invalidCall();
  const { msg, id, method, params } = data as Record<string, unknown>;
  // Rocket.Chat's validator coerces types (ajv `coerceTypes`): a numeric id is the string of its digits.
  const callId = typeof id === 'number' && Number.isFinite(id) ? String(id) : id;
  if (msg !== 'method' || typeof callId !== 'string' || typeof method !== 'string' || (params !== undefined && !Array.isArray(params))) {
    throw invalidCall();
  }
  return { id: callId, method, params: (params as unknown[] | undefined) ?? [] };
}

/** The DDP `result` message, EJSON-encoded, as `method.call` answers it. */
export function resultMessage(id: string, result?: unknown, error?: MeteorErrorJson): string {
  return stringifyEjson({ msg: 'result', id, ...(error ? { error } : { result }) });
}
