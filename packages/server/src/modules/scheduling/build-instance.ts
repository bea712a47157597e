import type { Kysely, Transaction } from 'kysely';
import { SECTIONING_FORMAT, type SectioningInstance } from '@homeroom/core/formats/sectioning';
import type { Database } from '../../db/schema.ts';
import { currentRosters, requestsFor, schoolPeriodSlots, schoolStudents, sectionsWithSlots, unavailableSlotsFor } from './scheduling.repository.ts';

type Handle = Kysely<Database> | Transaction<Database>;

export interface SchoolInstance {
  instance: SectioningInstance;
  /** Instance ids back to database ids. */
  studentIds: Map<string, number>;
  sectionIds: Map<string, number>;
  courseIds: Map<string, number>;
  /** The open roster rows the instance was built from: a commit refuses when they changed since. */
  rosterFingerprint: string;
  currentAssignments: Map<number, Set<number>>;
}

/**
 * The school's scheduling problem in the `homeroom.sectioning/v1` form the core engine reads:
 * its master schedule for the year, each enrolled student's requests and blocked periods, and the
 * locked sections students already hold (special education, a locked singleton) as fixed.
 */
export async function buildSchoolInstance(db: Handle, districtId: number, schoolId: number, schoolYearId: number, name: string): Promise<SchoolInstance> {
  const [slots, sections, students, requests, rosters] = await Promise.all([
    schoolPeriodSlots(db, districtId, schoolId, schoolYearId),
    sectionsWithSlots(db, districtId, schoolId, schoolYearId),
    schoolStudents(db, districtId, schoolId, schoolYearId),
    requestsFor(db, districtId, schoolId, schoolYearId),
    currentRosters(db, districtId, schoolId, schoolYearId),
  ]);
  const unavailable = await unavailableSlotsFor(db, districtId, schoolYearId, students.map((s) => s.id));
  const courseTerms = new Map<string, Set<string>>();
  const courseIds = new Map<string, number>();
  const courseTitles = new Map<string, string>();
  for (const s of sections) {
    courseIds.set(s.course_code, s.course_id);
    courseTitles.set(s.course_code, s.course_title);
    const terms = courseTerms.get(s.course_code) ?? new Set<string>();
    for (const slot of s.slots ?? []) terms.add(slot.split('-')[0]!);
    courseTerms.set(s.course_code, terms);
  }
  for (const r of requests) courseIds.set(r.course_code, r.course_id);
  const requestsByStudent = new Map<number, typeof requests>();
  for (const r of requests) requestsByStudent.set(r.student_id, [...(requestsByStudent.get(r.student_id) ?? []), r]);
  const unavailableByStudent = new Map<number, string[]>();
  for (const u of unavailable) unavailableByStudent.set(u.student_id, [...(unavailableByStudent.get(u.student_id) ?? []), u.slot]);
  const lockedSections = new Set(sections.filter((s) => s.is_locked).map((s) => s.id));
  const currentAssignments = new Map<number, Set<number>>();
  const fixedByStudent = new Map<number, string[]>();
  for (const r of rosters) {
    currentAssignments.set(r.student_id, (currentAssignments.get(r.student_id) ?? new Set()).add(r.section_id));
    // A locked section stays; so does every section of a student with no requests to schedule
    // by, who would otherwise lose a schedule nobody asked to change.
    if (lockedSections.has(r.section_id) || !requestsByStudent.has(r.student_id)) fixedByStudent.set(r.student_id, [...(fixedByStudent.get(r.student_id) ?? []), String(r.section_id)]);
  }
  const knownCourses = new Set(courseIds.keys());
  const instance: SectioningInstance = {
    format: SECTIONING_FORMAT,
    name,
    slots,
    courses: [...knownCourses].sort().map((code) => ({ id: code, title: courseTitles.get(code) ?? code, term: (courseTerms.get(code)?.size ?? 1) > 1 ? 'year' : 'sem' })),
    sections: sections.map((s) => ({ id: String(s.id), course: s.course_code, slots: s.slots ?? [], capacity: s.capacity, ...(s.teacher ? { teacher: s.teacher } : {}), ...(s.room ? { room: s.room } : {}) })),
    students: students.map((s) => ({
      id: String(s.id),
      grade: s.grade_level,
      requests: (requestsByStudent.get(s.id) ?? []).map((r) => ({ course: r.course_code, required: r.required, priority: r.priority, alternates: r.alternates ?? [] })),
      unavailableSlots: unavailableByStudent.get(s.id) ?? [],
      fixed: fixedByStudent.get(s.id) ?? [],
    })),
  };
  const fingerprint = `${rosters.length}:${rosters.reduce((max, r) => Math.max(max, r.id), 0)}`;
  return {
    instance,
    studentIds: new Map(students.map((s) => [String(s.id), s.id])),
    sectionIds: new Map(sections.map((s) => [String(s.id), s.id])),
    courseIds,
    rosterFingerprint: fingerprint,
    currentAssignments,
  };
}
