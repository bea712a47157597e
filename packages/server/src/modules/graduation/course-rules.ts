import { z } from 'zod';
import type { MarkValue } from '@homeroom/core/formats/transcript';
import { courseRefusals, courseStandings, describeRefusal, type CourseRefusal, type CourseRules } from '@homeroom/core/graduation/course-standing';
import { hasRole, type Actor } from '../../auth/roles.ts';
import { Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { districtToday } from '../../clock.ts';
import { loadStudentTranscripts, loadTranscriptsForRecompute } from '../transcripts/student-transcript.ts';
import type { Handle } from '../../db/handle.ts';
import { coursesWithRepeatRule, prerequisitesOf } from './graduation.repository.ts';

/**
 * Who may place a student in a course already passed or without its prerequisite: the people who
 * answer for a student's program. A teacher or a clerk who can reach a path some day still cannot.
 */
export const COURSE_RULE_OVERRIDERS = ['counselor', 'school-admin', 'district-admin'] as const;

/** The override in a request body: nothing is overridden without a reason that is kept. */
export const courseRuleOverride = z.strictObject({ reason: schoolText(500, 3) });
export type CourseRuleOverride = z.output<typeof courseRuleOverride>;

/** A refusal as the client gets it: the facts, and the sentence to show. */
export type RefusalDocument = CourseRefusal & { message: string };

export const refusalDocument = (refusal: CourseRefusal): RefusalDocument => ({ ...refusal, message: describeRefusal(refusal) });

/** The catalog's rules for courses: repeatable for credit, and prerequisites with their minimum mark. */
export async function courseRulesOf(db: Handle, districtId: number, courseIds: readonly number[]): Promise<Map<number, CourseRules>> {
  if (courseIds.length === 0) return new Map();
  const [courses, prerequisites] = await Promise.all([coursesWithRepeatRule(db, districtId, courseIds), prerequisitesOf(db, districtId, courseIds)]);
  return new Map(
    courses.map((c) => [
      c.id,
      {
        code: c.code, title: c.title, repeatableForCredit: c.repeatable_for_credit,
        prerequisites: prerequisites.filter((p) => p.course_id === c.id).map((p) => ({ course: p.code, title: p.title, minimumMark: p.minimum_mark as MarkValue, alsoMetBy: p.also_met_by })),
      },
    ]),
  );
}

/** Why the student may not take each of these courses (by course id; none for a course they may take). */
export async function courseRefusalsOf(db: Handle, districtId: number, studentId: number, courseIds: readonly number[]): Promise<Map<number, CourseRefusal[]>> {
  const unique = [...new Set(courseIds)];
  if (unique.length === 0) return new Map();
  const [rules, byStudent] = await Promise.all([courseRulesOf(db, districtId, unique), studentsStandings(db, districtId, [studentId])]);
  const student = byStudent.get(studentId);
  const refusals = new Map<number, CourseRefusal[]>();
  if (!student) return refusals;
  for (const [id, course] of rules) {
    const found = courseRefusals(student.transcript, student.standings, course);
    if (found.length) refusals.set(id, found);
  }
  return refusals;
}

/**
 * Why each student may not take each of the courses they ask for (course ids, alternates
 * included), by student and course code, for a whole school's run: transcripts are read 500
 * students at a time, one row a student, and each student is judged on their own courses only.
 */
export async function courseRefusalsOfStudents(db: Handle, districtId: number, coursesOfStudents: ReadonlyMap<number, ReadonlySet<number>>): Promise<Map<number, Map<string, CourseRefusal[]>>> {
  const result = new Map<number, Map<string, CourseRefusal[]>>();
  const rules = await courseRulesOf(db, districtId, [...new Set([...coursesOfStudents.values()].flatMap((courses) => [...courses]))]);
  if (rules.size === 0) return result;
  const today = await districtToday(db, districtId);
  const studentIds = [...coursesOfStudents.keys()];
  for (let i = 0; i < studentIds.length; i += 500) {
    for (const { studentId, transcript } of await loadTranscriptsForRecompute(db, districtId, studentIds.slice(i, i + 500), { withInProgress: true, today })) {
      const standings = courseStandings(transcript);
      for (const courseId of coursesOfStudents.get(studentId)!) {
        const course = rules.get(courseId);
        const found = course ? courseRefusals(transcript, standings, course) : [];
        if (found.length) result.set(studentId, (result.get(studentId) ?? new Map()).set(course!.code, found));
      }
    }
  }
  return result;
}

async function studentsStandings(db: Handle, districtId: number, studentIds: readonly number[]) {
  const transcripts = await loadStudentTranscripts(db, districtId, studentIds, { withInProgress: true });
  return new Map(transcripts.map((t) => [t.studentId, { transcript: t.transcript, standings: courseStandings(t.transcript) }]));
}

/**
 * A student's requests as a scheduler may place them: a course the student passed, or whose
 * prerequisite is not met, is taken out and the first alternate the student may take stands in
 * for it. A request whose course a counselor already let through (`override_reason`) keeps it.
 * Requests with nothing left are returned apart, with their refusals, to be reported as unmet.
 */
export function requestsWithinCourseRules<R extends { course_code: string; alternates: string[] | null; override_reason: string | null }>(requests: readonly R[], refusalsOf: (code: string) => CourseRefusal[] | undefined) {
  const eligible: Array<{ request: R; course: string; alternates: string[] }> = [];
  const refused: Array<{ request: R; refusals: CourseRefusal[] }> = [];
  for (const request of requests) {
    const options = [request.course_code, ...(request.alternates ?? [])].filter((code, i) => (i === 0 && request.override_reason !== null) || !refusalsOf(code));
    if (options.length) eligible.push({ request, course: options[0]!, alternates: options.slice(1) });
    else refused.push({ request, refusals: refusalsOf(request.course_code)! });
  }
  return { eligible, refused };
}

/**
 * Lets a change through the course rules, or says why not: refused with the first refusal's code
 * (`course-already-passed`, `prerequisite-not-met`) and every refusal listed, unless an override
 * with its reason comes from someone allowed to give one. What was overridden is returned for the
 * record; nothing when there was nothing to override.
 */
export function passCourseRules(actor: Actor, refusals: readonly CourseRefusal[], override: CourseRuleOverride | undefined): { reason: string; refusals: RefusalDocument[] } | null {
  if (refusals.length === 0) return null;
  const documents = refusals.map(refusalDocument);
  if (!override) {
    const first = refusals[0]!;
    const title = first.code === 'course-already-passed' ? `The student already passed ${first.title}` : `The student has not met a prerequisite of ${first.title}`;
    throw new Problem(409, first.code, title, `${documents.map((d) => d.message).join('; ')}. Nothing was saved. A counselor may override with a reason.`, { refusals: documents, overridable: true });
  }
  if (!hasRole(actor, ...COURSE_RULE_OVERRIDERS)) {
    throw new Problem(403, 'override-not-allowed', 'Only a counselor or an administrator may override the course rules', `${documents.map((d) => d.message).join('; ')}. Nothing was saved.`, { refusals: documents });
  }
  return { reason: override.reason, refusals: documents };
}
