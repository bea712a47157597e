import { z } from 'zod';

/** The contract of the enrollment routes: registering, enrolling, withdrawing, transferring. */
const id = z.number().int();

/** An enrollment as a change left it; version is its ETag for the next edit. */
export const enrollmentRef = z.strictObject({ id, version: z.number().int() });

export const registeredStudent = z.strictObject({
  student: z.strictObject({ id, localId: z.string() }),
  enrollment: enrollmentRef,
});

/** What a withdrawal or a transfer changed: the enrollment it ended, the one it began, the sections it ended. */
export const enrollmentChange = z.strictObject({
  ended: enrollmentRef.nullable(),
  started: enrollmentRef.nullable(),
  sectionsEnded: z.number().int(),
});

/** A record that may be the same child, named in a 409 'possible-duplicate' or 'state-id-taken' refusal. */
export const duplicateCandidate = z.strictObject({
  id,
  localId: z.string(),
  stateId: z.string().nullable(),
  name: z.strictObject({ first: z.string(), last: z.string() }),
  birthDate: z.iso.date(),
  /** Where the child is (or was last) enrolled. */
  school: z.string().nullable(),
  schoolId: id.nullable(),
  enrolledNow: z.boolean(),
});

export const exitCodes = z.strictObject({ items: z.array(z.strictObject({ code: z.string(), description: z.string() })) });

export const enrollmentCounts = z.strictObject({
  date: z.iso.date(),
  schools: z.array(z.strictObject({ schoolId: id, name: z.string(), enrolled: z.number().int() })),
  total: z.number().int(),
});

export type RegisteredStudent = z.output<typeof registeredStudent>;
export type EnrollmentChange = z.output<typeof enrollmentChange>;
export type DuplicateCandidate = z.output<typeof duplicateCandidate>;
export type ExitCodes = z.output<typeof exitCodes>;
export type EnrollmentCounts = z.output<typeof enrollmentCounts>;
