import type { Kysely } from 'kysely';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { writeAudit } from '../../audit/audit.repository.ts';
import { requireSchool } from '../../auth/access.ts';
import type { BackgroundJob } from '../../jobs/background-job.ts';
import { createJob } from '../../jobs/jobs.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { schoolYearByName } from '../district/district.repository.ts';

/** Queues the proposal of next year's requests for every secondary student of a school, as a job; the caller starts it once committed. */
export async function startSchoolCourseRequests(db: Kysely<Database>, jobs: JobQueue, actor: Actor, origin: RequestOrigin, schoolId: number, schoolYear: string | undefined) {
  return db.transaction().execute(async (trx) => {
    await requireSchool(trx, actor, schoolId, ['school-admin', 'district-admin']);
    const year = await schoolYearByName(trx, actor.districtId, schoolYear, 'next');
    const job = await createJob(trx, { districtId: actor.districtId, kind: 'course-requests', params: { schoolId, schoolYear: year.name }, requestedBy: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: job.id, schoolId, details: { kind: 'course-requests' } });
    const queued: BackgroundJob = { kind: 'course-requests', jobId: job.id, districtId: actor.districtId, schoolId, schoolYearId: year.id, schoolYear: year.name, userId: actor.userId };
    await jobs.enqueue(trx, queued);
    return { job, queued };
  });
}
