// The OneRoster export as a job on the queue, and its download by a district administrator.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { JOB_QUEUE_NAME, pgBossJobQueue, startPgBoss, workJobs } from '../../jobs/queue.ts';
import { signInAs, waitForRun, type SignedIn } from '../../testing/http.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';
import { readDistrictPackage } from '../district-import/read-package.ts';
import { bindingProblems } from './binding-validator.ts';

describe.each(testDatabaseKinds())('POST /api/oneroster-exports (%s)', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let admin: SignedIn;
  const documents = mkdtempSync(path.join(os.tmpdir(), 'homeroom-exports-'));
  const previous = process.env.HOMEROOM_DOCUMENTS_DIR;

  beforeAll(async () => {
    process.env.HOMEROOM_DOCUMENTS_DIR = documents;
    handle = await openTestDatabase(kind);
    await createSmallDistrict(handle.db);
    app = await buildApp({ db: handle.db });
    admin = await signInAs(app, 'admin');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
    if (previous === undefined) delete process.env.HOMEROOM_DOCUMENTS_DIR;
    else process.env.HOMEROOM_DOCUMENTS_DIR = previous;
    rmSync(documents, { recursive: true, force: true });
  });

  const start = (body: unknown, headers = admin.headers) => app.inject({ method: 'POST', url: '/api/oneroster-exports', headers, payload: body as object });

  it('runs as a job that writes the package under the documents folder, downloaded valid under the binding and audited', async () => {
    const started = await start({});
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitForRun(app, started.json().url, admin.headers);
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.kind).toBe('oneroster-export');
    expect(job.progress).toBe(1);
    expect(job.result.schoolYear).toBe('2026-27');
    expect(job.result.files['users.csv']).toBeGreaterThan(4);
    const district = await handle.db.selectFrom('district').select('id').executeTakeFirstOrThrow();
    expect(existsSync(path.join(documents, 'exports', `district-${district.id}`, `oneroster-${job.id}.zip`))).toBe(true);

    const download = await app.inject({ method: 'GET', url: `/api/oneroster-exports/${job.id}/oneroster.zip`, headers: admin.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    const file = path.join(documents, 'downloaded.zip');
    writeFileSync(file, download.rawPayload);
    const { files, problems } = await readDistrictPackage(file);
    expect(problems).toEqual([]);
    const texts = new Map(files.map((f) => [f.name, typeof f.text === 'string' ? f.text : [...f.text].join('')]));
    expect(bindingProblems(texts)).toEqual([]);

    const audited = await handle.db.selectFrom('audit_event').select(['action', 'entity']).where('entity_id', '=', job.id).where('entity', 'in', ['job', 'oneroster-export']).orderBy('id').execute();
    expect(audited).toEqual([{ action: 'start-job', entity: 'job' }, { action: 'export', entity: 'oneroster-export' }]);
  });

  it('refuses a school year the district does not have, and makes no job', async () => {
    const before = await handle.db.selectFrom('job').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const refused = await start({ schoolYear: '1999-00' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('unknown-school-year');
    const after = await handle.db.selectFrom('job').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('is for district administrators only, and downloads only an export', async () => {
    const principal = await signInAs(app, 'principal');
    expect((await start({}, principal.headers)).statusCode).toBe(403);
    const recompute = await app.inject({ method: 'POST', url: '/api/jobs/gpa-recompute', headers: admin.headers });
    const other = await waitForRun(app, recompute.json().url, admin.headers);
    const refused = await app.inject({ method: 'GET', url: `/api/oneroster-exports/${other.id}/oneroster.zip`, headers: admin.headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('not-a-oneroster-export');
  });
});

describe.skipIf(!process.env.DATABASE_URL)('the OneRoster export on the pg-boss queue (PostgreSQL)', () => {
  it('is queued by the server and written by a worker, as the other jobs are', async () => {
    const documents = mkdtempSync(path.join(os.tmpdir(), 'homeroom-exports-boss-'));
    const previous = process.env.HOMEROOM_DOCUMENTS_DIR;
    process.env.HOMEROOM_DOCUMENTS_DIR = documents;
    const handle = await openTestDatabase('postgres');
    const url = (handle.target as { url: string }).url;
    const boss = await startPgBoss({ url, maintenanceIntervalSeconds: 1 }, { supervise: false });
    const worker = await startPgBoss({ url, maintenanceIntervalSeconds: 1 }, { supervise: true });
    const app = await buildApp({ db: handle.db, jobs: pgBossJobQueue(boss) });
    try {
      await createSmallDistrict(handle.db);
      const admin = await signInAs(app, 'admin');
      const started = await app.inject({ method: 'POST', url: '/api/oneroster-exports', headers: admin.headers, payload: {} });
      expect(started.statusCode, started.body).toBe(202);
      const queued = await boss.getQueueSize(JOB_QUEUE_NAME);
      expect(queued).toBe(1);
      await workJobs(worker, handle.db, { pollingIntervalSeconds: 0.5 });
      const job = await waitForRun(app, started.json().url, admin.headers);
      expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
      const download = await app.inject({ method: 'GET', url: `/api/oneroster-exports/${job.id}/oneroster.zip`, headers: admin.headers });
      expect(download.statusCode).toBe(200);
      expect(download.rawPayload.subarray(0, 2).toString()).toBe('PK');
    } finally {
      await app.close();
      await worker.stop({ graceful: false, wait: true, close: true });
      await boss.stop({ graceful: false, wait: true, close: true });
      await handle.close();
      if (previous === undefined) delete process.env.HOMEROOM_DOCUMENTS_DIR;
      else process.env.HOMEROOM_DOCUMENTS_DIR = previous;
      rmSync(documents, { recursive: true, force: true });
    }
  });
});
