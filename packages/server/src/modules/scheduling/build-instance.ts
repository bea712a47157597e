import { SECTIONING_FORMAT, type SectioningInstance } from '@homeroom/core/formats/sectioning';
import { describeRefusal } from '@homeroom/core/graduation/course-standing';
import { courseRefusalsOfStudents, requestsWithinCourseRules } from '../graduation/course-rules.ts';
import { currentRosters, requestsFor, schoolPeriodSlots, schoolStudents, sectionsWithSlots, unavailableSlotsFor } from './scheduling.repository.ts';
import type { Handle } from '../../db/handle.ts';

export interface SchoolInstance {
  instance: SectioningInstance;
  /** Instance ids back to database ids. */
  studentIds: Map<string, number>;
  sectionIds: Map<string, number>;
  courseIds: Map<string, number>;
  /** The open roster rows the instance was built from: a commit refuses when they changed since. */
  rosterFingerprint: string;
  currentAssignments: Map<number, Set<number>>;
  /** Requests the course rules keep out of the run (a course passed, a prerequisite not met), to be reported as unmet. */
  refused: Array<{ student: number; course: number; required: boolean; reason: string }>;
}

/**
 * The school's scheduling problem in the `homeroom.sectioning/v1` form the core engine reads:
 * its master schedule for the year, each enrolled student's requests and blocked periods, and the
 * locked sections students already hold (special education, a locked singleton) as fixed. A
 * request for a course the student passed, or whose prerequisite is not met, is not scheduled
 * unless a counselor let it through on the request (the course rules, as in drop/add), when
 * `courseRules` is asked for: a run places students; reports and master builds only count demand
 * and need not read every transcript of the school.
 */
export async function buildSchoolInstance(db: Handle, districtId: number, schoolId: number, schoolYearId: number, name: string, options: { courseRules?: boolean } = {}): Promise<SchoolInstance> {
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
  const coursesOfStudents = new Map<number, Set<number>>();
  for (const r of requests) {
    const courses = coursesOfStudents.get(r.student_id) ?? new Set<number>();
    for (const code of [r.course_code, ...(r.alternates ?? [])]) if (courseIds.has(code)) courses.add(courseIds.get(code)!);
    coursesOfStudents.set(r.student_id, courses);
  }
  const refusals = options.courseRules ? await courseRefusalsOfStudents(db, districtId, coursesOfStudents) : new Map<number, never>();
  const requestsByStudent = new Map<number, Array<{ course: string; required: boolean; priority: number; alternates: string[] }>>();
  const refused: SchoolInstance['refused'] = [];
  const requestsOf = new Map<number, typeof requests>();
  for (const r of requests) requestsOf.set(r.student_id, [...(requestsOf.get(r.student_id) ?? []), r]);
  for (const [studentId, own] of requestsOf) {
    const within = requestsWithinCourseRules(own, (code) => refusals.get(studentId)?.get(code));
    // A student left with nothing to schedule by keeps their schedule, as one without requests does.
    if (within.eligible.length) requestsByStudent.set(studentId, within.eligible.map((e) => ({ course: e.course, required: e.request.required, priority: e.request.priority, alternates: e.alternates })));
    for (const r of within.refused) refused.push({ student: studentId, course: r.request.course_id, required: r.request.required, reason: r.refusals.map(describeRefusal).join('; ') });
  }
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
      requests: requestsByStudent.get(s.id) ?? [],
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
    refused,
  };
}
