import { z } from 'zod';

/** The contract of the report-card routes. */
const id = z.number().int();
const day = z.iso.date();

export const reportCard = z.strictObject({
  student: z.strictObject({ id, localId: z.string(), name: z.string(), grade: z.number().int().nullable() }),
  gradingPeriod: z.strictObject({ id, name: z.string(), schoolYear: z.string(), term: z.string(), startDate: day, endDate: day, final: z.boolean() }),
  /** One line per section with a mark in the period: the standing mark (a correction replaces it), absences and tardies within the period's dates. */
  sections: z.array(
    z.strictObject({ sectionId: id, section: z.string(), course: z.string(), title: z.string(), teacher: z.string().nullable(), mark: z.string(), absences: z.number().int(), tardies: z.number().int(), comment: z.string().nullable() }),
  ),
});

export type ReportCard = z.output<typeof reportCard>;

/** A school's report cards for a grading period, printed into a zip as a background job. */
export const startReportCardBatchInput = z.strictObject({
  schoolId: id.positive(),
  gradingPeriodId: id.positive(),
  /** Only this grade's students. */
  grade: z.number().int().min(-1).max(12).nullish(),
  /** Only the students on this section's roster in the period. */
  sectionId: id.positive().nullish(),
});
export type StartReportCardBatchInput = z.input<typeof startReportCardBatchInput>;
/** What a finished report-card batch reports: students chosen, documents in the zip, and how many an earlier run had finished. */
export interface ReportCardBatchResult {
  students: number;
  documents: number;
  volumes: number;
  resumedAfter: number;
}
