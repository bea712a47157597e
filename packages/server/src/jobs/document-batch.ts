import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { writeAudit, writeAuditForStudents, type RequestOrigin } from '../audit/audit.repository.ts';
import type { Actor } from '../auth/roles.ts';
import type { Database } from '../db/schema.ts';
import { Problem, notFound } from '../http/problem.ts';
import type { BatchDocument } from '../pdf/batch-document.ts';
import { LayoutPool } from '../pdf/layout-pool.ts';
import { batchJob, finishedStudents, recordFinishedVolume } from './document-batch.repository.ts';
import { findJob } from './jobs.repository.ts';
import { createJob, reopenJob, runJob, type JobProgress } from './jobs.ts';
import { joinVolumes, ZipVolumeWriter } from './zip-volumes.ts';

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

/** One student's document of a batch, with the student's ID and name for its file name in the zip. */
export interface BatchEntry {
  localId: string;
  name: string;
  document: BatchDocument;
}

/**
 * What a kind of batch prints: the job kind, the audited entity of each document, the zip's name,
 * the students it chose (from the parameters the job remembers), and their documents, read for a
 * chunk of students in their order.
 */
export interface DocumentBatchKind<P> {
  jobKind: string;
  /** The school's words for the documents, for messages: "transcript batch". */
  noun: string;
  entity: string;
  zipName: string;
  parse: (params: unknown) => P;
  students: (db: Kysely<Database>, districtId: number, params: P) => Promise<number[]>;
  /** Readies what every chunk's read shares (the district's letterhead, grading scales), once a run. */
  reader: (db: Kysely<Database>, districtId: number, params: P) => Promise<(ids: number[]) => Promise<BatchEntry[]>>;
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
 * Writes the document of every student of the batch into the job's zip, volume by volume,
 * skipping the students an earlier run of the same job finished. Each closed volume and the
 * export audit row of its students are recorded in one transaction. When every student is done
 * the volumes are joined into the one zip the download gives.
 */
export async function writeDocumentBatch<P>(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, batch: DocumentBatchKind<P>, params: P, progress: JobProgress, options: BatchOptions = {}) {
  const districtId = actor.districtId;
  const directory = jobDirectory(districtId, jobId);
  await mkdir(directory, { recursive: true });
  const students = await batch.students(db, districtId, params);
  const finished = await finishedStudents(db, districtId, jobId);
  const remaining = students.filter((id) => !finished.students.has(id));
  const read = await batch.reader(db, districtId, params);
  const size = options.volumeSize ?? 500;
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
        const entries = await next;
        if (chunk + READ_CHUNK < ids.length) {
          next = read(ids.slice(chunk + READ_CHUNK, chunk + 2 * READ_CHUNK));
          // A failure is reported where it is awaited, not as an unhandled rejection meanwhile.
          next.catch(() => undefined);
        }
        for (const [i, entry] of entries.entries()) {
          const pdf = pool.render(entry.document);
          pdf.catch(() => undefined);
          pending.push({ studentId: ids[chunk + i]!, name: fileName(entry.localId, entry.name), pdf });
          if (pending.length >= inFlight) await writeOldest();
        }
      }
      while (pending.length) await writeOldest();
      await writer.close();
      await db.transaction().execute(async (trx) => {
        await recordFinishedVolume(trx, districtId, jobId, volume, ids);
        await writeAuditForStudents(trx, actor, origin, { action: 'export', entity: batch.entity, entityId: jobId, details: { form: 'pdf', job: jobId, volume } }, ids);
      });
      await options.afterVolume?.(volume);
    }
  } finally {
    await pool.close();
  }
  const volumes = (await finishedStudents(db, districtId, jobId)).volumes;
  const documents = await joinVolumes(volumes.map((v) => volumePath(directory, v)), path.join(directory, batch.zipName));
  return { students: students.length, documents, volumes: volumes.length, resumedAfter: students.length - remaining.length };
}

function run<P>(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, batch: DocumentBatchKind<P>, params: P, options?: BatchOptions): Promise<void> {
  return runJob(db, actor.districtId, jobId, (progress) => writeDocumentBatch(db, actor, origin, jobId, batch, params, progress, options));
}

