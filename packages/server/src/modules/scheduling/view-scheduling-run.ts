import type { Kysely } from 'kysely';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor, Role } from '../../auth/roles.ts';
import { requireSchool } from '../../auth/access.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import type { RunSummary } from './scheduling-runs.ts';
import { findRunWithYear, unmetOfRun } from './scheduling-run.repository.ts';
import type { Handle } from '../../db/handle.ts';

/** The run, if the actor serves its school in one of these roles; otherwise "not found". */
export async function runFor(db: Handle, actor: Actor, runId: number, roles: readonly Role[]) {
  const run = await findRunWithYear(db, actor.districtId, runId);
  if (!run) throw notFound('This scheduling run');
  await requireSchool(db, actor, run.school_id, roles);
  return run;
}

export function describeRun(run: { id: number; school_id: number; school_year_name: string; kind: string; status: string; progress: number; seed: number; summary: unknown; error: string | null; requested_at: Date; finished_at: Date | null; committed_at: Date | null }) {
  const { studentIds: _ids, rosterFingerprint: _fingerprint, ...summary } = (run.summary ?? {}) as Partial<RunSummary>;
  return { id: run.id, schoolId: run.school_id, schoolYear: run.school_year_name, kind: run.kind, status: run.status, progress: run.progress, seed: run.seed, summary: run.summary ? summary : null, error: run.error, requestedAt: run.requested_at.toISOString(), finishedAt: run.finished_at?.toISOString() ?? null, committedAt: run.committed_at?.toISOString() ?? null };
}

/**
 * A run and, in preview, the students it leaves without a course they asked for: their names, ids
 * and courses are records of those students, so the list is an audited read of each one named.
 */
export async function viewSchedulingRun(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, runId: number, input: { unmetLimit: number; roles: readonly Role[] }) {
  return db.transaction().execute(async (trx) => {
    const run = await runFor(trx, actor, runId, input.roles);
    const unmet = await unmetOfRun(trx, actor.districtId, run.id, input.unmetLimit);
    await writeAuditForStudents(trx, actor, origin, { action: 'list', entity: 'scheduling-run', entityId: run.id, schoolId: run.school_id, details: { list: 'unmet requests' } }, unmet.map((u) => u.student_id));
    return {
      ...describeRun(run),
      unmet: unmet.map((u) => ({ studentId: u.student_id, localId: u.local_id, name: `${u.first_name} ${u.last_name}`, course: u.code, title: u.title, required: u.required, reason: u.reason })),
    };
  });
}
