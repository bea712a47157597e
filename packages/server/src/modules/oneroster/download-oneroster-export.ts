import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem, notFound } from '../../http/problem.ts';
import { batchJob } from '../../jobs/document-batch.repository.ts';
import { ONEROSTER_EXPORT, oneRosterExportFile } from './start-oneroster-export.ts';

/**
 * A finished export's zip. The package holds every student's rostering record, so each download
 * is itself audited, as an export of the district's rosters by whoever took it.
 */
export async function downloadOneRosterExport(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number): Promise<string> {
  return db.transaction().execute(async (trx) => {
    const job = await batchJob(trx, actor.districtId, jobId);
    if (!job) throw notFound('This job');
    if (job.kind !== ONEROSTER_EXPORT) throw new Problem(409, 'not-a-oneroster-export', 'This job is not a OneRoster export', `The job is a ${job.kind}; only a OneRoster export is downloaded here.`);
    if (job.status !== 'succeeded') throw new Problem(409, 'job-not-finished', 'The export is not finished', `The job is ${job.status}; its zip can be downloaded when it has succeeded.`);
    await writeAudit(trx, actor, origin, { action: 'export', entity: 'oneroster-export', entityId: jobId, details: { kind: ONEROSTER_EXPORT, form: 'oneroster-csv' } });
    return oneRosterExportFile(actor.districtId, jobId);
  });
}
