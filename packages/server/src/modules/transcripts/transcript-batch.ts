import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAudit, writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem, notFound } from '../../http/problem.ts';
import { batchJob, batchStudents, finishedStudents, recordFinishedVolume } from '../../jobs/document-batch.repository.ts';
import { createJob, reopenJob, runJob, type JobProgress } from '../../jobs/jobs.ts';
import { joinVolumes, ZipVolumeWriter } from '../../jobs/zip-volumes.ts';
import { LayoutPool } from '../../pdf/layout-pool.ts';
import { officialTranscriptContext, officialTranscriptsOf } from './official-transcript.ts';

export const TRANSCRIPT_BATCH = 'transcript-batch';

export const startTranscriptBatchInput = z.strictObject({
  /** The grade whose official transcripts are printed: seniors unless said otherwise. */
  grade: z.number().int().min(9).max(12).default(12),
  /** One school's students; the whole district when absent. */
  schoolId: z.number().int().positive().nullable().default(null),
});

/** What the job remembers, so that a resumed run prints exactly the students the first run chose. */
const batchParams = z.strictObject({ grade: z.number().int(), schoolId: z.number().int().nullable(), today: z.string() });
type BatchParams = z.output<typeof batchParams>;

export interface BatchOptions {
  /** Documents per volume of the zip: what a crash can cost at most. */
  volumeSize?: number;
  /** Called after each volume is recorded (the tests stop a run here, as a crash would). */
  afterVolume?: (volume: number) => void | Promise<void>;
  /** Called after each document is laid out (the tests count what a resumed run redoes). */
  onDocument?: (studentId: number) => void;
  /** Worker threads laying documents out: one for each core by default, none to lay out on the calling thread. */
  layoutWorkers?: number;
}

/** Where batches write their zips: HOMEROOM_DOCUMENTS_DIR, or the system's temporary directory. */
export function documentsDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.HOMEROOM_DOCUMENTS_DIR || path.join(tmpdir(), 'homeroom-documents');
}

/** Students read together: a handful of queries for the chunk, and two chunks in memory at most. */
const READ_CHUNK = 50;

const jobDirectory = (districtId: number, jobId: number) => path.join(documentsDirectory(), `district-${districtId}`, `job-${jobId}`);
const volumePath = (directory: string, volume: number) => path.join(directory, `volume-${String(volume).padStart(5, '0')}.zip`);
const fileName = (localId: string, name: string) => `${localId} ${name.replace(/[\\/:*?"<>|]/g, "_")}.pdf`;

/**
 * Writes the official transcript of every student of the batch into the job's zip, volume by
 * volume, skipping the students an earlier run of the same job finished. Each closed volume and
 * the export audit row of its students are recorded in one transaction. When every student is
 * done the volumes are joined into the one zip the download gives.
 */
export async function writeTranscriptBatch(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, params: BatchParams, progress: JobProgress, options: BatchOptions = {}) {
  const districtId = actor.districtId;
  const directory = jobDirectory(districtId, jobId);
  await mkdir(directory, { recursive: true });
  const students = await batchStudents(db, districtId, params);
  const finished = await finishedStudents(db, districtId, jobId);
  const remaining = students.filter((id) => !finished.students.has(id));
  const context = await officialTranscriptContext(db, districtId);
  const size = options.volumeSize ?? 500;
  const read = (ids: number[]) => officialTranscriptsOf(db, districtId, params.today, ids, context);
  let volume = finished.volumes.at(-1) ?? 0;
  let done = students.length - remaining.length;
  const pool = new LayoutPool(options.layoutWorkers ?? LayoutPool.defaultSize());
  // Enough documents in flight to keep every worker busy, few enough that memory stays flat.
  const inFlight = Math.max(2, 4 * pool.size);
  try {
    for (let start = 0; start < remaining.length; start += size) {
      volume++;
      const ids = remaining.slice(start, start + size);
      const writer = new ZipVolumeWriter(volumePath(directory, volume));
      // Documents go into the zip in the students' order, each as soon as it and those before it are laid out.
      const pending: Array<{ studentId: number; name: string; pdf: Promise<Buffer> }> = [];
      const writeOldest = async () => {
        const oldest = pending.shift()!;
        await writer.add(oldest.name, await oldest.pdf);
        options.onDocument?.(oldest.studentId);
        await progress(++done / students.length, { done, of: students.length });
      };
      // The next chunk of students is read while this one's pages are laid out.
      let next = read(ids.slice(0, READ_CHUNK));
      for (let chunk = 0; chunk < ids.length; chunk += READ_CHUNK) {
        const officials = await next;
        if (chunk + READ_CHUNK < ids.length) {
          next = read(ids.slice(chunk + READ_CHUNK, chunk + 2 * READ_CHUNK));
          // A failure is reported where it is awaited, not as an unhandled rejection meanwhile.
          next.catch(() => undefined);
        }
        for (const [i, official] of officials.entries()) {
          const pdf = pool.render(official);
          pdf.catch(() => undefined);
          pending.push({ studentId: ids[chunk + i]!, name: fileName(official.student.localId, official.student.name), pdf });
          if (pending.length >= inFlight) await writeOldest();
        }
      }
      while (pending.length) await writeOldest();
      await writer.close();
      await db.transaction().execute(async (trx) => {
        await recordFinishedVolume(trx, districtId, jobId, volume, ids);
        await writeAuditForStudents(trx, actor, origin, { action: 'export', entity: 'transcript', entityId: jobId, details: { form: 'pdf', job: jobId, volume } }, ids);
      });
      await options.afterVolume?.(volume);
    }
  } finally {
    await pool.close();
  }
  const volumes = (await finishedStudents(db, districtId, jobId)).volumes;
  const documents = await joinVolumes(volumes.map((v) => volumePath(directory, v)), path.join(directory, 'transcripts.zip'));
  return { students: students.length, documents, volumes: volumes.length, resumedAfter: students.length - remaining.length };
}

