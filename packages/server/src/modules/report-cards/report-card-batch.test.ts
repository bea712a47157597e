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
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { withTestApp } from '../../testing/test-app.ts';
import { unzip } from '../../testing/zip.ts';
import { resumeReportCardBatch, startReportCardBatch } from './report-card-batch.ts';

describe.each(testDatabaseKinds())('the report-card batch on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let principal: SignedIn;
  let directory: string;
  let north: number[];
  const saved = process.env.HOMEROOM_DOCUMENTS_DIR;
  const waitFor = async (jobId: number, who: SignedIn = principal) => {
    for (;;) {
      const job = (await app.inject({ method: 'GET', url: `/api/jobs/report-card-batches/${jobId}`, headers: who.headers })).json();
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    directory = await mkdtemp(path.join(tmpdir(), 'homeroom-report-cards-test-'));
    process.env.HOMEROOM_DOCUMENTS_DIR = directory;
    const d = world.districtId;
    await handle.db
      .insertInto('mark')
      .values([
        { district_id: d, student_id: world.students.avery, section_id: world.sections.taught, grading_period_id: world.gradingPeriods.progress, mark: 'A-', comment: 'Leads the lab group' },
        { district_id: d, student_id: world.students.blake, section_id: world.sections.taught, grading_period_id: world.gradingPeriods.progress, mark: 'C+', comment: null },
      ])
      .execute();
    // Devon left North for South during the progress period: South prints his card.
    north = [world.students.avery, world.students.blake, world.students.casey].sort((a, b) => a - b);
    principal = await signInAs(app, 'principal');
  });
  afterAll(async () => {
    process.env.HOMEROOM_DOCUMENTS_DIR = saved;
    await rm(directory, { recursive: true, force: true });
  });

  it("prints one report card per student enrolled at the principal's school at the end of the period, with the marks, into a zip", async () => {
    const started = await app.inject({ method: 'POST', url: '/api/jobs/report-card-batches', headers: principal.headers, payload: { schoolId: world.schools.north, gradingPeriodId: world.gradingPeriods.progress } });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json().url).toBe(`/api/jobs/report-card-batches/${started.json().jobId}`);
    const job = await waitFor(started.json().jobId);
    expect(job.status, job.error).toBe('succeeded');
    expect(job.result).toMatchObject({ students: north.length, documents: north.length, resumedAfter: 0 });
    const download = await app.inject({ method: 'GET', url: `/api/jobs/report-card-batches/${job.id}/report-cards.zip`, headers: principal.headers });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    const files = await unzip(download.rawPayload);
    expect(files.size).toBe(north.length);
    expect([...files.keys()]).toContain('1001 Avery Stone.pdf');
    expect([...files.keys()].some((name) => name.includes('Devon'))).toBe(false);
    const text = (await pdfLines(files.get('1001 Avery Stone.pdf')!)).flat().map((l) => l.join(' ')).join('\n');
    expect(text).toContain('Report Card: Fall progress report');
    expect(text).toMatch(/Teach, Terry A-/);
    expect(text).toContain('Leads the lab group');
    const blake = (await pdfLines(files.get('1002 Blake Rivers.pdf')!)).flat().map((l) => l.join(' ')).join('\n');
    expect(blake).toContain('C+');
    const audited = await handle.db.selectFrom('audit_event').select('student_ids').where('entity', '=', 'report-card').where('action', '=', 'export').where('entity_id', '=', String(job.id)).execute();
    expect(audited.flatMap((a) => (a.student_ids ?? []).map(Number)).sort((a, b) => a - b)).toEqual(north);
  });

  it('is scoped to the school: another principal is refused, a teacher may not start one, a grade narrows it', async () => {
    const south = await signInAs(app, 'south-principal');
    const body = { schoolId: world.schools.north, gradingPeriodId: world.gradingPeriods.progress };
    expect((await app.inject({ method: 'POST', url: '/api/jobs/report-card-batches', headers: south.headers, payload: body })).statusCode).toBe(404);
    const teacher = await signInAs(app, 'teacher');
    expect((await app.inject({ method: 'POST', url: '/api/jobs/report-card-batches', headers: teacher.headers, payload: body })).statusCode).toBe(403);
    const started = await app.inject({ method: 'POST', url: '/api/jobs/report-card-batches', headers: principal.headers, payload: { ...body, grade: 3 } });
    expect(started.statusCode, started.body).toBe(202);
    const job = await waitFor(started.json().jobId);
    expect(job.result).toMatchObject({ students: 0, documents: 0 });
    expect((await app.inject({ method: 'GET', url: `/api/jobs/report-card-batches/${job.id}/report-cards.zip`, headers: south.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: `/api/jobs/report-card-batches/${job.id}`, headers: south.headers })).statusCode).toBe(404);
    const otherSection = await app.inject({ method: 'POST', url: '/api/jobs/report-card-batches', headers: principal.headers, payload: { ...body, sectionId: world.sections.south } });
    expect(otherSection.statusCode).toBe(404);
  });

  it('resumes after a crash without printing a finished student again', async () => {
    const actor = (await loadActor(handle.db, world.districtId, world.users.principal!))!;
    const origin = { ip: null };
    const printed: number[] = [];
    const crash = (volume: number) => {
      if (volume === 1) throw new Error('the server stopped');
    };
    const input = { schoolId: world.schools.north, gradingPeriodId: world.gradingPeriods.progress };
    const { job, finished } = await startReportCardBatch(handle.db, actor, origin, input, { volumeSize: 1, afterVolume: crash, onDocument: (id) => printed.push(id), layoutWorkers: 0 });
    await finished;
    expect((await waitFor(job.id)).status).toBe('failed');
    expect(printed).toHaveLength(1);
    const again: number[] = [];
    await (await resumeReportCardBatch(handle.db, actor, origin, job.id, { volumeSize: 1, onDocument: (id) => again.push(id), layoutWorkers: 0 })).finished;
    const done = await waitFor(job.id);
    expect(done.status, done.error).toBe('succeeded');
    expect(again).not.toContain(printed[0]);
    expect([...printed, ...again].sort()).toEqual(north);
    expect(done.result).toMatchObject({ students: north.length, documents: north.length, resumedAfter: 1 });
  });
});
