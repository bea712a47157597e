import { sql, type Kysely, type Transaction } from 'kysely';
import { scoreSectioning } from '@homeroom/core/scheduling/sectioning-score';
import { writeAudit, type RequestOrigin } from '../../audit/audit.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { buildSchoolInstance } from './build-instance.ts';
import { sectionInWorker } from './run-in-worker.ts';
import type { Handle } from '../../db/handle.ts';
import type { BackgroundJob } from '../../jobs/background-job.ts';
import type { JobQueue } from '../../jobs/queue.ts';

export interface RunSummary {
  students: number;
  studentsComplete: number;
  studentsIncomplete: number;
  requiredMet: number;
  requiredTotal: number;
  requestsMet: number;
  requestsTotal: number;
  score: number;
  studentsChanged: number;
  seatsAdded: number;
  seatsDropped: number;
  seconds: number;
  /** The schedules the run started from; a commit refuses when they changed since. */
  rosterFingerprint: string;
  studentIds: number[];
}

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

/**
 * Queues a student scheduling run or a master-schedule build of a school's year, audited. One at a
 * time per school: both read and then rewrite the same schedules.
 */
export async function queueSchedulingRun(
  db: Kysely<Database>, jobs: JobQueue, actor: Actor, origin: RequestOrigin,
  run: { schoolId: number; schoolYear: string | undefined; kind: 'students' | 'master'; seed: number; timeLimitSeconds: number; keepTeachers?: boolean },
): Promise<{ id: number; schoolYear: string }> {
  let job: BackgroundJob | undefined;
  const queued = await db.transaction().execute(async (trx) => {
    await requireSchool(trx, actor, run.schoolId, ['school-admin', 'district-admin']);
    const year = await schoolYearByName(trx, actor.districtId, run.schoolYear, 'current');
    await failAbandonedRuns(trx);
    const busy = await trx.selectFrom('scheduling_run').select(['id', 'kind']).where('district_id', '=', actor.districtId).where('school_id', '=', run.schoolId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
    if (busy) {
      const what = busy.kind === 'master' ? 'A master-schedule build' : 'A scheduling run';
      const url = busy.kind === 'master' ? `/api/master-builds/${busy.id}` : `/api/scheduling-runs/${busy.id}`;
      throw new Problem(409, 'run-in-progress', `${what} is already running for this school`, `Wait for run ${busy.id} to finish (or follow it at ${url}).`, { runId: busy.id });
    }
    const created = await trx
      .insertInto('scheduling_run')
      .values({ district_id: actor.districtId, school_id: run.schoolId, school_year_id: year.id, kind: run.kind, status: 'queued', seed: run.seed, time_limit_seconds: run.timeLimitSeconds, requested_by: actor.userId })
      .returning(['id'])
      .executeTakeFirstOrThrow();
    await writeAudit(trx, actor, origin, { action: 'start-job', entity: run.kind === 'master' ? 'master-build' : 'scheduling-run', entityId: created.id, schoolId: run.schoolId, details: { schoolYear: year.name } });
    job = run.kind === 'master'
      ? { kind: 'master-build', districtId: actor.districtId, runId: created.id, timeLimitSeconds: run.timeLimitSeconds, keepTeachers: run.keepTeachers ?? false }
      : { kind: 'scheduling-run', districtId: actor.districtId, runId: created.id, timeLimitSeconds: run.timeLimitSeconds };
    await jobs.enqueue(trx, job);
    return { id: created.id, schoolYear: year.name };
  });
  jobs.started(job!);
  return queued;
}

/**
 * Runs the student scheduler for a school and keeps its outcome as a preview: the proposed
 * schedules, every unmet request with its reason, and what would change. Nothing a student or
 * teacher sees changes until an administrator commits it.
 */
export async function executeSchedulingRun(db: Kysely<Database>, districtId: number, runId: number): Promise<void> {
  const started = performance.now();
  const run = await db.selectFrom('scheduling_run').selectAll().where('district_id', '=', districtId).where('id', '=', runId).executeTakeFirstOrThrow();
  if (!(await claimRun(db, districtId, runId))) return;
  try {
    const year = await db.selectFrom('school_year').select('name').where('district_id', '=', districtId).where('id', '=', run.school_year_id).executeTakeFirstOrThrow();
    const built = await buildSchoolInstance(db, districtId, run.school_id, run.school_year_id, `run ${runId} ${year.name}`, { courseRules: true });
    let lastWrite = 0;
    const result = await sectionInWorker(built.instance, {
      seed: run.seed,
      timeLimitSeconds: run.time_limit_seconds ?? 30,
      onProgress: (p) => {
        if (Date.now() - lastWrite < 1000) return;
        lastWrite = Date.now();
        const fraction = p.phase === 'construct' ? 0.1 + 0.5 * (p.studentsPlaced / Math.max(1, p.students)) : p.phase === 'improve' ? 0.7 : 0.9;
        void db.updateTable('scheduling_run').set({ progress: fraction }).where('district_id', '=', districtId).where('id', '=', runId).execute().catch(() => undefined);
      },
    });
    const score = scoreSectioning(built.instance, result);
    const proposed = new Map<number, Set<number>>();
    for (const s of built.instance.students) {
      const id = built.studentIds.get(s.id)!;
      proposed.set(id, new Set(s.fixed.map((f) => built.sectionIds.get(f)!)));
    }
    for (const a of result.assignments) proposed.get(built.studentIds.get(a.student)!)!.add(built.sectionIds.get(a.section)!);
    let studentsChanged = 0;
    let seatsAdded = 0;
    let seatsDropped = 0;
    for (const [student, sections] of proposed) {
      const current = built.currentAssignments.get(student) ?? new Set<number>();
      const added = [...sections].filter((s) => !current.has(s)).length;
      const dropped = [...current].filter((s) => !sections.has(s)).length;
      seatsAdded += added;
      seatsDropped += dropped;
      if (added || dropped) studentsChanged++;
    }
    const summary: RunSummary = {
      students: score.students,
      studentsComplete: score.studentsComplete,
      studentsIncomplete: score.students - score.studentsComplete,
      requiredMet: score.requiredMet,
      requiredTotal: score.requiredTotal,
      requestsMet: score.requestsMet,
      requestsTotal: score.requestsTotal,
      score: score.score,
      studentsChanged,
      seatsAdded,
      seatsDropped,
      seconds: Math.round((performance.now() - started) / 100) / 10,
      rosterFingerprint: built.rosterFingerprint,
      studentIds: [...proposed.keys()],
    };
    await db.transaction().execute(async (trx) => {
      // First, so that a second attempt at the same run waits here and then finds it finished.
      await finishRun(trx, districtId, runId, { status: 'preview', progress: 1, summary: JSON.stringify(summary), finished_at: sql`now()` });
      const pairs = [...proposed].flatMap(([student, sections]) => [...sections].map((section) => [student, section] as const));
      for (let i = 0; i < pairs.length; i += 5000) {
        const chunk = pairs.slice(i, i + 5000);
        await sql`insert into scheduling_run_assignment (district_id, scheduling_run_id, student_id, section_id)
          select ${districtId}, ${runId}, u.student_id, u.section_id from unnest(${chunk.map((p) => p[0])}::bigint[], ${chunk.map((p) => p[1])}::bigint[]) as u(student_id, section_id)`.execute(trx);
      }
      const requiredCourses = new Set(built.instance.students.flatMap((s) => s.requests.filter((r) => r.required).map((r) => `${s.id}/${r.course}`)));
      const unmet = result.unmet
        .map((u) => ({ student: built.studentIds.get(u.student)!, course: built.courseIds.get(u.course), reason: u.reason, required: requiredCourses.has(`${u.student}/${u.course}`) }))
        .filter((u): u is { student: number; course: number; reason: string; required: boolean } => u.course !== undefined)
        .concat(built.refused);
      for (let i = 0; i < unmet.length; i += 2000) {
        const chunk = unmet.slice(i, i + 2000);
        await sql`insert into scheduling_run_unmet (district_id, scheduling_run_id, student_id, course_id, required, reason)
          select ${districtId}, ${runId}, u.s, u.c, u.r, u.why from unnest(${chunk.map((u) => u.student)}::bigint[], ${chunk.map((u) => u.course)}::bigint[], ${chunk.map((u) => u.required)}::boolean[], ${chunk.map((u) => u.reason)}::text[]) as u(s, c, r, why)
          on conflict do nothing`.execute(trx);
      }
    });
  } catch (error) {
    await failRun(db, districtId, runId, error);
  }
}

/** Thrown inside a run's commit when another attempt at the same run committed first. */
class RunFinishedElsewhere extends Error {}

/**
 * Marks a run running for this attempt. False when it is finished already: the queue delivered it
 * again after the worker that ran it died between its commit and telling the queue.
 */
export async function claimRun(db: Kysely<Database>, districtId: number, runId: number): Promise<boolean> {
  const claimed = await db.updateTable('scheduling_run').set({ status: 'running', progress: 0.01 }).where('district_id', '=', districtId).where('id', '=', runId).where('status', 'in', ['queued', 'running']).executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

/**
 * The first statement of a run's commit: marks it finished, or rolls the whole commit back when
 * another attempt finished it first, so a run's outcome is committed exactly once.
 */
export async function finishRun(trx: Transaction<Database>, districtId: number, runId: number, values: Record<string, unknown>): Promise<void> {
  const finished = await trx.updateTable('scheduling_run').set(values).where('district_id', '=', districtId).where('id', '=', runId).where('status', '=', 'running').executeTakeFirst();
  if (Number(finished.numUpdatedRows) === 0) throw new RunFinishedElsewhere(`run ${runId} was finished by another attempt`);
}

/** Records why a run failed, unless another attempt finished it. */
export async function failRun(db: Kysely<Database>, districtId: number, runId: number, error: unknown): Promise<void> {
  if (error instanceof RunFinishedElsewhere) return;
  await db
    .updateTable('scheduling_run')
    .set({ status: 'failed', error: (error as Error).message.slice(0, 2000), finished_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', runId)
    .where('status', 'in', ['queued', 'running'])
    .execute();
}
