import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import { hasRole, type Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { coursesOfSections, currentEnrollment, currentSeats, endSeats, sectionFacts, startSeats, unavailableSlots } from './student-schedule.repository.ts';
import { COURSE_RULE_OVERRIDERS, courseRefusalsOf, courseRuleOverride, passCourseRules, refusalDocument, type CourseRuleOverride } from '../graduation/course-rules.ts';

export const SCHEDULE_CHANGE_ROLES = ['counselor', 'school-admin', 'district-admin'] as const;

export const changeScheduleInput = z
  .strictObject({
    add: z.array(z.number().int().positive()).max(12).default([]),
    drop: z.array(z.number().int().positive()).max(12).default([]),
    reason: schoolText(500, 3),
    dryRun: z.boolean().default(false),
    /** To add a course the student passed, or whose prerequisite is not met: a counselor's reason. */
    override: courseRuleOverride.optional(),
  })
  .refine((c) => c.add.length + c.drop.length > 0, { message: 'add or drop at least one section' });

/**
 * A counselor's drop/add for one student: shows the clashes, the seats and the course rules
 * (a course passed, a prerequisite missing) before saving (`dryRun`), and saves only when every
 * added section has a seat, clashes with nothing the student keeps, fits the student's blocked
 * periods, and passes the course rules or a counselor overrides them with a reason. Nobody else
 * is moved.
 */
export async function changeStudentSchedule(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: z.output<typeof changeScheduleInput>) {
  // The audit row is written after the work: what was overridden joins its details then.
  const details: Record<string, unknown> = { add: input.add, drop: input.drop };
  return withStudentRecord(db, actor, origin, studentId, { entity: 'schedule', action: input.dryRun ? 'read' : 'update', reason: input.reason, details }, async (trx) => {
    const change = await applyScheduleChange(trx, actor, studentId, { ...input, source: 'counselor' });
    if (change.override) details.override = change.override;
    return change;
  });
}

export interface ScheduleChange {
  add: number[];
  drop: number[];
  reason: string;
  dryRun: boolean;
  source: 'counselor' | 'walk-in';
  override?: CourseRuleOverride | undefined;
  /** Courses a counselor already let through on the student's request, with that reason (placement). */
  approved?: ReadonlyMap<number, string>;
}

export async function applyScheduleChange(trx: Transaction<Database>, actor: Actor, studentId: number, { add, drop, reason, dryRun, source, override, approved = new Map() }: ScheduleChange) {
  const d = actor.districtId;
  const current = await currentSeats(trx, d, studentId);
  const enrollment = await currentEnrollment(trx, d, studentId);
  const problems: string[] = [];
  const currentIds = new Set(current.map((c) => c.section_id));
  for (const id of drop) if (!currentIds.has(id)) problems.push(`section ${id} is not on the student's schedule`);
  const keep = [...currentIds].filter((id) => !drop.includes(id));
  // The course rules read the transcript before the seats are locked: the lock is held only for
  // what a parallel add could change. A move to another section of a course the student drops
  // (a period change) is no new course: nothing to read.
  const touched = add.length ? await coursesOfSections(trx, d, [...add, ...drop]) : [];
  const moving = new Set(touched.filter((s) => drop.includes(s.id)).map((s) => s.course_id));
  const newCourses = touched.filter((s) => add.includes(s.id) && !moving.has(s.course_id) && !approved.has(s.course_id)).map((s) => s.course_id);
  const refusalsByCourse = await courseRefusalsOf(trx, d, studentId, newCourses);
  const [adding, kept] = await Promise.all([sectionFacts(trx, d, add, !dryRun), sectionFacts(trx, d, keep, false)]);
  for (const id of add) if (!adding.some((s) => s.id === id)) problems.push(`section ${id} does not exist`);
  const unavailable = enrollment ? await unavailableSlots(trx, d, studentId, enrollment.school_year_id) : [];
  const clashes: Array<{ section: string; with: string; slot: string }> = [];
  const seats = adding.map((s) => ({ sectionId: s.id, section: s.code, taken: s.taken, capacity: s.capacity, full: s.taken >= s.capacity }));
  const occupied = new Map<string, string>();
  for (const s of kept) for (const slot of s.slots) occupied.set(slot, s.code);
  for (const s of adding) {
    if (!enrollment || s.school_id !== enrollment.school_id || s.school_year_id !== enrollment.school_year_id) problems.push(`${s.code} is not a section of the student's school this year`);
    if (currentIds.has(s.id) && !drop.includes(s.id)) problems.push(`the student is already in ${s.code}`);
    if (kept.some((k) => k.course_id === s.course_id) || adding.some((o) => o !== s && o.course_id === s.course_id)) problems.push(`the student would take ${s.course_code} twice`);
    if (s.taken >= s.capacity) problems.push(`${s.code} is full (${s.taken} of ${s.capacity} seats)`);
    for (const slot of s.slots) {
      const other = occupied.get(slot);
      if (other) clashes.push({ section: s.code, with: other, slot });
      if (unavailable.includes(slot)) clashes.push({ section: s.code, with: 'a blocked period (unavailable)', slot });
      occupied.set(slot, s.code);
    }
  }
  for (const c of clashes) problems.push(`${c.section} clashes with ${c.with} in ${c.slot}`);
  const refusals = [...refusalsByCourse.values()].flat();
  const overridden = override !== undefined && hasRole(actor, ...COURSE_RULE_OVERRIDERS);
  const preview = {
    ok: problems.length === 0 && (refusals.length === 0 || overridden),
    problems: [...problems, ...(overridden ? [] : refusals.map((r) => refusalDocument(r).message))],
    clashes, seats, refusals: refusals.map(refusalDocument), overridable: refusals.length > 0,
  };
  if (dryRun) return { ...preview, saved: false, override: null };
  if (problems.length) throw new Problem(409, 'schedule-change-refused', 'This schedule change cannot be saved', `${preview.problems.join('; ')}. Nothing was changed.`, { problems: preview.problems, clashes, seats, refusals: preview.refusals });
  const passed = passCourseRules(actor, refusals, override);
  const change = { today: actor.today, by: actor.userId, reason };
  await endSeats(trx, d, studentId, drop, change);
  await startSeats(trx, d, studentId, adding.map((s) => ({ sectionId: s.id, overrideReason: approved.get(s.course_id) ?? (passed && refusalsByCourse.has(s.course_id) ? passed.reason : null) })), { ...change, source });
  return { ...preview, saved: true, override: passed };
}
