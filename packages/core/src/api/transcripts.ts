import { z } from 'zod';

/** The contract of the transcript routes. */
const id = z.number().int();
const instant = z.iso.datetime({ offset: true });

/** One GPA of the rule set: its figures by name (unweighted, weighted, count, ...); null when nothing counts. */
export const gpaFigures = z.record(z.string(), z.number().nullable());

export const gpaSummary = z.strictObject({ uc: gpaFigures, csu: gpaFigures, district: gpaFigures, credits: z.strictObject({ attempted: z.number(), earned: z.number() }) });

/** How one mark counts in each GPA: one sentence per GPA, beginning "counted" or "excluded". */
export const markExplanation = z.record(z.string(), z.string());

export const transcriptEntry = z.strictObject({
  entryId: id,
  course: z.string(),
  title: z.string(),
  grade: z.number().int(),
  mark: z.string(),
  credits: z.number(),
  /** What the mark counts toward the credit totals: attempted unless it attempts none (W, I), earned when it is the course's first pass. */
  attempted: z.number(),
  earned: z.number(),
  ag: z.string().nullable(),
  honors: z.string(),
  source: z.string(),
  school: z.string().nullable(),
  corrected: z.boolean(),
  explanation: markExplanation.optional(),
});

export const transcript = z.strictObject({
  student: z.strictObject({ id, localId: z.string(), grade: z.number().int(), cohort: z.number().int().nullable() }),
  ruleSet: z.string(),
  gpa: gpaSummary,
  /** Each school year's GPAs under the same rule set (its marks alone), oldest first. */
  years: z.array(z.strictObject({ schoolYear: z.string(), gpa: gpaSummary })),
  terms: z.array(z.strictObject({ schoolYear: z.string(), term: z.string(), entries: z.array(transcriptEntry) })),
  inProgress: z.array(z.strictObject({ course: z.string(), title: z.string().nullable(), schoolYear: z.string(), term: z.string(), credits: z.number() })),
  corrections: z.array(z.strictObject({ entryId: id, course: z.string(), term: z.string(), from: z.string(), to: z.string(), reason: z.string().nullable(), at: instant })),
  classRank: z.strictObject({ basis: z.string(), rank: z.number().int(), of: z.number().int(), asOf: instant }).nullable(),
});

/** The homeroom.transcript/v1 and homeroom.gpa/v1 documents of the same engine the CLI runs. */
export const transcriptDocuments = z.strictObject({ transcript: z.looseObject({ format: z.string() }), gpa: z.looseObject({ format: z.string() }) });

/** A new entry (or a correction) and the student's GPAs after it; gpa is null for a student with no transcript. */
export const addedTranscriptEntry = z.strictObject({ entryId: id, gpa: gpaSummary.nullable() });
export const correctedTranscriptEntry = z.strictObject({ entryId: id, supersedes: id, gpa: gpaSummary.nullable() });

export type Transcript = z.output<typeof transcript>;
export type TranscriptEntry = z.output<typeof transcriptEntry>;
