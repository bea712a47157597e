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
