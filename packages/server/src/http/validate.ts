import type { z } from 'zod';
import { Problem } from './problem.ts';

const BODY_MUST_BE = 'must be a JSON object ({} when no field is needed)';

/**
 * Parses a request part with a zod schema; a failure names every bad field and changes nothing.
 * A body is a JSON object, or none at all (which reads as {}): JSON's null, an array, a string or
 * a number is refused as a body, never taken for an empty one.
 */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: 'query' | 'body' | 'params'): z.output<S> {
  if (part === 'body' && value !== undefined && (typeof value !== 'object' || value === null || Array.isArray(value))) {
    throw invalid([{ field: 'body', message: BODY_MUST_BE }]);
  }
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  throw invalid(result.error.issues.map((issue) => ({ field: [part, ...issue.path.map(String)].join('.'), message: issue.message })));
}

/** The problem for fields a use-case finds invalid after parsing: the same document parseRequest gives. */
export function invalid(errors: Array<{ field: string; message: string }>) {
  return new Problem(400, 'validation-failed', 'Some fields are not valid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}
