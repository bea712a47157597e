import type { z } from 'zod';
import { Problem } from './problem.ts';

/** Parses a request part with a zod schema; a failure names every bad field and changes nothing. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown, part: 'query' | 'body' | 'params'): z.output<S> {
  const result = schema.safeParse(value ?? {});
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({ field: [part, ...issue.path.map(String)].join('.'), message: issue.message }));
  throw new Problem(400, 'validation-failed', 'Some fields are not valid', errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
}
