import { DomainError } from '../errors/domain-error.js';
import { ErrorCode } from '../errors/error-code.js';

/**
 * Meteor's `check()` for the routes Rocket.Chat 7 checks with it rather than with an ajv validator (`teams.*`),
 * with its failure texts: `Match error: Missing key 'roomId'`, `Match error: Expected string, got number in field
 * name`, `Match error: Failed Match.OneOf, Match.Maybe or Match.Optional validation`. Rocket.Chat's REST layer
 * answers a `Match.Error` (no `error` id) as `API.v1.failure(e.message)`: 400 with the text alone.
 * Only the patterns those routes use: String, Boolean, Number, literals, `[pattern]`, Maybe, OneOf,
 * ObjectIncluding, Any.
 */
export type MatchPattern =
  | StringConstructor
  | BooleanConstructor
  | NumberConstructor
  | string
  | number
  | boolean
  | readonly [MatchPattern]
  | MaybePattern
  | OneOfPattern
  | IncludingPattern
  | typeof ANY;

class MaybePattern {
  constructor(readonly pattern: MatchPattern) {}
}
class OneOfPattern {
  constructor(readonly choices: readonly MatchPattern[]) {}
}
class IncludingPattern {
  constructor(readonly shape: Readonly<Record<string, MatchPattern>>) {}
}
const ANY = Symbol('Match.Any');

export const Match = {
  Maybe: (pattern: MatchPattern) => new MaybePattern(pattern),
  OneOf: (...choices: MatchPattern[]) => new OneOfPattern(choices),
  ObjectIncluding: (shape: Record<string, MatchPattern>) => new IncludingPattern(shape),
  Any: ANY,
} as const;

interface Mismatch {
  message: string;
  path: string;
}

const ONE_OF_FAILED = 'Failed Match.OneOf, Match.Maybe or Match.Optional validation';
const TYPES = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
]);

/** Meteor's `stringForErrorMessage(value, {onlyShowType: true})`. */
const typeName = (value: unknown) => (value === null ? 'null' : typeof value);

/** Meteor's `_prependPath`: array indexes as `[i]`, keys joined with dots. */
function prependPath(key: string | number, base: string): string {
  const part =
    typeof key === 'number' || /^[0-9]+$/.test(key) ? `[${key}]` : /^[a-z_$][0-9a-z_$.[\]]*$/i.test(key) ? key : JSON.stringify([key]);
  return base && !base.startsWith('[') ? `${part}.${base}` : part + base;
}

function mismatch(value: unknown, pattern: MatchPattern): Mismatch | false {
  if (pattern === ANY) return false;
  const type = TYPES.get(pattern);
  if (type) return typeof value === type ? false : { message: `Expected ${type}, got ${typeName(value)}`, path: '' };
  if (typeof pattern !== 'object' && typeof pattern !== 'function') {
    return value === pattern ? false : { message: `Expected ${String(pattern)}, got ${JSON.stringify(value) ?? 'undefined'}`, path: '' };
  }
  if (pattern instanceof MaybePattern) return value === undefined || value === null ? false : orOneOf(value, [pattern.pattern]);
  if (pattern instanceof OneOfPattern) return orOneOf(value, pattern.choices);
  if (Array.isArray(pattern)) {
    if (!Array.isArray(value)) return { message: `Expected array, got ${typeName(value)}`, path: '' };
    for (const [index, item] of value.entries()) {
      const failed = mismatch(item, pattern[0] as MatchPattern);
      if (failed) return { ...failed, path: prependPath(index, failed.path) };
    }
    return false;
  }
  if (pattern instanceof IncludingPattern) return objectMismatch(value, pattern.shape);
  return { message: 'Unknown pattern', path: '' };
}

function orOneOf(value: unknown, choices: readonly MatchPattern[]): Mismatch | false {
  return choices.some((choice) => !mismatch(value, choice)) ? false : { message: ONE_OF_FAILED, path: '' };
}

/** Meteor's object rule: the value's own keys in order (unknown ones allowed), then the first required key missing. */
function objectMismatch(value: unknown, shape: Readonly<Record<string, MatchPattern>>): Mismatch | false {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { message: `Expected object, got ${typeName(value)}`, path: '' };
  }
  const required = new Set(Object.keys(shape).filter((key) => !(shape[key] instanceof MaybePattern)));
  for (const [key, item] of Object.entries(value)) {
    if (!Object.hasOwn(shape, key)) continue;
    const pattern = shape[key];
    const failed = pattern instanceof MaybePattern ? (item === null ? false : mismatch(item, pattern.pattern)) : mismatch(item, pattern);
    if (failed) return { ...failed, path: prependPath(key, failed.path) };
    required.delete(key);
  }
  const [missing] = required;
  return missing === undefined ? false : { message: `Missing key '${missing}'`, path: '' };
}

/** Meteor's `check(value, pattern)`: nothing, or the `Match.Error` as Rocket.Chat's REST routes answer it. */
export function check(value: unknown, pattern: MatchPattern): void {
  const failed = mismatch(value, pattern);
  if (!failed) return;
  const where = failed.path ? ` in field ${failed.path}` : '';
  throw new DomainError(ErrorCode.PlainFailure, `Match error: ${failed.message}${where}`);
}
