import { z } from 'zod';

/** The contract of mark entry: a section's marks for a grading period, entering and posting them. */
const id = z.number().int();
const isoDate = z.iso.date();

export const sectionMarks = z.strictObject({
  section: z.strictObject({ id, code: z.string() }),
  gradingPeriod: z.strictObject({ id, code: z.string(), name: z.string(), final: z.boolean(), due: isoDate.nullable(), term: z.string() }),
  students: z.array(
    z.strictObject({
      studentId: id,
      localId: z.string(),
      name: z.strictObject({ first: z.string(), last: z.string() }),
      mark: z.string().nullable(),
      comment: z.string().nullable(),
      workHabits: z.string().nullable(),
      cooperation: z.string().nullable(),
      enteredAt: z.iso.datetime({ offset: true }).nullable(),
      /** The day the student left the section, if they did. */
      left: isoDate.nullable(),
    }),
  ),
});

export const enteredMarks = z.strictObject({ gradingPeriod: z.string(), entered: z.number().int(), changed: z.number().int(), unchanged: z.number().int() });

export const postedMarks = z.strictObject({ posted: z.number().int(), alreadyPosted: z.number().int(), missingMarks: z.array(z.strictObject({ studentId: id, name: z.string() })) });

export type SectionMarks = z.output<typeof sectionMarks>;
