import { sql, type Transaction } from 'kysely';
import type { Handle } from '../../db/handle.ts';
import type { Database } from '../../db/schema.ts';

// A scheduling run (students) or a master-schedule build of one school's year, from queued to
// committed or discarded, with what it proposes: the seats (students), the placements (master),
// and the requests it could not meet. Only a commit changes a school's schedules.

/**
 * A run still marked running long after its time limit died with the process that ran it (a
 * restart): it is marked failed so that it blocks nobody, and its school's schedules were never
 * touched, since only a commit changes them. Long enough for the job queue's three tries (each
 * its time limit and a minute's grace, see jobs/queue.ts) and ten minutes more: a run a worker
 * is retrying is never failed under it.
 */
export async function failAbandonedRuns(db: Handle): Promise<number> {
  const result = await db
    .updateTable('scheduling_run')
    .set({ status: 'failed', error: 'the run did not finish: the server stopped while it ran. Nothing was changed; start it again.', finished_at: sql`now()` })
    .where('status', 'in', ['queued', 'running'])
    .where(sql<boolean>`requested_at < now() - make_interval(secs => 3 * (coalesce(time_limit_seconds, 60) + 60) + 600)`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The school's run or build still queued or running, if any: one at a time per school. */
export function runInProgress(db: Handle, districtId: number, schoolId: number) {
  return db.selectFrom('scheduling_run').select(['id', 'kind']).where('district_id', '=', districtId).where('school_id', '=', schoolId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
}

export interface NewRun {
  districtId: number;
  schoolId: number;
  schoolYearId: number;
  kind: 'students' | 'master';
  seed: number;
  timeLimitSeconds: number;
  requestedBy: number;
}

export async function insertRun(db: Handle, run: NewRun): Promise<number> {
  const created = await db
    .insertInto('scheduling_run')
    .values({ district_id: run.districtId, school_id: run.schoolId, school_year_id: run.schoolYearId, kind: run.kind, status: 'queued', seed: run.seed, time_limit_seconds: run.timeLimitSeconds, requested_by: run.requestedBy })
    .returning(['id'])
    .executeTakeFirstOrThrow();
  return created.id;
}

/** The run, locked for the rest of the transaction when it is about to change. */
export function findRun(db: Handle, districtId: number, runId: number, options: { forUpdate?: boolean } = {}) {
  const query = db.selectFrom('scheduling_run').selectAll().where('district_id', '=', districtId).where('id', '=', runId);
  return (options.forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** Runs with the name of the school year they schedule, which a principal needs to tell them apart. */
const runsWithYear = (db: Handle) =>
  db
    .selectFrom('scheduling_run')
    .innerJoin('school_year', (join) => join.onRef('school_year.district_id', '=', 'scheduling_run.district_id').onRef('school_year.id', '=', 'scheduling_run.school_year_id'))
    .selectAll('scheduling_run')
    .select('school_year.name as school_year_name');

export function findRunWithYear(db: Handle, districtId: number, runId: number) {
  return runsWithYear(db).where('scheduling_run.district_id', '=', districtId).where('scheduling_run.id', '=', runId).executeTakeFirst();
}

/** A school's runs and builds, newest first, a page at a time. */
export function runsOfSchool(db: Handle, districtId: number, schoolId: number, page: { limit: number; offset: number }) {
  return runsWithYear(db).where('scheduling_run.district_id', '=', districtId).where('scheduling_run.school_id', '=', schoolId).orderBy('scheduling_run.id', 'desc').limit(page.limit).offset(page.offset).execute();
}

/** How far a run has come (0 to 1), written while it runs; a lost write is caught up by the next. */
export async function setRunProgress(db: Handle, districtId: number, runId: number, progress: number): Promise<void> {
  await db.updateTable('scheduling_run').set({ progress }).where('district_id', '=', districtId).where('id', '=', runId).execute();
}

/**
 * Marks a run running for this attempt. False when it is finished already: the queue delivered it
 * again after the worker that ran it died between its commit and telling the queue.
 */
export async function claimRun(db: Handle, districtId: number, runId: number): Promise<boolean> {
  const claimed = await db.updateTable('scheduling_run').set({ status: 'running', progress: 0.01 }).where('district_id', '=', districtId).where('id', '=', runId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

/** Thrown inside a run's commit when another attempt at the same run committed first. */
export class RunFinishedElsewhere extends Error {}

/**
 * The first statement of a run's commit: marks it in preview with its summary, or rolls the whole
 * commit back when another attempt finished it first, so a run's outcome is committed exactly once.
 */
export async function finishRun(trx: Transaction<Database>, districtId: number, runId: number, summary: unknown): Promise<void> {
  const finished = await trx
    .updateTable('scheduling_run')
    .set({ status: 'preview', progress: 1, summary: JSON.stringify(summary), finished_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', runId)
    .where('status', '=', 'running')
    .executeTakeFirst();
  if (Number(finished.numUpdatedRows) === 0) throw new RunFinishedElsewhere(`run ${runId} was finished by another attempt`);
}

/** Records why a run failed, unless another attempt finished it. */
export async function failRun(db: Handle, districtId: number, runId: number, error: unknown): Promise<void> {
  if (error instanceof RunFinishedElsewhere) return;
  await db
    .updateTable('scheduling_run')
    .set({ status: 'failed', error: (error as Error).message.slice(0, 2000), finished_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', runId)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}

/** The seats a student run proposes, 5,000 to a statement. */
export async function insertRunAssignments(trx: Transaction<Database>, districtId: number, runId: number, seats: ReadonlyArray<readonly [studentId: number, sectionId: number]>): Promise<void> {
  for (let i = 0; i < seats.length; i += 5000) {
    const chunk = seats.slice(i, i + 5000);
    await sql`insert into scheduling_run_assignment (district_id, scheduling_run_id, student_id, section_id)
      select ${districtId}, ${runId}, u.student_id, u.section_id from unnest(${chunk.map((p) => p[0])}::bigint[], ${chunk.map((p) => p[1])}::bigint[]) as u(student_id, section_id)`.execute(trx);
  }
}

export interface UnmetRequest {
  student: number;
  course: number;
  required: boolean;
  reason: string;
}

/** The requests a run could not meet, with why, 2,000 to a statement. */
export async function insertRunUnmet(trx: Transaction<Database>, districtId: number, runId: number, unmet: readonly UnmetRequest[]): Promise<void> {
  for (let i = 0; i < unmet.length; i += 2000) {
    const chunk = unmet.slice(i, i + 2000);
    await sql`insert into scheduling_run_unmet (district_id, scheduling_run_id, student_id, course_id, required, reason)
      select ${districtId}, ${runId}, u.s, u.c, u.r, u.why from unnest(${chunk.map((u) => u.student)}::bigint[], ${chunk.map((u) => u.course)}::bigint[], ${chunk.map((u) => u.required)}::boolean[], ${chunk.map((u) => u.reason)}::text[]) as u(s, c, r, why)
      on conflict do nothing`.execute(trx);
  }
}

/** A run's unmet requests with the students' names, required first. */
export function unmetOfRun(db: Handle, districtId: number, runId: number, limit: number) {
  return db
    .selectFrom('scheduling_run_unmet as u')
    .innerJoin('student as s', (join) => join.onRef('s.district_id', '=', 'u.district_id').onRef('s.id', '=', 'u.student_id'))
    .innerJoin('course as c', (join) => join.onRef('c.district_id', '=', 'u.district_id').onRef('c.id', '=', 'u.course_id'))
    .select(['u.student_id', 's.local_id', 's.first_name', 's.last_name', 'c.code', 'c.title', 'u.required', 'u.reason'])
    .where('u.district_id', '=', districtId)
    .where('u.scheduling_run_id', '=', runId)
    .orderBy('u.required', 'desc')
    .orderBy('s.last_name')
    .limit(limit)
    .execute();
}

export interface RunPlacement {
  sectionId: number;
  termId: number;
  periodId: number;
  staffId: number | null;
  roomId: number | null;
}

/** The meetings a master build proposes, one row per section's meeting. */
export async function insertRunPlacements(trx: Transaction<Database>, districtId: number, runId: number, rows: readonly RunPlacement[]): Promise<void> {
  await sql`insert into scheduling_run_placement (district_id, scheduling_run_id, section_id, term_id, period_id, staff_id, room_id)
    select ${districtId}, ${runId}, u.s, u.t, u.p, u.staff, u.room from unnest(${rows.map((r) => r.sectionId)}::bigint[], ${rows.map((r) => r.termId)}::bigint[],
      ${rows.map((r) => r.periodId)}::bigint[], ${rows.map((r) => r.staffId)}::bigint[], ${rows.map((r) => r.roomId)}::bigint[]) as u(s, t, p, staff, room)`.execute(trx);
}

export function runPlacements(db: Handle, districtId: number, runId: number) {
  return db.selectFrom('scheduling_run_placement').selectAll().where('district_id', '=', districtId).where('scheduling_run_id', '=', runId).execute();
}

export async function markRunCommitted(db: Handle, districtId: number, runId: number, userId: number): Promise<void> {
  await db.updateTable('scheduling_run').set({ status: 'committed', committed_by: userId, committed_at: sql`now()` }).where('district_id', '=', districtId).where('id', '=', runId).execute();
}

/** A discarded run keeps its row (the history of what was tried) but not what it proposed. */
export async function discardRun(db: Handle, districtId: number, runId: number, kind: 'students' | 'master'): Promise<void> {
  if (kind === 'master') await db.deleteFrom('scheduling_run_placement').where('district_id', '=', districtId).where('scheduling_run_id', '=', runId).execute();
  else await db.deleteFrom('scheduling_run_assignment').where('district_id', '=', districtId).where('scheduling_run_id', '=', runId).execute();
  await db.updateTable('scheduling_run').set({ status: 'discarded', finished_at: sql`coalesce(finished_at, now())` }).where('district_id', '=', districtId).where('id', '=', runId).execute();
}

/** Held until the commit ends, so a hand move or a lock cannot slip in between a check and the writes. */
export async function lockSchoolSections(trx: Transaction<Database>, districtId: number, schoolId: number, schoolYearId: number): Promise<void> {
  await sql`select id from section where district_id = ${districtId} and school_id = ${schoolId} and school_year_id = ${schoolYearId} for update`.execute(trx);
}

/** The students now enrolled in any of the sections. */
export async function studentsInSections(db: Handle, districtId: number, sectionIds: readonly number[]): Promise<number[]> {
  const { rows } = await sql<{ student_id: number }>`select distinct student_id::int as student_id from section_roster
    where district_id = ${districtId} and end_date is null and section_id = any(${[...sectionIds]}::bigint[])`.execute(db);
  return rows.map((r) => r.student_id);
}

/** The day a committed run's schedules start: today, or the year's first day when it has not begun. */
export async function scheduleChangeStart(db: Handle, districtId: number, schoolYearId: number, today: string): Promise<string> {
  const { start } = await db
    .selectFrom('term')
    .select(sql<string>`greatest(${today}::date, min(start_date))::text`.as('start'))
    .where('district_id', '=', districtId)
    .where('school_year_id', '=', schoolYearId)
    .executeTakeFirstOrThrow();
  return start;
}

export interface RunCommit {
  districtId: number;
  runId: number;
  schoolId: number;
  schoolYearId: number;
  studentIds: readonly number[];
  start: string;
  userId: number;
}

/**
 * A student run's seats become the schedules: each of the run's students' current rows at the
 * school that the run does not keep end on `start`, and the run's new seats start then, so the
 * history of every schedule stays. Answers the students of the rows ended and added.
 */
export async function applyRunSeats(trx: Transaction<Database>, c: RunCommit): Promise<{ ended: number[]; added: number[] }> {
  const ended = await sql<{ student_id: number }>`
    update section_roster r set end_date = greatest(r.start_date, ${c.start}::date), ended_by = ${c.userId}, reason = 'scheduling run ' || ${c.runId}::text
    from section s
    where s.district_id = r.district_id and s.id = r.section_id and r.district_id = ${c.districtId}
      and s.school_id = ${c.schoolId} and s.school_year_id = ${c.schoolYearId} and r.end_date is null
      and r.student_id = any(${[...c.studentIds]}::bigint[])
      and not exists (select 1 from scheduling_run_assignment a where a.district_id = r.district_id and a.scheduling_run_id = ${c.runId}
        and a.student_id = r.student_id and a.section_id = r.section_id)
    returning r.student_id`.execute(trx);
  const added = await sql<{ student_id: number }>`
    insert into section_roster (district_id, section_id, student_id, start_date, source, scheduling_run_id, created_by)
    select a.district_id, a.section_id, a.student_id, ${c.start}::date, 'scheduling-run', ${c.runId}, ${c.userId}
    from scheduling_run_assignment a
    where a.district_id = ${c.districtId} and a.scheduling_run_id = ${c.runId}
      and not exists (select 1 from section_roster r where r.district_id = a.district_id and r.section_id = a.section_id
        and r.student_id = a.student_id and r.end_date is null)
    returning student_id`.execute(trx);
  return { ended: ended.rows.map((r) => r.student_id), added: added.rows.map((r) => r.student_id) };
}

/** How many students two runs place differently: any section one run gives them and the other does not. */
export async function studentsPlacedDifferently(db: Handle, districtId: number, runA: number, runB: number): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    select count(distinct student_id)::int as n from (
      (select student_id, section_id from scheduling_run_assignment where district_id = ${districtId} and scheduling_run_id = ${runA}
       except select student_id, section_id from scheduling_run_assignment where district_id = ${districtId} and scheduling_run_id = ${runB})
      union all
      (select student_id, section_id from scheduling_run_assignment where district_id = ${districtId} and scheduling_run_id = ${runB}
       except select student_id, section_id from scheduling_run_assignment where district_id = ${districtId} and scheduling_run_id = ${runA})) d`.execute(db);
  return rows[0]!.n;
}
