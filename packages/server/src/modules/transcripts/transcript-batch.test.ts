import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../../auth/sessions.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { pdfLines } from '../../pdf/extract-text.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { unzip } from '../../testing/zip.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { resumeTranscriptBatch, startTranscriptBatch } from './transcript-batch.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe.each(testDatabaseKinds())('the transcript batch on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let admin: SignedIn;
  let directory: string;
  const saved = process.env.HOMEROOM_DOCUMENTS_DIR;
  const waitFor = async (jobId: number) => {
    for (;;) {
      const job = (await app.inject({ method: 'GET', url: `/api/jobs/${jobId}`, headers: admin.headers })).json();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);    directory = await mkdtemp(path.join(tmpdir(), 'homeroom-batch-test-'));
    process.env.HOMEROOM_DOCUMENTS_DIR = directory;
    // Everyone is a senior, so that the batch has four students.
    await handle.db.updateTable('enrollment').set({ grade_level: 12 }).where('district_id', '=', world.districtId).execute();
    admin = await signInAs(app, 'admin');
  });
  afterAll(async () => {
    process.env.HOMEROOM_DOCUMENTS_DIR = saved;
    await rm(directory, { recursive: true, force: true });
  });

  it('prints every senior into a zip as a job, downloaded when done', async () => {
    const started = await app.inject({ method: 'POST', url: '/api/jobs/transcript-batches', headers: admin.headers, payload: {} });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitFor(started.json().jobId);
    expect(job.status, job.error).toBe('succeeded');
    expect(job.result).toMatchObject({ students: 4, documents: 4, resumedAfter: 0 });
    const download = await app.inject({ method: 'GET', url: `/api/jobs/transcript-batches/${job.id}/transcripts.zip`, headers: admin.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    const files = await unzip(download.rawPayload);
    expect([...files.keys()].sort()).toEqual(['1001 Avery Stone.pdf', '1002 Blake Rivers.pdf', '1003 Casey Meadows.pdf', '1004 Devon Hart.pdf']);
    const text = (await pdfLines(files.get('1002 Blake Rivers.pdf')!)).flat().map((l) => l.join(' ')).join('\n');
    expect(text).toContain('Student: Blake Rivers');
    const principal = await signInAs(app, 'principal');
    expect((await app.inject({ method: 'GET', url: `/api/jobs/transcript-batches/${job.id}/transcripts.zip`, headers: principal.headers })).statusCode).toBe(403);
  });

  it('resumes after a crash without printing a finished student again', async () => {
    const actor = (await loadActor(handle.db, world.districtId, world.users.admin!))!;
    const origin = { ip: null };
    const printed: number[] = [];
    const crash = (volume: number) => {
      if (volume === 2) throw new Error('the server stopped');
    };
    const { job, finished } = await startTranscriptBatch(handle.db, actor, origin, { grade: 12, schoolId: null }, { volumeSize: 1, afterVolume: crash, onDocument: (id) => printed.push(id) });
    await finished;
    expect((await waitFor(job.id)).status).toBe('failed');
    expect(printed).toHaveLength(2);
    const again: number[] = [];
    const resumed = await resumeTranscriptBatch(handle.db, actor, origin, job.id, { volumeSize: 1, onDocument: (id) => again.push(id) });
    await resumed.finished;
    const done = await waitFor(job.id);
    expect(done.status, done.error).toBe('succeeded');
    expect(again.filter((id) => printed.includes(id))).toEqual([]);
    expect([...printed, ...again].sort()).toEqual(Object.values(world.students).sort());
    expect(done.result).toMatchObject({ students: 4, documents: 4, volumes: 4, resumedAfter: 2 });
    const download = await app.inject({ method: 'GET', url: `/api/jobs/transcript-batches/${job.id}/transcripts.zip`, headers: admin.headers });
    expect((await unzip(download.rawPayload)).size).toBe(4);
    const resumeAgain = await app.inject({ method: 'POST', url: `/api/jobs/transcript-batches/${job.id}/resume`, headers: admin.headers });
    expect(resumeAgain.statusCode).toBe(409);
  });
});
