import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Handle } from '../db/handle.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobProgress {
  (fraction: number, note?: Record<string, unknown>): Promise<void>;
}

export type JobWork = (progress: JobProgress) => Promise<Record<string, unknown>>;

export async function createJob(db: Kysely<Database>, input: { districtId: number; kind: string; params?: Record<string, unknown>; requestedBy: number | null }) {
  return db
    .insertInto('job')
    .values({ district_id: input.districtId, kind: input.kind, params: input.params ? JSON.stringify(input.params) : null, requested_by: input.requestedBy })
    .returning(['id', 'status', 'requested_at'])
    .executeTakeFirstOrThrow();
}

/**
 * Runs a job's work, recording its progress, outcome or failure in the job row as it goes. The
 * work commits its own batches; a failure leaves every committed batch in place and says why.
 * A job whose row is finished already (delivered again by the queue after its worker died past
 * the commit) is left as it is: its outcome is recorded once.
 */
export async function runJob(db: Kysely<Database>, districtId: number, jobId: number, work: JobWork): Promise<void> {
  const claimed = await db
    .updateTable('job')
    .set({ status: 'running', started_at: sql`coalesce(started_at, now())`, heartbeat_at: sql`now()` })
    .where('district_id', '=', districtId)
    .where('id', '=', jobId)
    .where('status', 'in', ['queued', 'running'])
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) return;
  let lastWrite = 0;
  const progress: JobProgress = async (fraction) => {
    // Progress rows are for people watching a bar: a write a second is plenty.
    if (Date.now() - lastWrite < 1000 && fraction < 1) return;
    lastWrite = Date.now();
    await db.updateTable('job').set({ progress: Math.min(1, Math.max(0, fraction)), heartbeat_at: sql`now()` }).where('district_id', '=', districtId).where('id', '=', jobId).execute();
  };
  try {
    const result = await work(progress);
    await db
      .updateTable('job')
      .set({ status: 'succeeded', progress: 1, result: JSON.stringify(result), finished_at: sql`now()` })
      .where('district_id', '=', districtId)
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .execute();
  } catch (error) {
    await db
      .updateTable('job')
      .set({ status: 'failed', error: (error as Error).message.slice(0, 2000), finished_at: sql`now()` })
      .where('district_id', '=', districtId)
      .where('id', '=', jobId)
      .where('status', '=', 'running')
      .execute();
  }
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

export async function findJob(db: Kysely<Database>, districtId: number, jobId: number) {
  return db
    .selectFrom('job')
    .select(['id', 'kind', 'status', 'progress', 'params', 'result', 'error', 'requested_at', 'started_at', 'finished_at'])
    .where('district_id', '=', districtId)
    .where('id', '=', jobId)
    .executeTakeFirst();
}
