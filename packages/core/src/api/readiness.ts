import { z } from 'zod';

/** The contract of the readiness routes: the `homeroom.readiness/v1` report, its runs and its trend. */
const id = z.number().int();

export const readinessEvidence = z.strictObject({
  school: z.string().optional(),
  student: z.string().optional(),
  section: z.string().optional(),
  detail: z.string().optional(),
  /** The records' ids, so the screen opens them; not in the file format. */
  ref: z.strictObject({ schoolId: id.optional(), studentId: id.optional(), sectionId: id.optional() }).optional(),
});

export const readinessCheck = z.strictObject({
  id: z.string(),
  title: z.string(),
  required: z.boolean(),
  status: z.enum(['pass', 'warn', 'fail', 'unknown']),
  figure: z.number().nullable(),
  threshold: z.number(),
  evidence: z.array(readinessEvidence).max(100),
  evidenceCount: z.number().int(),
});

export const readinessReport = z.strictObject({
  format: z.literal('homeroom.readiness/v1'),
  verdict: z.enum(['go', 'no-go']),
  date: z.iso.date(),
  computedAt: z.string(),
  checks: z.array(readinessCheck),
  /** The run this report was kept as, and the school it was judged for (null: the district). */
  run: z.strictObject({ id, school: z.strictObject({ id, name: z.string() }).nullable() }),
});

/** The last runs, oldest first: each check's figure and status, for the trend. */
export const readinessHistory = z.strictObject({
  school: z.strictObject({ id, name: z.string() }).nullable(),
  runs: z.array(
    z.strictObject({
      id,
      date: z.iso.date(),
      computedAt: z.string(),
      verdict: z.enum(['go', 'no-go']),
      checks: z.array(z.strictObject({ id: z.string(), title: z.string(), status: z.enum(['pass', 'warn', 'fail', 'unknown']), figure: z.number().nullable(), threshold: z.number() })),
    }),
  ),
});

export type ReadinessReportResponse = z.output<typeof readinessReport>;
export type ReadinessHistory = z.output<typeof readinessHistory>;
