import { sql, type Kysely } from 'kysely';
import { scoreSectioning } from '@homeroom/core/scheduling/sectioning-score';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { buildSchoolInstance } from './build-instance.ts';
import { sectionInWorker } from './run-in-worker.ts';
import { claimRun, failAbandonedRuns, failRun, findRunWithYear, finishRun, insertRun, insertRunAssignments, insertRunUnmet, runInProgress, setRunProgress, type UnmetRequest } from './scheduling-run.repository.ts';
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
    const busy = await runInProgress(trx, actor.districtId, run.schoolId);
    if (busy) {
      const what = busy.kind === 'master' ? 'A master-schedule build' : 'A scheduling run';
      const url = busy.kind === 'master' ? `/api/master-builds/${busy.id}` : `/api/scheduling-runs/${busy.id}`;
      throw new Problem(409, 'run-in-progress', `${what} is already running for this school`, `Wait for run ${busy.id} to finish (or follow it at ${url}).`, { runId: busy.id });
    }
    const created = { id: await insertRun(trx, { districtId: actor.districtId, schoolId: run.schoolId, schoolYearId: year.id, kind: run.kind, seed: run.seed, timeLimitSeconds: run.timeLimitSeconds, requestedBy: actor.userId }) };
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
  const run = await findRunWithYear(db, districtId, runId);
  if (!run) throw new Error(`scheduling run ${runId} does not exist`);
  if (!(await claimRun(db, districtId, runId))) return;
  try {
    // One snapshot, so the requests, rosters and transcripts agree with the fingerprint the commit
    // checks. Without JIT: these are many short statements whose estimated cost (a subquery per
    // request, per student) crosses PostgreSQL's JIT threshold, and compiling them took longer
    // than running them (seconds of the largest school's read).
    const built = await db.transaction().setIsolationLevel('repeatable read').setAccessMode('read only').execute(async (trx) => {
      await sql`set local jit = off`.execute(trx);
      return buildSchoolInstance(trx, districtId, run.school_id, run.school_year_id, `run ${runId} ${run.school_year_name}`, { courseRules: true });
    });
    let lastWrite = 0;
    const result = await sectionInWorker(built.instance, {
      seed: run.seed,
      timeLimitSeconds: run.time_limit_seconds ?? 30,
      onProgress: (p) => {
        if (Date.now() - lastWrite < 1000) return;
        lastWrite = Date.now();
        const fraction = p.phase === 'construct' ? 0.1 + 0.5 * (p.studentsPlaced / Math.max(1, p.students)) : p.phase === 'improve' ? 0.7 : 0.9;
        void setRunProgress(db, districtId, runId, fraction).catch(() => undefined);
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
      await finishRun(trx, districtId, runId, summary);
      const pairs = [...proposed].flatMap(([student, sections]) => [...sections].map((section) => [student, section] as const));
      await insertRunAssignments(trx, districtId, runId, pairs);
      const requiredCourses = new Set(built.instance.students.flatMap((s) => s.requests.filter((r) => r.required).map((r) => `${s.id}/${r.course}`)));
      const unmet = result.unmet
        .map((u) => ({ student: built.studentIds.get(u.student)!, course: built.courseIds.get(u.course), reason: u.reason, required: requiredCourses.has(`${u.student}/${u.course}`) }))
        .filter((u): u is UnmetRequest => u.course !== undefined)
        .concat(built.refused);
      await insertRunUnmet(trx, districtId, runId, unmet);
    });
  } catch (error) {
    await failRun(db, districtId, runId, error);
  }
}
