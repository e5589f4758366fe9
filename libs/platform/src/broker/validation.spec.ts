import { describe, expect, it } from '@jest/globals';
import { DomainError } from '@rc/contracts';
import { z } from 'zod';
import { parseOrThrow } from './validation.js';

/** The reason a schema failure reports, as Rocket.Chat's ajv validators word it. */
function reasonOf(schema: z.ZodType, value: unknown): string {
  try {
    parseOrThrow(schema, value);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('invalid-params');
    return (error as DomainError).reason;
  }
  throw new Error('accepted');
}

describe('parseOrThrow: schema failures in Rocket.Chat words', () => {
  const room = z.strictObject({ rid: z.string().min(1).max(5), tags: z.array(z.string()).max(2).optional() });

  it.each([
    ['a missing key', room, {}, "must have required property 'rid'"],
    ['a wrong type', room, { rid: 5 }, 'must be string'],
    ['an unknown key', room, { rid: 'r', other: 1 }, 'must NOT have additional properties'],
    ['a short string', room, { rid: '' }, 'must NOT have fewer than 1 characters'],
    ['a long string', room, { rid: 'abcdef' }, 'must NOT have more than 5 characters'],
    ['too many items', room, { rid: 'r', tags: ['a', 'b', 'c'] }, 'must NOT have more than 2 items'],
    ['a value outside an enum', z.object({ s: z.enum(['a', 'b']) }), { s: 'c' }, 'must be equal to one of the allowed values'],
    ['a number under its minimum', z.object({ n: z.number().min(1) }), { n: 0 }, 'must be >= 1'],
    ['an integer', z.object({ n: z.number().int() }), { n: 1.5 }, 'must be integer'],
    ['an e-mail', z.object({ e: z.email() }), { e: 'nope' }, 'must match format "email"'],
    ['a union', z.object({ u: z.union([z.string(), z.number()]) }), { u: true }, 'must match a schema in anyOf'],
  ])('%s', (_what, schema, value, reason) => {
    expect(reasonOf(schema, value)).toBe(reason);
  });

  it("keeps a contract's own message", () => {
    const schema = z.object({ a: z.string().optional() }).refine((v) => v.a !== undefined, 'status or statusText is required');
    expect(reasonOf(schema, {})).toBe('status or statusText is required');
  });

  it('reports only the first failure, the others with their paths in details', () => {
    try {
      parseOrThrow(room, { rid: 1, tags: 'x' });
    } catch (error) {
      expect((error as DomainError).message).toBe('must be string [invalid-params]');
      expect((error as DomainError).details?.issues).toHaveLength(2);
    }
  });
});