/** Starts the batch as a background job: created and audited together, then run. Resolves when the job is queued; `finished` when it ends. */
export async function startDocumentBatch<P extends Record<string, unknown>>(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, batch: DocumentBatchKind<P>, params: P, schoolId: number | null, options?: BatchOptions) {
  const job = await db.transaction().execute(async (trx) => {
    const created = await createJob(trx, { districtId: actor.districtId, kind: batch.jobKind, params, requestedBy: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: created.id, schoolId, details: { kind: batch.jobKind, ...params } });
    return created;
  });
  return { job, finished: run(db, actor, origin, job.id, batch, params, options) };
}

/** A job silent this long while "running" has lost its process (a crash, a restart). */
const ABANDONED_AFTER_SECONDS = 120;

/**
 * The job of this kind, if the actor may reach it: `allowed` sees the parameters it remembers
 * (a school's batch belongs to that school's staff); another kind, or a job out of reach, is not found.
 */
async function reachableJob<P>(db: Kysely<Database>, actor: Actor, jobId: number, batch: DocumentBatchKind<P>, allowed: (params: P) => boolean) {
  const job = await batchJob(db, actor.districtId, jobId);
  if (!job) throw notFound('This job');
  if (job.kind !== batch.jobKind) throw new Problem(409, 'not-a-document-batch', `This job is not a ${batch.noun}`, `The job is a ${job.kind}; only a ${batch.noun} is resumed or downloaded here.`);
  const params = batch.parse(job.params);
  if (!allowed(params)) throw notFound('This job');
  return { job, params };
}

/** Runs a failed or abandoned batch again: the students it finished are not printed again. */
export async function resumeDocumentBatch<P>(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, batch: DocumentBatchKind<P>, allowed: (params: P) => boolean = () => true, options?: BatchOptions) {
  const { job, params } = await reachableJob(db, actor, jobId, batch, allowed);
  const abandoned = job.status === 'running' && Number(job.quiet_seconds) > ABANDONED_AFTER_SECONDS;
  if (job.status !== 'failed' && !abandoned) {
    throw new Problem(409, 'job-not-resumable', 'This job cannot be resumed', `The job is ${job.status}; only a failed job, or one silent for ${ABANDONED_AFTER_SECONDS} seconds while running, is resumed.`);
  }
  await db.transaction().execute(async (trx) => {
    if (!(await reopenJob(trx, actor.districtId, jobId, job.status))) throw new Problem(409, 'job-not-resumable', 'This job was resumed already', 'Someone resumed it a moment ago; follow its progress.');
    await writeAudit(trx, actor, origin, { action: 'resume-job', entity: 'job', entityId: jobId, details: { kind: batch.jobKind } });
  });
  return { job: { id: jobId, status: 'running' }, finished: run(db, actor, origin, jobId, batch, params, options) };
}

/** The finished batch's zip, for download; the download of many records is itself audited. */
export async function documentBatchFile<P>(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, jobId: number, batch: DocumentBatchKind<P>, allowed: (params: P) => boolean = () => true): Promise<string> {
  const { job } = await reachableJob(db, actor, jobId, batch, allowed);
  if (job.status !== 'succeeded') throw new Problem(409, 'job-not-finished', 'The batch is not finished', `The job is ${job.status}; its zip can be downloaded when it has succeeded.`);
  await writeAudit(db, actor, origin, { action: 'export', entity: `${batch.entity}-batch`, entityId: jobId, details: { kind: batch.jobKind } });
  return path.join(jobDirectory(actor.districtId, jobId), batch.zipName);
}

/** The batch's status and progress, for those who may download it (who may not see every job of the district). */
export async function viewDocumentBatch<P>(db: Kysely<Database>, actor: Actor, jobId: number, batch: DocumentBatchKind<P>, allowed: (params: P) => boolean) {
  await reachableJob(db, actor, jobId, batch, allowed);
  const job = (await findJob(db, actor.districtId, jobId))!;
  return { ...job, requested_at: job.requested_at.toISOString(), started_at: job.started_at?.toISOString() ?? null, finished_at: job.finished_at?.toISOString() ?? null };
}
