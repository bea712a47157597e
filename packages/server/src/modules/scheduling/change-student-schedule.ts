import { sql, type Kysely, type Transaction } from 'kysely';
import { z } from 'zod';
import type { RequestOrigin } from '../../audit/audit.ts';
import { hasRole, type Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
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

interface SectionFacts {
  id: number;
  code: string;
  course_id: number;
  course_code: string;
  capacity: number;
  taken: number;
  slots: string[];
}

async function sectionFacts(trx: Transaction<Database>, districtId: number, ids: number[], lock: boolean): Promise<SectionFacts[]> {
  if (ids.length === 0) return [];
  // Locking the section rows makes every add to a section wait its turn, so the seat count read
  // next is still true when the row is written: a 34-seat section never gets a 35th. The count is
  // its own statement because a statement's snapshot predates the lock it waited for.
  if (lock) await sql`select id from section where district_id = ${districtId} and id = any(${ids}::bigint[]) order by id for update`.execute(trx);
  const { rows } = await sql<SectionFacts>`
    select s.id, s.code, s.course_id, c.code as course_code, s.capacity,
      (select count(*)::int from section_roster r where r.district_id = s.district_id and r.section_id = s.id and r.end_date is null) as taken,
      coalesce((select array_agg(t.code || '-' || p.code) from section_meeting m join term t on t.district_id = m.district_id and t.id = m.term_id
        join period p on p.district_id = m.district_id and p.id = m.period_id where m.district_id = s.district_id and m.section_id = s.id), '{}') as slots
    from section s join course c on c.district_id = s.district_id and c.id = s.course_id
    where s.district_id = ${districtId} and s.id = any(${ids}::bigint[])
    order by s.id`.execute(trx);
  return rows;
}

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
  const current = await trx
    .selectFrom('section_roster as r')
    .innerJoin('section as s', (join) => join.onRef('s.district_id', '=', 'r.district_id').onRef('s.id', '=', 'r.section_id'))
    .innerJoin('school_year as y', (join) => join.onRef('y.district_id', '=', 's.district_id').onRef('y.id', '=', 's.school_year_id'))
    .select(['r.id', 'r.section_id', 's.school_id', 's.school_year_id'])
    .where('r.district_id', '=', d)
    .where('r.student_id', '=', studentId)
    .where('r.end_date', 'is', null)
    .where('y.is_current', '=', true)
    .execute();
  const enrollment = await trx
    .selectFrom('enrollment as e')
    .innerJoin('school_year as y', (join) => join.onRef('y.district_id', '=', 'e.district_id').onRef('y.id', '=', 'e.school_year_id'))
    .select(['e.school_id', 'e.school_year_id'])
    .where('e.district_id', '=', d)
    .where('e.student_id', '=', studentId)
    .where('e.exit_date', 'is', null)
    .where('y.is_current', '=', true)
    .executeTakeFirst();
  const problems: string[] = [];
  const currentIds = new Set(current.map((c) => c.section_id));
  for (const id of drop) if (!currentIds.has(id)) problems.push(`section ${id} is not on the student's schedule`);
  const keep = [...currentIds].filter((id) => !drop.includes(id));
  // The course rules read the transcript before the seats are locked: the lock is held only for
  // what a parallel add could change. A move to another section of a course the student drops
  // (a period change) is no new course: nothing to read.
  const touched = add.length ? await trx.selectFrom('section').select(['id', 'course_id']).where('district_id', '=', d).where('id', 'in', [...add, ...drop]).execute() : [];
  const moving = new Set(touched.filter((s) => drop.includes(s.id)).map((s) => s.course_id));
  const newCourses = touched.filter((s) => add.includes(s.id) && !moving.has(s.course_id) && !approved.has(s.course_id)).map((s) => s.course_id);
  const refusalsByCourse = await courseRefusalsOf(trx, d, studentId, newCourses);
  const [adding, kept] = await Promise.all([sectionFacts(trx, d, add, !dryRun), sectionFacts(trx, d, keep, false)]);
  for (const id of add) if (!adding.some((s) => s.id === id)) problems.push(`section ${id} does not exist`);
  const sectionSchool = adding.length
    ? await trx.selectFrom('section').select(['id', 'school_id', 'school_year_id']).where('district_id', '=', d).where('id', 'in', adding.map((s) => s.id)).execute()
    : [];
  const unavailable = enrollment
    ? (
        await trx
          .selectFrom('student_unavailable_slot as u')
          .innerJoin('term as t', (join) => join.onRef('t.district_id', '=', 'u.district_id').onRef('t.id', '=', 'u.term_id'))
          .innerJoin('period as p', (join) => join.onRef('p.district_id', '=', 'u.district_id').onRef('p.id', '=', 'u.period_id'))
          .select(sql<string>`t.code || '-' || p.code`.as('slot'))
          .where('u.district_id', '=', d)
          .where('u.student_id', '=', studentId)
          .where('u.school_year_id', '=', enrollment.school_year_id)
          .execute()
      ).map((u) => u.slot)
    : [];
  const clashes: Array<{ section: string; with: string; slot: string }> = [];
  const seats = adding.map((s) => ({ sectionId: s.id, section: s.code, taken: s.taken, capacity: s.capacity, full: s.taken >= s.capacity }));
  const occupied = new Map<string, string>();
  for (const s of kept) for (const slot of s.slots) occupied.set(slot, s.code);
  for (const s of adding) {
    const where = sectionSchool.find((x) => x.id === s.id)!;
    if (!enrollment || where.school_id !== enrollment.school_id || where.school_year_id !== enrollment.school_year_id) problems.push(`${s.code} is not a section of the student's school this year`);
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
  const today = sql<string>`${actor.today}::date`;
  if (drop.length) {
    await trx
      .updateTable('section_roster')
      .set({ end_date: sql`greatest(start_date, ${today})`, ended_by: actor.userId, reason })
      .where('district_id', '=', d)
      .where('student_id', '=', studentId)
      .where('section_id', 'in', drop)
      .where('end_date', 'is', null)
      .execute();
  }
  if (adding.length) {
    await trx
      .insertInto('section_roster')
      .values(adding.map((s) => ({ district_id: d, section_id: s.id, student_id: studentId, start_date: today, source, reason, created_by: actor.userId, override_reason: approved.get(s.course_id) ?? (passed && refusalsByCourse.has(s.course_id) ? passed.reason : null) })))
      .execute();
  }
  return { ...preview, saved: true, override: passed };
}
