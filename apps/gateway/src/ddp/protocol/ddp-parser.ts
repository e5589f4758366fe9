import type { DdpClientMessage } from '@rc/contracts';
import { parseEjson } from '@rc/platform';
import { nestedDeeperThan } from '../../edge/json-depth.js';

export type ParsedFrame =
  | { ok: true; message: DdpClientMessage }
  /** `reason` is Meteor's wording for the protocol error frame; `offending` the message, when it parsed. */
  | { ok: false; reason: string; offending?: unknown };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
const optionalArray = (v: unknown) => v === undefined || Array.isArray(v);

/**
 * Parses one DDP message and checks its shape, with Meteor's server answers for what is wrong
 * ("Parse error", "Bad request", "Malformed method invocation", "Malformed subscription").
 */
export function parseDdpMessage(text: string): ParsedFrame {
  let value: unknown;
  try {
    value = parseEjson(text);
  } catch {
    return { ok: false, reason: 'Parse error' };
  }
  // Nested too deep to walk safely: refused before any method sees it (the offending message is not echoed).
  if (nestedDeeperThan(value)) return { ok: false, reason: 'Bad request' };
  if (!isObject(value) || typeof value.msg !== 'string') return { ok: false, reason: 'Bad request', offending: value };
  switch (value.msg) {
    case 'connect':
      if (typeof value.version !== 'string' || !optionalArray(value.support)) break;
      return { ok: true, message: value as DdpClientMessage };
    case 'ping':
    case 'pong':
      if (!optionalString(value.id)) break;
      return { ok: true, message: value as DdpClientMessage };
    case 'method':
      if (typeof value.id !== 'string' || typeof value.method !== 'string' || !optionalArray(value.params)) {
        return { ok: false, reason: 'Malformed method invocation', offending: value };
      }
      return { ok: true, message: value as DdpClientMessage };
    case 'sub':
      if (typeof value.id !== 'string' || typeof value.name !== 'string' || !optionalArray(value.params)) {
        return { ok: false, reason: 'Malformed subscription', offending: value };
      }
      return { ok: true, message: value as DdpClientMessage };
    case 'unsub':
      if (typeof value.id !== 'string') break;
      return { ok: true, message: value as DdpClientMessage };
  }
  return { ok: false, reason: 'Bad request', offending: value };
}

/**
 * The DDP messages in one SockJS frame from the client: a JSON array of strings (`["{…}","{…}"]`).
 * Returns null when the frame is not one.
 */
export function unwrapSockjsFrame(text: string): string[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value === 'string') return [value];
  if (!Array.isArray(value) || !value.every((m) => typeof m === 'string')) return null;
  return value;
}