function run(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, params: BatchParams, options?: BatchOptions): Promise<void> {
  return runJob(db, actor.districtId, jobId, (progress) => writeTranscriptBatch(db, actor, origin, jobId, params, progress, options));
}

/** Starts the batch as a background job: created and audited together, then run. Resolves when the job is queued; `finished` when it ends. */
export async function startTranscriptBatch(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, input: z.output<typeof startTranscriptBatchInput>, options?: BatchOptions) {
  const params: BatchParams = { grade: input.grade, schoolId: input.schoolId, today: actor.today };
  const job = await db.transaction().execute(async (trx) => {
    const created = await createJob(trx, { districtId: actor.districtId, kind: TRANSCRIPT_BATCH, params, requestedBy: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: created.id, schoolId: input.schoolId, details: { kind: TRANSCRIPT_BATCH, ...params } });
    return created;
  });
  return { job, finished: run(db, actor, origin, job.id, params, options) };
}

const notTranscriptBatch = (kind: string) => new Problem(409, 'not-a-transcript-batch', 'This job is not a transcript batch', `The job is a ${kind}; only a transcript batch is resumed or downloaded here.`);

/** A job silent this long while "running" has lost its process (a crash, a restart). */
const ABANDONED_AFTER_SECONDS = 120;

/** Runs a failed or abandoned batch again: the students it finished are not printed again. */
export async function resumeTranscriptBatch(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, options?: BatchOptions) {
  const job = await batchJob(db, actor.districtId, jobId);
  if (!job) throw notFound('This job');
  if (job.kind !== TRANSCRIPT_BATCH) throw notTranscriptBatch(job.kind);
  const abandoned = job.status === 'running' && Number(job.quiet_seconds) > ABANDONED_AFTER_SECONDS;
  if (job.status !== 'failed' && !abandoned) {
    throw new Problem(409, 'job-not-resumable', 'This job cannot be resumed', `The job is ${job.status}; only a failed job, or one silent for ${ABANDONED_AFTER_SECONDS} seconds while running, is resumed.`);
  }
  await db.transaction().execute(async (trx) => {
    if (!(await reopenJob(trx, actor.districtId, jobId, job.status))) throw new Problem(409, 'job-not-resumable', 'This job was resumed already', 'Someone resumed it a moment ago; follow its progress.');
    await writeAudit(trx, actor, origin, { action: 'resume-job', entity: 'job', entityId: jobId, details: { kind: TRANSCRIPT_BATCH } });
  });
  return { job: { id: jobId, status: 'running' }, finished: run(db, actor, origin, jobId, batchParams.parse(job.params), options) };
}

/** The finished batch's zip, for download; the download of many records is itself audited. */
export async function transcriptBatchFile(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number): Promise<string> {
  const job = await batchJob(db, actor.districtId, jobId);
  if (!job) throw notFound('This job');
  if (job.kind !== TRANSCRIPT_BATCH) throw notTranscriptBatch(job.kind);
  if (job.status !== 'succeeded') throw new Problem(409, 'job-not-finished', 'The batch is not finished', `The job is ${job.status}; its zip can be downloaded when it has succeeded.`);
  await writeAudit(db, actor, origin, { action: 'export', entity: 'transcript-batch', entityId: jobId, details: { kind: TRANSCRIPT_BATCH } });
  return path.join(jobDirectory(actor.districtId, jobId), 'transcripts.zip');
}
