import { sql, type Kysely } from 'kysely';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import type { RunSummary } from './scheduling-runs.ts';
import { currentRosters } from './scheduling.repository.ts';

export const RUN_ROLES = ['school-admin', 'district-admin'] as const;

async function runInScope(db: Kysely<Database>, actor: Actor, runId: number) {
  const run = await db.selectFrom('scheduling_run').selectAll().where('district_id', '=', actor.districtId).where('id', '=', runId).forUpdate().executeTakeFirst();
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
    const { start } = await trx
      .selectFrom('term')
      .select(sql<string>`greatest(${actor.today}::date, min(start_date))::text`.as('start'))
      .where('district_id', '=', actor.districtId)
      .where('school_year_id', '=', run.school_year_id)
      .executeTakeFirstOrThrow();
    const students = summary.studentIds;
    const ended = await sql<{ student_id: number }>`
      update section_roster r set end_date = greatest(r.start_date, ${start}::date), ended_by = ${actor.userId}, reason = 'scheduling run ' || ${runId}::text
      from section s
      where s.district_id = r.district_id and s.id = r.section_id and r.district_id = ${actor.districtId}
        and s.school_id = ${run.school_id} and s.school_year_id = ${run.school_year_id} and r.end_date is null
        and r.student_id = any(${students}::bigint[])
        and not exists (select 1 from scheduling_run_assignment a where a.district_id = r.district_id and a.scheduling_run_id = ${runId}
          and a.student_id = r.student_id and a.section_id = r.section_id)
      returning r.student_id`.execute(trx);
    const added = await sql<{ student_id: number }>`
      insert into section_roster (district_id, section_id, student_id, start_date, source, scheduling_run_id, created_by)
      select a.district_id, a.section_id, a.student_id, ${start}::date, 'scheduling-run', ${runId}, ${actor.userId}
      from scheduling_run_assignment a
      where a.district_id = ${actor.districtId} and a.scheduling_run_id = ${runId}
        and not exists (select 1 from section_roster r where r.district_id = a.district_id and r.section_id = a.section_id
          and r.student_id = a.student_id and r.end_date is null)
      returning student_id`.execute(trx);
    await trx.updateTable('scheduling_run').set({ status: 'committed', committed_by: actor.userId, committed_at: sql`now()` }).where('district_id', '=', actor.districtId).where('id', '=', runId).execute();
    const changed = [...new Set([...ended.rows, ...added.rows].map((r) => r.student_id))];
    await writeAuditForStudents(trx, actor, origin, { action: 'update', entity: 'schedule', entityId: `run ${runId}`, schoolId: run.school_id, reason: 'scheduling run committed' }, changed);
    return { runId, status: 'committed' as const, effective: start, seatsAdded: added.rows.length, seatsDropped: ended.rows.length, studentsChanged: changed.length };
  });
}

export async function discardSchedulingRun(db: Kysely<Database>, actor: Actor, runId: number) {
  return db.transaction().execute(async (trx) => {
    const run = await runInScope(trx, actor, runId);
    if (run.status === 'committed') throw new Problem(409, 'run-committed', 'This run is already committed', 'A committed run is part of the schedules\' history; run again to change them.');
    await trx.deleteFrom('scheduling_run_assignment').where('district_id', '=', actor.districtId).where('scheduling_run_id', '=', runId).execute();
    await trx.updateTable('scheduling_run').set({ status: 'discarded', finished_at: sql`coalesce(finished_at, now())` }).where('district_id', '=', actor.districtId).where('id', '=', runId).execute();
    return { runId, status: 'discarded' as const };
  });
}
