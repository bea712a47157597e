// The district import through the server: a zip uploaded as the body, a job, its report.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { samplePackage, sampleRows } from '@homeroom/core/formats/oneroster/sample-package';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, waitForRun, type SignedIn } from '../../testing/http.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';
import { writeStoredZip } from './zip-for-tests.ts';

describe.each(testDatabaseKinds())('POST /api/district-imports (%s)', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let admin: SignedIn;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-upload-'));
  const zip = (name: string, pkg = samplePackage()) => {
    const file = path.join(dir, name);
    writeStoredZip(file, [...pkg]);
    return readFileSync(file);
  };

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    await createSmallDistrict(handle.db);
    app = await buildApp({ db: handle.db });
    admin = await signInAs(app, 'admin');
  });
  afterAll(async () => {
    await app.close();
    await handle.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const upload = (body: Buffer, dryRun = false) =>
    app.inject({ method: 'POST', url: `/api/district-imports${dryRun ? '?dryRun=true' : ''}`, headers: { ...admin.headers, 'content-type': 'application/zip' }, payload: body });

  it('runs a refused package as a job whose result is the report', async () => {
    const rows = sampleRows();
    rows.users![0]!.enabledUser = 'TRUE';
    const started = await upload(zip('bad.zip', samplePackage(rows)));
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitForRun(app, started.json().url, admin.headers);
    expect(job.status).toBe('succeeded');
    expect(job.result.status).toBe('refused');
    expect(job.result.problems).toEqual([expect.objectContaining({ file: 'users.csv', row: 2, column: 'enabledUser', code: 'invalid-boolean' })]);
  });

  it('imports into the administrator\'s district, then a second upload changes nothing', async () => {
    const first = await waitForRun(app, (await upload(zip('good.zip'))).json().url, admin.headers);
    expect(first.result.status).toBe('imported');
    expect(first.progress).toBe(1);
    const second = await waitForRun(app, (await upload(zip('good.zip'))).json().url, admin.headers);
    const counts = Object.values(second.result.counts) as { rows: number; unchanged: number }[];
    expect(counts.every((c) => c.unchanged === c.rows)).toBe(true);
    const districts = await handle.db.selectFrom('district').select('code').execute();
    expect(districts).toHaveLength(1);
  });

  it('asks for the package when the body is missing', async () => {
    const response = await app.inject({ method: 'POST', url: '/api/district-imports', headers: admin.headers });
    expect(response.statusCode).toBe(400);
    expect(response.json().code).toBe('package-required');
  });
});
