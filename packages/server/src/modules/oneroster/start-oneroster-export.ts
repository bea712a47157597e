import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import type { BackgroundJob } from '../../jobs/background-job.ts';
import { createJob, findJob, type JobProgress } from '../../jobs/jobs.ts';
import type { JobQueue } from '../../jobs/queue.ts';
import { documentsDirectory } from '../transcripts/transcript-batch.ts';
import { EXPORTED_FILES, exportOneRoster } from './export-oneroster.ts';
import { schoolYearNamed } from './oneroster-export.repository.ts';

export const ONEROSTER_EXPORT = 'oneroster-export';

export const startOneRosterExportInput = z.strictObject({
  /** The school year whose sessions, classes and enrollments are written: the current one when absent. */
  schoolYear: z.string().regex(/^\d{4}-\d{2}$/, 'a school year is written 2026-27').optional(),
});

/** What the job remembers: the export is of the district as it stands on the day it was asked for. */
const exportParams = z.strictObject({ today: z.string(), schoolYear: z.string().nullable() });

/** Where an export's zip lives: the documents folder's exports, one file per job. */
export function oneRosterExportFile(districtId: number, jobId: number): string {
  return path.join(documentsDirectory(), 'exports', `district-${districtId}`, `oneroster-${jobId}.zip`);
}

/**
 * Starts the export as a background job: the job row, its audit row and its place on the queue in
 * one transaction, so a server stopped right after answering loses no job. A school year the
 * district does not have is refused before any job is made.
 */
export async function startOneRosterExport(db: Kysely<Database>, jobs: JobQueue, actor: Actor, origin: RequestOrigin, input: z.output<typeof startOneRosterExportInput>) {
  const params: z.output<typeof exportParams> = { today: actor.today, schoolYear: input.schoolYear ?? null };
  const { job, background } = await db.transaction().execute(async (trx) => {
    if (!(await schoolYearNamed(trx, actor.districtId, params.schoolYear))) {
      throw new Problem(422, 'unknown-school-year', 'No such school year', params.schoolYear ? `The district has no school year ${params.schoolYear}.` : 'The district has no current school year: name the school year to export.', { field: 'schoolYear' });
    }
    const created = await createJob(trx, { districtId: actor.districtId, kind: ONEROSTER_EXPORT, params, requestedBy: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: created.id, details: { kind: ONEROSTER_EXPORT, ...params } });
    const background: BackgroundJob = { kind: ONEROSTER_EXPORT, districtId: actor.districtId, jobId: created.id };
    await jobs.enqueue(trx, background);
    return { job: created, background };
  });
  jobs.started(background);
  return job;
}

/**
 * The job's work: the package streamed into a file beside its final name, renamed into place once
 * whole, so a download never gives half a zip and a retried job starts its file again. The
 * district is read from `read` (the replica, when there is one); the job row from the primary.
 */
export async function writeOneRosterExport(db: Kysely<Database>, read: Kysely<Database>, districtId: number, jobId: number, progress: JobProgress): Promise<Record<string, unknown>> {
  const job = await findJob(db, districtId, jobId);
  if (!job) throw new Error(`no job ${jobId}`);
  const params = exportParams.parse(typeof job.params === 'string' ? JSON.parse(job.params) : job.params);
  const file = oneRosterExportFile(districtId, jobId);
  const partial = `${file}.part`;
  await mkdir(path.dirname(file), { recursive: true });
  const out = createWriteStream(partial);
  const written = finished(out);
  // Progress by file: the files come in the binding's order, the largest (users, enrollments) late.
  const total = EXPORTED_FILES.length + 2;
  let done = 0;
  try {
    const summary = await exportOneRoster(read, out, {
      districtId, today: params.today, ...(params.schoolYear ? { schoolYear: params.schoolYear } : {}),
      onFile: () => progress(++done / total),
    });
    out.end();
    await written;
    await rename(partial, file);
    return { ...summary, bytes: (await stat(file)).size };
  } catch (error) {
    out.destroy();
    await written.catch(() => undefined);
    await rm(partial, { force: true });
    throw error;
  }
}
