import { z } from 'zod';

/** A field of a request that was refused, named as the request spells it (body.marks.0.code). */
export const fieldError = z.strictObject({ field: z.string(), message: z.string() });

/**
 * Every error: an RFC 9457 problem document with a stable code for programs and a title and detail
 * for people. Some problems carry more (an import's refusal lists its rows' problems).
 */
export const problemDocument = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: z.string(),
  detail: z.string().optional(),
  instance: z.string().optional(),
  errors: z.array(fieldError).optional(),
});

export type FieldError = z.output<typeof fieldError>;
export type ProblemDocument = z.output<typeof problemDocument>;
