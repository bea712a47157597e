import { z } from 'zod';

/**
 * The contract of a student's family: the guardians linked to the student, the rights each holds
 * for this student (educational rights, custody, pick-up, a court order's restriction), and the
 * emergency contacts who are not guardians. A guardian's details are shared by every student
 * linked to them, so they carry their own version; the link's rights carry another.
 */
const id = z.number().int();
const name = z.strictObject({ first: z.string(), last: z.string() });

/** A court order or custody arrangement as the office has it on file. */
export const courtOrder = z.strictObject({ note: z.string().nullable(), issued: z.iso.date().nullable(), expires: z.iso.date().nullable() });

export const guardianDetails = z.strictObject({
  id,
  name,
  email: z.string().nullable(),
  phone: z.string().nullable(),
  preferredLanguage: z.string(),
  /** The ETag of the guardian's details (If-Match of changeGuardianDetails). */
  version: z.number().int(),
  /** Other students the guardian is linked to: a change of their details shows on those records too. */
  otherStudents: z.number().int(),
});

export const guardianLink = z.strictObject({
  relationship: z.string(),
  livesWith: z.boolean(),
  custody: z.boolean(),
  educationalRights: z.boolean(),
  /** A court order or custody arrangement bars the guardian from the record and from the child. */
  accessRestricted: z.boolean(),
  /** Left out for those who may not read it (teachers see the restriction, not the order). */
  courtOrder: courtOrder.nullable().optional(),
  /** Whether the office may release the child to this person at dismissal; never for a restricted guardian. */
  mayPickUp: z.boolean(),
  emergencyContact: z.boolean(),
  contactOrder: z.number().int(),
  /** The ETag of the link (If-Match of changeGuardianLink and endGuardianLink). */
  version: z.number().int(),
});

export const studentGuardian = z.strictObject({ guardian: guardianDetails, link: guardianLink });

export const studentContact = z.strictObject({
  id,
  name,
  relationship: z.string(),
  phone: z.string(),
  alternatePhone: z.string().nullable(),
  contactOrder: z.number().int(),
  mayPickUp: z.boolean(),
  version: z.number().int(),
});

export const studentFamily = z.strictObject({
  studentId: id,
  guardians: z.array(studentGuardian),
  contacts: z.array(studentContact),
  /** Whether the one asking may change this family (the office of the student's school, the district's administrators). */
  mayChange: z.boolean(),
});

/** A guardian already in the district's records, found to link to another student (a sibling's parent). */
export const guardianMatch = z.strictObject({
  id,
  name,
  email: z.string().nullable(),
  phone: z.string().nullable(),
  preferredLanguage: z.string(),
  /** The guardian's students whom the one asking may see; the others are only counted. */
  students: z.array(z.strictObject({ id, name })),
  otherStudents: z.number().int(),
  alreadyLinked: z.boolean(),
});

export const guardianMatches = z.strictObject({ items: z.array(guardianMatch) });

/** What ending a link left: the guardian record is kept for the other students and the history. */
export const endedGuardianLink = z.strictObject({ studentId: id, guardianId: id, otherStudents: z.number().int() });
export const removedContact = z.strictObject({ studentId: id, contactId: id });

export type CourtOrder = z.output<typeof courtOrder>;
export type GuardianDetails = z.output<typeof guardianDetails>;
export type GuardianLink = z.output<typeof guardianLink>;
export type StudentGuardian = z.output<typeof studentGuardian>;
export type StudentContact = z.output<typeof studentContact>;
export type StudentFamily = z.output<typeof studentFamily>;
export type GuardianMatch = z.output<typeof guardianMatch>;
export type GuardianMatches = z.output<typeof guardianMatches>;
export type EndedGuardianLink = z.output<typeof endedGuardianLink>;
export type RemovedContact = z.output<typeof removedContact>;
