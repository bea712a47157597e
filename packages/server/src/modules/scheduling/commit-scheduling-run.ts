import type { Kysely } from 'kysely';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import type { Handle } from '../../db/handle.ts';
import { notFound, Problem } from '../../http/problem.ts';
import type { RunSummary } from './scheduling-runs.ts';
import { currentRosters } from './scheduling.repository.ts';
import { applyRunSeats, discardRun, findRun, markRunCommitted, scheduleChangeStart } from './scheduling-run.repository.ts';

export const RUN_ROLES = ['school-admin', 'district-admin'] as const;

async function runInScope(db: Handle, actor: Actor, runId: number) {
  const run = await findRun(db, actor.districtId, runId, { forUpdate: true });
  if (!run) throw notFound('This scheduling run');
  await requireSchool(db, actor, run.school_id, RUN_ROLES);
  return run;
}

/**
 * Makes a previewed run the school's schedules, all at once: in one transaction, each student's
 * rows that the run does not keep end today and the new ones start today, so the history of every
 * schedule stays, and a crash leaves either the old schedules or the new ones, never a mix. A run
 * whose starting schedules changed since (a counselor's drop/add) is refused: run it again.
 */
export async function commitSchedulingRun(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, runId: number) {
  return db.transaction().execute(async (trx) => {
    const run = await runInScope(trx, actor, runId);
    if (run.kind !== 'students') throw new Problem(409, 'not-a-student-run', 'This is a master-schedule build', `Commit it at /api/master-builds/${runId}/commit.`);
    if (run.status !== 'preview' || !run.summary) throw new Problem(409, 'run-not-in-preview', `This run is ${run.status}`, 'Only a run in preview can be committed.');
    const summary = run.summary as RunSummary;
    const rosters = await currentRosters(trx, actor.districtId, run.school_id, run.school_year_id);
    const fingerprint = `${rosters.length}:${rosters.reduce((max, r) => Math.max(max, r.id), 0)}`;
    if (fingerprint !== summary.rosterFingerprint) {
      throw new Problem(409, 'schedules-changed', 'Schedules changed since this run started', 'Someone changed student schedules after the run began, so its preview is out of date. Discard it and run again; nothing was changed.');
    }
    const start = await scheduleChangeStart(trx, actor.districtId, run.school_year_id, actor.today);
    const { ended, added } = await applyRunSeats(trx, { districtId: actor.districtId, runId, schoolId: run.school_id, schoolYearId: run.school_year_id, studentIds: summary.studentIds, start, userId: actor.userId });
    await markRunCommitted(trx, actor.districtId, runId, actor.userId);
    const changed = [...new Set([...ended, ...added])];
    await writeAuditForStudents(trx, actor, origin, { action: 'update', entity: 'schedule', entityId: `run ${runId}`, schoolId: run.school_id, reason: 'scheduling run committed' }, changed);
    return { runId, status: 'committed' as const, effective: start, seatsAdded: added.length, seatsDropped: ended.length, studentsChanged: changed.length };
  });
}

export async function discardSchedulingRun(db: Kysely<Database>, actor: Actor, runId: number) {
  return db.transaction().execute(async (trx) => {
    const run = await runInScope(trx, actor, runId);
    if (run.status === 'committed') throw new Problem(409, 'run-committed', 'This run is already committed', 'A committed run is part of the schedules\' history; run again to change them.');
    await discardRun(trx, actor.districtId, runId, 'students');
    return { runId, status: 'discarded' as const };
  });
}
