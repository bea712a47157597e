import type { Kysely, Transaction } from 'kysely';
import { SECTIONING_FORMAT, type SectioningInstance } from '@homeroom/core/formats/sectioning';
import { scheduleStudents } from '@homeroom/core/scheduling/sectioning-engine';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { courseRefusalsOf, passCourseRules, refusalDocument, requestsWithinCourseRules, type CourseRuleOverride } from '../graduation/course-rules.ts';
import { applyScheduleChange } from './change-student-schedule.ts';
import { requestsFor, schoolPeriodSlots, sectionsWithSlots, unavailableSlotsFor } from './scheduling.repository.ts';
import { coursesByCode, currentEnrollment, seatsTakenAt } from './student-schedule.repository.ts';

/**
 * Places one student — a walk-in, or a student whose requests changed — into open seats of the
 * school's sections with the same engine as a full run, without moving anyone else: every other
 * seat counts as taken, and the student's own current sections stay. A course the student passed
 * or lacks the prerequisite of is not placed (and says why) unless a counselor overrides.
 */
export async function placeStudent(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, options: { dryRun: boolean; override?: CourseRuleOverride | undefined }) {
  // The audit row is written after the work: what was overridden joins its details then.
  const details: Record<string, unknown> = {};
  return withStudentRecord(db, actor, origin, studentId, { entity: 'schedule', action: options.dryRun ? 'read' : 'update', reason: 'placed by the scheduler', details }, async (trx) => {
    const enrollment = await currentEnrollment(trx, actor.districtId, studentId);
    if (!enrollment) throw new Problem(409, 'not-enrolled', 'The student is not enrolled this year', 'Enroll the student at a school first, then place them.');
    const [slots, sections, requests, unavailable, taken] = await Promise.all([
      schoolPeriodSlots(trx, actor.districtId, enrollment.school_id, enrollment.school_year_id),
      sectionsWithSlots(trx, actor.districtId, enrollment.school_id, enrollment.school_year_id),
      requestsFor(trx, actor.districtId, enrollment.school_id, enrollment.school_year_id).then((all) => all.filter((r) => r.student_id === studentId)),
      unavailableSlotsFor(trx, actor.districtId, enrollment.school_year_id, [studentId]),
      seatsTakenAt(trx, actor.districtId, enrollment.school_id, enrollment.school_year_id, studentId),
    ]);
    if (requests.length === 0) throw new Problem(409, 'no-requests', 'The student has no course requests', 'Enter the course requests first (or generate them from the graduation audit), then place the student.');
    const { eligible, refused, approved } = await eligibleRequests(trx, actor, studentId, requests, options.override);
    const takenBy = new Map(taken.map((r) => [r.section_id, r]));
    const mine = taken.filter((r) => r.mine).map((r) => String(r.section_id));
    const instance: SectioningInstance = {
      format: SECTIONING_FORMAT,
      name: 'placement',
      slots,
      courses: [...new Set(sections.map((s) => s.course_code))].map((code) => ({ id: code })),
      // Seats other students hold are not free: the capacity here is what is left, plus the
      // student's own seat in sections they keep.
      sections: sections.map((s) => ({ id: String(s.id), course: s.course_code, slots: s.slots ?? [], capacity: Math.max(0, s.capacity - (takenBy.get(s.id)?.taken ?? 0)) + (takenBy.get(s.id)?.mine ? 1 : 0) })),
      students: [{ id: String(studentId), grade: enrollment.grade_level, requests: eligible, unavailableSlots: unavailable.map((u) => u.slot), fixed: mine }],
    };
    const result = scheduleStudents(instance, { seed: 1, timeLimitSeconds: 1, now: () => performance.now() });
    const add = result.assignments.map((a) => Number(a.section));
    const change = add.length
      ? await applyScheduleChange(trx, actor, studentId, { add, drop: [], reason: 'placed by the scheduler', dryRun: options.dryRun, source: 'walk-in', override: options.override, approved })
      : { ok: true, problems: [], clashes: [], seats: [], refusals: [], overridable: false, saved: false, override: null };
    if (change.override) details.override = change.override;
    const codes = new Map(sections.map((s) => [s.id, s.code]));
    const unmet = [...result.unmet.map((u) => ({ course: u.course, reason: u.reason })), ...refused.unplaced.map((r) => ({ course: r.course, reason: r.message }))];
    // What the course rules kept out, so the counselor sees why and may override with a reason.
    return { placed: add.map((id) => ({ sectionId: id, section: codes.get(id) })), unmet, ...change, refusals: refused.refusals, overridable: refused.refusals.length > 0 && !refused.overridden };
  });
}

/**
 * The student's requests as the engine may place them (requestsWithinCourseRules), unless a
 * counselor overrides the course rules now, with a reason.
 */
async function eligibleRequests(trx: Transaction<Database>, actor: Actor, studentId: number, requests: Array<{ course_code: string; course_id: number; required: boolean; priority: number; alternates: string[] | null; override_reason: string | null }>, override: CourseRuleOverride | undefined) {
  const approved = new Map(requests.flatMap((r) => (r.override_reason !== null ? [[r.course_id, r.override_reason] as const] : [])));
  const wanted = [...new Set(requests.flatMap((r) => [r.course_code, ...(r.alternates ?? [])]))];
  const courses = await coursesByCode(trx, actor.districtId, wanted);
  const byId = await courseRefusalsOf(trx, actor.districtId, studentId, courses.map((c) => c.id).filter((id) => !approved.has(id)));
  const refusedCodes = new Map(courses.flatMap((c) => (byId.has(c.id) ? [[c.code, byId.get(c.id)!] as const] : [])));
  const refusals = [...refusedCodes.values()].flat();
  const engineRequest = (r: (typeof requests)[number], course = r.course_code, alternates = r.alternates ?? []) => ({ course, required: r.required, priority: r.priority, alternates });
  if (override && passCourseRules(actor, refusals, override)) {
    return { eligible: requests.map((r) => engineRequest(r)), refused: { refusals: refusals.map(refusalDocument), unplaced: [], overridden: true }, approved };
  }
  const within = requestsWithinCourseRules(requests, (code) => refusedCodes.get(code));
  return {
    eligible: within.eligible.map((e) => engineRequest(e.request, e.course, e.alternates)),
    refused: { refusals: refusals.map(refusalDocument), unplaced: within.refused.map((r) => ({ course: r.request.course_code, message: r.refusals.map((x) => refusalDocument(x).message).join('; ') })), overridden: false },
    approved,
  };
}
