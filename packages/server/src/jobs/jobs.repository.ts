import { sql } from 'kysely';
import type { Handle } from '../db/handle.ts';

export async function createJob(db: Handle, input: { districtId: number; kind: string; params?: Record<string, unknown>; requestedBy: number | null }) {
  return db
    .insertInto('job')
    .values({ district_id: input.districtId, kind: input.kind, params: input.params ? JSON.stringify(input.params) : null, requested_by: input.requestedBy })
    .returning(['id', 'status', 'requested_at'])
    .executeTakeFirstOrThrow();
}

/** Marks a queued or running job running; false when its row is finished already. */
export async function claimJob(db: Handle, districtId: number, jobId: number): Promise<boolean> {
  const claimed = await db
    .updateTable('job')
    .set({ status: 'running', started_at: sql`coalesce(started_at, now())`, heartbeat_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', jobId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) > 0;
}

export async function setJobProgress(db: Handle, districtId: number, jobId: number, fraction: number) {
  await db.updateTable('job').set({ progress: Math.min(1, Math.max(0, fraction)), heartbeat_at: sql`now()` }).where('district_id', '=', districtId).where('id', '=', jobId).execute();
}

/** Records a running job's outcome; a job finished already keeps the outcome it has. */
export async function finishJob(db: Handle, districtId: number, jobId: number, outcome: { result: Record<string, unknown> } | { error: string }) {
  await db
    .updateTable('job')
    .set('result' in outcome ? { status: 'succeeded', progress: 1, result: JSON.stringify(outcome.result), finished_at: sql`now()` } : { status: 'failed', error: outcome.error.slice(0, 2000), finished_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', jobId)
    .where('status', '=', 'running')
    .execute();
}

/**
 * A job that stopped (failed, or abandoned while running) made runnable again, for a job that
 * resumes where it stopped. Only from the status the caller saw: of two resumes at once, one wins.
 */
export async function reopenJob(db: Handle, districtId: number, jobId: number, seenStatus: string): Promise<boolean> {
  const reopened = await db
    .updateTable('job')
    .set({ status: 'queued', error: null, finished_at: null, heartbeat_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', jobId)
    .where('status', '=', seenStatus)
    .executeTakeFirst();
  return Number(reopened.numUpdatedRows) === 1;
}

export async function findJob(db: Handle, districtId: number, jobId: number) {
  return db
    .selectFrom('job')
    .select(['id', 'kind', 'status', 'progress', 'params', 'result', 'error', 'requested_at', 'started_at', 'finished_at'])
    .where('district_id', '=', districtId)
    .where('id', '=', jobId)
    .executeTakeFirst();
}
