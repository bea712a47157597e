/**
 * OneRoster sourcedIds of Homeroom's records, derived from their ids: stable for as long as the
 * record lives, the same in the REST service and the CSV export, and readable by a person
 * ("stu-1042" is a student). A record imported with a sourcedId of its own keeps that one (the
 * district import); the rest are named here.
 */
export const SOURCED_ID_PREFIX = {
  district: 'dist-',
  school: 'sch-',
  schoolYear: 'year-',
  term: 'term-',
  gradingPeriod: 'gp-',
  course: 'course-',
  class: 'class-',
  student: 'stu-',
  staff: 'staff-',
  guardian: 'guard-',
  studentEnrollment: 'enr-',
  teacherEnrollment: 'tenr-',
} as const;

export type SourcedKind = keyof typeof SOURCED_ID_PREFIX;

/** The Homeroom id a sourcedId of this kind names; null when it names none (the caller answers unknownobject). */
export function idOf(kind: SourcedKind, sourcedId: string): number | null {
  const prefix = SOURCED_ID_PREFIX[kind];
  if (!sourcedId.startsWith(prefix)) return null;
  const rest = sourcedId.slice(prefix.length);
  if (!/^[1-9][0-9]{0,15}$/.test(rest)) return null;
  const id = Number(rest);
  return Number.isSafeInteger(id) ? id : null;
}
