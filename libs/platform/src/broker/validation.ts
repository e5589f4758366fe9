import { DomainError, ErrorCode } from '@rc/contracts';
import type { z } from 'zod';

/** Turns a schema failure into the error every transport reports as invalid params. */
export function invalidParams(error: z.ZodError): DomainError {
  const problems = error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
  return new DomainError(ErrorCode.InvalidParams, problems.join('; '), { issues: problems });
}

export function parseOrThrow<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalidParams(result.error);
  return result.data;
}
