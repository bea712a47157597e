import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { JobProgress } from '../../jobs/jobs.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { generateRequests, generationContext } from './course-requests.ts';
import { studentsRequestingNextYear } from './graduation.repository.ts';

export interface SchoolRequestsJob {
  districtId: number;
  schoolId: number;
  /** The year the requests are for (next year), by id and by name. */
  schoolYearId: number;
  schoolYear: string;
  userId: number | null;
}

/**
 * Proposes next year's requests for every secondary student of a school, 500 students per
 * transaction. Run again after a worker died half-way, it proposes the same requests for the
 * students already done (generation replaces a student's proposals), so a retry adds nothing twice.
 */
export async function generateSchoolRequests(db: Kysely<Database>, job: SchoolRequestsJob, progress: JobProgress): Promise<Record<string, unknown>> {
  const current = await schoolYearByName(db, job.districtId, undefined, 'current');
  const students = await studentsRequestingNextYear(db, job.districtId, job.schoolId, current.id);
  const context = await generationContext(db, job.districtId);
  let done = 0;
  let requests = 0;
  for (let i = 0; i < students.length; i += 500) {
    const batch = students.slice(i, i + 500).map((s) => s.student_id);
    const results = await db.transaction().execute((trx) => generateRequests(trx, context, job.districtId, batch, { schoolId: job.schoolId, schoolYearId: job.schoolYearId }, { dryRun: false, userId: job.userId }));
    requests += results.reduce((sum, r) => sum + r.proposals.length, 0);
    done += batch.length;
    await progress(done / Math.max(1, students.length));
  }
  return { students: done, requests, schoolYear: job.schoolYear };
}
