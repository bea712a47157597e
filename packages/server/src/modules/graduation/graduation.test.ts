import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe.each(testDatabaseKinds())('graduation audits and course requests on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let principal: SignedIn;
  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    const d = world.districtId;
    // Economics, the one course Casey (a senior) still lacks among these, and American literature after English 10.
    const courses = await handle.db
      .insertInto('course')
      .values([
        { district_id: d, code: '250101', title: 'ECONOMICS', credits: '5', subject: 'social', ag_area: 'g', graduation_tags: ['econ'], low_grade: 12, high_grade: 12 },
        { district_id: d, code: '230202', title: 'ENGLISH 10B', credits: '5', subject: 'english', ag_area: 'b' },
        { district_id: d, code: '230301', title: 'AMERICAN LITERATURE A', credits: '5', subject: 'english', ag_area: 'b', low_grade: 11, high_grade: 11 },
      ])
      .returning(['id', 'code'])
      .execute();
    const id = (code: string) => courses.find((c) => c.code === code)!.id;
    await handle.db.updateTable('course').set({ next_semester_course_id: id('230202') }).where('id', '=', world.course).execute();
    await handle.db.insertInto('course_sequence').values({ district_id: d, from_course_id: id('230202'), to_course_id: id('230301') }).execute();
    principal = await signInAs(app, 'principal');
  });

  it('audits a student with the requirement set of their cohort, with what is missing', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/students/${world.students.casey}/graduation-audit`, headers: principal.headers });
    expect(response.statusCode, response.body).toBe(200);
    const { audit, summary } = response.json();
    expect(audit.format).toBe('homeroom.audit/v1');
    expect(audit.requirementSet).toBe('lausd-2027');
    expect(summary.diplomaMet).toBe(false);
    expect(summary.missing.map((m: { requirement: string }) => m.requirement)).toContain('econ');
  });

  it('proposes Economics for a senior who lacks it, as required, and saves it in place of earlier proposals', async () => {
    const url = `/api/students/${world.students.casey}/course-requests/generate`;
    const preview = (await app.inject({ method: 'POST', url, headers: principal.headers, payload: { dryRun: true } })).json();
    expect(preview.saved).toBe(false);
    expect(preview.proposals.find((p: { course: string }) => p.course === '250101')).toMatchObject({ required: true, source: 'graduation-audit' });
    const saved = await app.inject({ method: 'POST', url, headers: principal.headers, payload: {} });
    expect(saved.statusCode, saved.body).toBe(200);
    const list = (await app.inject({ method: 'GET', url: `/api/students/${world.students.casey}/course-requests`, headers: principal.headers })).json();
    expect(list.schoolYear).toBe('2027-28');
    expect(list.items.find((i: { course: string }) => i.course === '250101')).toMatchObject({ required: true, source: 'graduation-audit' });
    // Casey passed English 9A with a B: it is never requested again.
    expect(list.items.map((i: { course: string }) => i.course)).not.toContain('230101');
  });

  it('lets a counselor change a request with If-Match, and refuses a stale one', async () => {
    const list = (await app.inject({ method: 'GET', url: `/api/students/${world.students.casey}/course-requests`, headers: principal.headers })).json();
    const request = list.items[0];
    const url = `/api/students/${world.students.casey}/course-requests/${request.id}`;
    const first = await app.inject({ method: 'PATCH', url, headers: { ...principal.headers, 'if-match': `"${request.version}"` }, payload: { priority: 2, reason: 'student asked for a later period' } });
    expect(first.statusCode, first.body).toBe(200);
    const stale = await app.inject({ method: 'PATCH', url, headers: { ...principal.headers, 'if-match': `"${request.version}"` }, payload: { priority: 3, reason: 'second edit from an old page' } });
    expect(stale.statusCode).toBe(412);
  });

  it('lists seniors who cannot graduate on their current schedule, with what they miss', async () => {
    const response = await app.inject({ method: 'GET', url: `/api/schools/${world.schools.north}/graduation-lists?list=seniors-at-risk`, headers: principal.headers });
    expect(response.statusCode, response.body).toBe(200);
    const casey = response.json().items.find((i: { studentId: number }) => i.studentId === world.students.casey);
    expect(casey.missing.map((m: { requirement: string }) => m.requirement)).toContain('econ');
  });

  it('generates requests for a whole school as a job', async () => {
    const admin = await signInAs(app, 'admin');
    const started = await app.inject({ method: 'POST', url: `/api/schools/${world.schools.north}/course-requests/generate`, headers: admin.headers, payload: {} });
    expect(started.statusCode, started.body).toBe(202);
    let job = { status: 'queued', result: null as null | { students: number } , error: null };
    for (let i = 0; i < 100 && (job.status === 'queued' || job.status === 'running'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      job = (await app.inject({ method: 'GET', url: started.json().url, headers: admin.headers })).json();
    }
    expect(job.status, String(job.error)).toBe('succeeded');
    expect(job.result!.students).toBeGreaterThan(0);
  });
});
