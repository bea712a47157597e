import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { claimJob, finishJob, setJobProgress } from './jobs.repository.ts';

export { createJob, findJob, reopenJob } from './jobs.repository.ts';

export type JobStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface JobProgress {
  (fraction: number, note?: Record<string, unknown>): Promise<void>;
}

export type JobWork = (progress: JobProgress) => Promise<Record<string, unknown>>;

/**
 * Runs a job's work, recording its progress, outcome or failure in the job row as it goes. The
 * work commits its own batches; a failure leaves every committed batch in place and says why.
 * A job whose row is finished already (delivered again by the queue after its worker died past
 * the commit) is left as it is: its outcome is recorded once.
 */
export async function runJob(db: Kysely<Database>, districtId: number, jobId: number, work: JobWork): Promise<void> {
  if (!(await claimJob(db, districtId, jobId))) return;
  let lastWrite = 0;
  const progress: JobProgress = async (fraction) => {
    // Progress rows are for people watching a bar: a write a second is plenty.
    if (Date.now() - lastWrite < 1000 && fraction < 1) return;
    lastWrite = Date.now();
    await setJobProgress(db, districtId, jobId, fraction);
  };
  try {
    const result = await work(progress);
    await finishJob(db, districtId, jobId, { result });
  } catch (error) {
    await finishJob(db, districtId, jobId, { error: (error as Error).message });
  }
}
