import type { Kysely } from 'kysely';
import type { ReadReplica } from '../db/read-replica.ts';
import type { Database } from '../db/schema.ts';
import { generateSchoolRequests, type SchoolRequestsJob } from '../modules/graduation/generate-school-requests.ts';
import { recomputeDistrictAudits } from '../modules/graduation/recompute-audits.ts';
import { executeMasterBuild } from '../modules/scheduling/master-builds.ts';
import { executeSchedulingRun } from '../modules/scheduling/scheduling-runs.ts';
import { writeOneRosterExport } from '../modules/oneroster/start-oneroster-export.ts';
import { recomputeDistrictGpas } from '../modules/transcripts/recompute-gpas.ts';
import { runJob } from './jobs.ts';
import { runAlertEvaluation } from '../modules/alerts/run-alert-evaluation.ts';

/**
 * A piece of background work, as a queue carries it: what to run and the row (a job, or a
 * scheduling run) where its progress and outcome are kept. Only ids travel; the work reads
 * everything else from the database when it starts, so a retry starts from what is there then.
 */
export type BackgroundJob =
  | { kind: 'scheduling-run'; districtId: number; runId: number; timeLimitSeconds: number }
  | { kind: 'master-build'; districtId: number; runId: number; timeLimitSeconds: number; keepTeachers: boolean }
  | { kind: 'gpa-recompute' | 'audit-recompute' | 'oneroster-export'; districtId: number; jobId: number }
  | ({ kind: 'course-requests'; jobId: number } & SchoolRequestsJob)
  | { kind: 'alert-evaluation'; districtId: number; jobId: number; /** The instant the rules judge (when it was queued). */ at: string };

/**
 * How long a job may run before the queue takes it for dead and gives it to another worker. A
 * scheduling run stops itself at its time limit; a recompute of a whole district takes minutes.
 */
export function expectedSeconds(job: BackgroundJob): number {
  if (job.kind === 'scheduling-run' || job.kind === 'master-build') return job.timeLimitSeconds;
  return 30 * 60;
}

/**
 * Runs one background job to its end. Every kind commits its outcome in one transaction that
 * also marks its row done, and does nothing when the row is done already, so a job delivered
 * twice (its first worker killed after the commit, before the queue heard) commits once.
 * With a replica (DATABASE_READ_URL), the export reads the district from it; its job row and
 * progress stay on the primary.
 */
export async function executeBackgroundJob(db: Kysely<Database>, job: BackgroundJob, replica?: ReadReplica): Promise<void> {
  switch (job.kind) {
    case 'scheduling-run':
      return executeSchedulingRun(db, job.districtId, job.runId);
    case 'master-build':
      return executeMasterBuild(db, job.districtId, job.runId, { keepTeachers: job.keepTeachers });
    case 'gpa-recompute':
      return runJob(db, job.districtId, job.jobId, async (progress) => ({ ...(await recomputeDistrictGpas(db, job.districtId, { onProgress: (done, total) => progress(total ? done / total : 1) })) }));
    case 'audit-recompute':
      return runJob(db, job.districtId, job.jobId, async (progress) => ({ ...(await recomputeDistrictAudits(db, job.districtId, { onProgress: (done, total) => progress(total ? done / total : 1) })) }));
    case 'oneroster-export':
      return runJob(db, job.districtId, job.jobId, async (progress) => writeOneRosterExport(db, replica ? await replica.handleForJob(db) : db, job.districtId, job.jobId, progress));
    case 'course-requests':
      return runJob(db, job.districtId, job.jobId, (progress) => generateSchoolRequests(db, job, progress));
    case 'alert-evaluation':
      return runJob(db, job.districtId, job.jobId, () => runAlertEvaluation(db, job.districtId, new Date(job.at)));
  }
}
