import { DomainError, ErrorCode } from '@rc/contracts';
import type { z } from 'zod';

type Issue = z.core.$ZodIssue;

/** zod's own wording (its default messages); anything else is a contract's message, kept as written. */
const ZOD_DEFAULT = /^(Invalid|Too (small|big)|Unrecognized key)/;

const UNIT: Record<string, string> = { string: 'characters', array: 'items', set: 'items', file: 'bytes' };

/** What the value at an issue's path was (to tell a missing key from a wrong type). */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * One schema failure in the words of Rocket.Chat's validators (ajv, as its REST routes report them: "must have
 * required property 'rid'", "must NOT have additional properties", "must be string", …) rather than zod's.
 */
export function ajvMessage(issue: Issue, input: unknown): string {
  if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type': {
      const key = issue.path.at(-1);
      if (key !== undefined && valueAt(input, issue.path) === undefined) return `must have required property '${String(key)}'`;
      return `must be ${issue.expected === 'int' ? 'integer' : issue.expected}`;
    }
    case 'too_small': {
      const unit = UNIT[issue.origin];
      if (unit) return `must NOT have fewer than ${String(issue.minimum)} ${unit}`;
      return `must be ${issue.inclusive === false ? '>' : '>='} ${String(issue.minimum)}`;
    }
    case 'too_big': {
      const unit = UNIT[issue.origin];
      if (unit) return `must NOT have more than ${String(issue.maximum)} ${unit}`;
      return `must be ${issue.inclusive === false ? '<' : '<='} ${String(issue.maximum)}`;
    }
    case 'unrecognized_keys':
      return 'must NOT have additional properties';
    case 'invalid_value':
      return issue.values.length === 1 ? 'must be equal to constant' : 'must be equal to one of the allowed values';
    case 'invalid_format':
      return issue.format === 'regex' && 'pattern' in issue && issue.pattern
        ? `must match pattern "${String(issue.pattern)}"`
        : `must match format "${issue.format}"`;
    case 'invalid_union':
      return 'must match a schema in anyOf';
    case 'not_multiple_of':
      return `must be multiple of ${String(issue.divisor)}`;
    default:
      return issue.message;
  }
}

/**
 * Turns a schema failure into the error every transport reports as invalid params: the first failure in
 * Rocket.Chat's words (its validators stop at the first), every failure with its path in `details.issues`.
 */
export function invalidParams(error: z.ZodError, input?: unknown): DomainError {
  const problems = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  const first = error.issues[0];
  return new DomainError(ErrorCode.InvalidParams, first ? ajvMessage(first, input) : 'invalid params', { issues: problems });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidParams(result.error, value);
  return result.data;
}
