// The district import through the server: the package is uploaded as the request body (a zip,
// streamed to disk, never held in memory), imported as a background job whose result is the
// report (homeroom.import-report/v1), read at /api/jobs/{jobId}.
import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable} from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import { writeAudit, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { createJob, runJob } from '../../jobs/jobs.ts';
import { importDistrict } from './import-district.ts';
import { readDistrictPackage } from './read-package.ts';

/** The largest package accepted: LAUSD's compressed package is well under this. */
export const UPLOAD_LIMIT = 4 * 1024 * 1024 * 1024;
const STEPS = ['checking', 'writing', 'orgs.csv', 'academicSessions.csv', 'courses.csv', 'classes.csv', 'users.csv', 'roles.csv', 'enrollments.csv', 'homeroom-transcripts.jsonl', 'homeroom-programs.csv', 'done'];

function uploadTooLarge(): Problem {
  return new Problem(413, 'package-too-large', 'Package too large', `A district package may be at most ${UPLOAD_LIMIT} bytes.`);
}

/** Streams the request body to a file, stopping at the limit. */
async function saveUpload(body: Readable, file: string): Promise<void> {
  let size = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > UPLOAD_LIMIT) done(uploadTooLarge());
      else done(null, chunk);
    },
  });
  await pipeline(body, limit, createWriteStream(file));
  if (size === 0) throw new Problem(400, 'package-required', 'Package required', 'Send the district package (a .zip) as the request body, with Content-Type application/zip.');
}

/**
 * Saves the uploaded package to disk and starts its import as a job, created and audited together;
 * the job reads the package from disk and removes it when done, whatever the outcome.
 */
export async function startDistrictImport(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, upload: Readable, dryRun: boolean) {
  const dir = path.join(os.tmpdir(), 'homeroom-district-imports');
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${randomUUID()}.zip`);
  try {
    await saveUpload(upload, file);
  } catch (error) {
    await rm(file, { force: true });
    throw error;
  }
  const job = await db.transaction().execute(async (trx) => {
    const created = await createJob(trx, { districtId: actor.districtId, kind: 'district-import', params: { dryRun }, requestedBy: actor.userId });
    await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: created.id, details: { kind: 'district-import', dryRun } });
    return created;
  });
  void runJob(db, actor.districtId, job.id, async (progress) => {
    try {
      const pkg = await readDistrictPackage(file);
      const report = await importDistrict(db, {
        files: pkg.files, readProblems: pkg.problems, dryRun, districtId: actor.districtId,
        onProgress: (step) => void progress(Math.max(0, STEPS.indexOf(step)) / (STEPS.length - 1)).catch(() => undefined),
      });
      return { ...report };
    } finally {
      await rm(file, { force: true });
    }
  }).catch(() => undefined);
  return job;
}
