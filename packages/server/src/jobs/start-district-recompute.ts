import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../audit/audit.repository.ts';
import type { Actor } from '../auth/roles.ts';
import type { Database } from '../db/schema.ts';
import type { BackgroundJob } from './background-job.ts';
import { createJob } from './jobs.ts';
import type { JobQueue } from './queue.ts';

/** A district-wide recompute, created, audited and queued together; the caller starts it once committed. */
export async function startDistrictRecompute(db: Kysely<Database>, jobs: JobQueue, actor: Actor, origin: RequestOrigin, kind: 'gpa-recompute' | 'audit-recompute') {
  return db.transaction().execute(async (trx) => {
    const job = await createJob(trx, { districtId: actor.districtId, kind, requestedBy: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: job.id, details: { kind } });
    const background: BackgroundJob = { kind, districtId: actor.districtId, jobId: job.id };
    await jobs.enqueue(trx, background);
    return { job, background };
  });
}
