import { z } from 'zod';

/** The contract of the student routes: search, profile, changes. */
const isoDate = z.iso.date();
const id = z.number().int();

export const personName = z.strictObject({ first: z.string(), last: z.string(), middle: z.string().nullable().optional(), preferred: z.string().nullable().optional() });

export const studentPage = z.strictObject({
  items: z.array(
    z.strictObject({
      id,
      localId: z.string(),
      name: personName,
      grade: z.number().int().nullable(),
      school: z.strictObject({ id, name: z.string() }),
      directoryOptOut: z.boolean(),
    }),
  ),
  limit: z.number().int(),
  offset: z.number().int(),
  hasMore: z.boolean(),
});

export const studentProfile = z.strictObject({
  id,
  localId: z.string(),
  stateId: z.string().nullable(),
  name: personName,
  birthDate: isoDate,
  gender: z.string(),
  homeLanguage: z.string(),
  cohort: z.number().int().nullable(),
  residency: z.string(),
  directoryOptOut: z.boolean(),
  /** The protected programs only for those who serve the student's needs (FERPA, IDEA). */
  programs: z.strictObject({
    englishLearner: z.string(),
    gifted: z.boolean(),
    specialEducation: z.boolean().optional(),
    section504: z.boolean().optional(),
    foster: z.boolean().optional(),
    homeless: z.boolean().optional(),
    lowIncome: z.boolean().optional(),
  }),
  enrollments: z.array(
    z.strictObject({
      school: z.strictObject({ id, name: z.string() }),
      schoolYear: z.string(),
      grade: z.number().int().nullable(),
      entered: z.strictObject({ date: isoDate, code: z.string().nullable() }),
      exited: z.strictObject({ date: isoDate, code: z.string().nullable() }).nullable(),
      /** The enrollment's id and version (its If-Match for a withdrawal or a transfer). */
      id: id.optional(),
      version: z.number().int().optional(),
    }),
  ),
  /** date: the day asked for; null for today. */
  schedule: z.strictObject({
    date: isoDate.nullable(),
    sections: z.array(
      z.strictObject({
        sectionId: id,
        section: z.string(),
        course: z.strictObject({ code: z.string(), title: z.string() }),
        slots: z.array(z.string()),
        teachers: z.string().nullable(),
        room: z.string().nullable(),
        since: isoDate,
      }),
    ),
  }),
  guardians: z.array(
    z.strictObject({
      id,
      name: z.strictObject({ first: z.string(), last: z.string() }),
      relationship: z.string().nullable(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      preferredLanguage: z.string().nullable(),
      livesWith: z.boolean().nullable(),
      custody: z.boolean().nullable(),
      educationalRights: z.boolean().nullable(),
      accessRestricted: z.boolean().nullable(),
      emergencyContact: z.boolean().nullable(),
    }),
  ),
  version: z.number().int(),
});

/** The version a change made; the ETag carries it too. */
export const newVersion = z.strictObject({ version: z.number().int() });

export type PersonName = z.output<typeof personName>;
export type StudentPage = z.output<typeof studentPage>;
export type StudentListItem = StudentPage['items'][number];
export type StudentProfile = z.output<typeof studentProfile>;
