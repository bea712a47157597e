import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, waitForRun, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

/**
 * A small high school to schedule: English 10 in periods 1 and 2, Economics (a semester course
 * a senior needs) only in period 3 of the fall, a 34-seat Art section, and 100 more students.
 */
async function addSchool(handle: DatabaseHandle, world: Awaited<ReturnType<typeof createSmallDistrict>>) {
  const db = handle.db;
  const d = world.districtId;
  const school = world.schools.north;
  const year = (await db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow()).id;
  const s1 = (await db.selectFrom('term').select('id').where('district_id', '=', d).where('code', '=', 'S1').executeTakeFirstOrThrow()).id;
  const { id: s2 } = await db.insertInto('term').values({ district_id: d, school_year_id: year, code: 'S2', name: 'Spring', start_date: '2027-01-25', end_date: '2027-06-10' }).returning('id').executeTakeFirstOrThrow();
  const p1 = (await db.selectFrom('period').select('id').where('district_id', '=', d).where('code', '=', 'P1').executeTakeFirstOrThrow()).id;
  const periods = await db.insertInto('period').values([2, 3].map((n) => ({ district_id: d, school_id: school, code: `P${n}`, name: `Period ${n}`, sort_order: n }))).returning('id').execute();
  const [p2, p3] = periods.map((p) => p.id) as [number, number];
  const courses = await db
    .insertInto('course')
    .values([
      { district_id: d, code: 'ECON', title: 'ECONOMICS', credits: '5', subject: 'social', ag_area: 'g', graduation_tags: ['econ'] },
      { district_id: d, code: 'ART1', title: 'ART 1', credits: '5', subject: 'arts', ag_area: 'f', term_length: 'year' },
    ])
    .returning('id')
    .execute();
  const [econ, art] = courses.map((c) => c.id) as [number, number];
  const section = async (code: string, course: number, capacity: number, meetings: Array<[number, number]>) => {
    const { id } = await db.insertInto('section').values({ district_id: d, school_id: school, school_year_id: year, course_id: course, code, capacity }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('section_meeting').values(meetings.map(([term, period]) => ({ district_id: d, section_id: id, term_id: term, period_id: period }))).execute();
    return id;
  };
  const econSection = await section('ECON-01', econ, 30, [[s1, p3]]);
  const artSection = await section('ART1-01', art, 34, [[s1, p2], [s2, p2]]);
  const english2 = await section('ENG10-03', world.course, 34, [[s1, p2]]);
  const students = await db
    .insertInto('student')
    .values(Array.from({ length: 100 }, (_, i) => ({ district_id: d, local_id: `2${String(i).padStart(3, '0')}`, first_name: `Student${i}`, last_name: 'Walker', birth_date: '2009-01-01', gender: 'X' as const })))
    .returning('id')
    .execute();
  await db.insertInto('enrollment').values(students.map((s) => ({ district_id: d, student_id: s.id, school_id: school, school_year_id: year, grade_level: 12, entry_date: '2026-08-10', entry_code: 'E1' }))).execute();
  // Casey, a senior, needs Economics; Avery wants Art.
  await db
    .insertInto('course_request')
    .values([
      { district_id: d, student_id: world.students.casey, school_id: school, school_year_id: year, course_id: econ, required: true, priority: 1, source: 'graduation-audit', reason: 'missing requirement econ' },
      { district_id: d, student_id: world.students.avery, school_id: school, school_year_id: year, course_id: world.course, required: true, priority: 1, source: 'sequence' },
      { district_id: d, student_id: world.students.avery, school_id: school, school_year_id: year, course_id: art, required: false, priority: 5, source: 'student-choice' },
    ])
    .execute();
  void p1;
  return { econSection, artSection, english2, students: students.map((s) => s.id) };
}

describe.each(testDatabaseKinds())('scheduling on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let school: Awaited<ReturnType<typeof addSchool>>;
  let principal: SignedIn;
  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    school = await addSchool(handle, world);
    principal = await signInAs(app, 'principal');
  });

  const waitFor = (url: string) => waitForRun(app, url, principal.headers);

  it('reports who lacks a required course before the run, and the checks name the crowded course', async () => {
    const report = (await app.inject({ method: 'GET', url: `/api/schools/${world.schools.north}/schedule-report`, headers: principal.headers })).json();
    expect(report.requiredUnmet).toEqual([{ studentId: world.students.casey, course: 'ECON' }]);
    expect(report.studentsWithoutSchedule).toContain(school.students[0]);
    const checks = await app.inject({ method: 'GET', url: `/api/schools/${world.schools.north}/master-schedule/checks`, headers: principal.headers });
    expect(checks.statusCode, checks.body).toBe(200);
  });

  it('runs, previews without changing anything, and commits atomically', async () => {
    const before = await handle.db.selectFrom('section_roster').select(sql<number>`count(*)::int`.as('n')).where('end_date', 'is', null).executeTakeFirstOrThrow();
    const started = await app.inject({ method: 'POST', url: `/api/schools/${world.schools.north}/scheduling-runs`, headers: principal.headers, payload: { timeLimitSeconds: 2 } });
    expect(started.statusCode, started.body).toBe(202);
    const run = await waitFor(started.json().url);
    expect(run.status, run.error).toBe('preview');
    const current = await handle.db.selectFrom('school_year').select('name').where('is_current', '=', true).executeTakeFirstOrThrow();
    expect(run.schoolYear).toBe(current.name);
    expect(run.summary).toMatchObject({ requiredMet: 2, requiredTotal: 2 });
    expect(run.summary).not.toHaveProperty('studentIds');
    const during = await handle.db.selectFrom('section_roster').select(sql<number>`count(*)::int`.as('n')).where('end_date', 'is', null).executeTakeFirstOrThrow();
    expect(during.n).toBe(before.n);
    const committed = await app.inject({ method: 'POST', url: `/api/scheduling-runs/${run.id}/commit`, headers: principal.headers });
    expect(committed.statusCode, committed.body).toBe(200);
    const casey = await handle.db.selectFrom('section_roster').select('section_id').where('student_id', '=', world.students.casey).where('end_date', 'is', null).execute();
    expect(casey.map((r) => r.section_id)).toContain(school.econSection);
    const again = await app.inject({ method: 'POST', url: `/api/scheduling-runs/${run.id}/commit`, headers: principal.headers });
    expect(again.statusCode).toBe(409);
    const after = (await app.inject({ method: 'GET', url: `/api/schools/${world.schools.north}/schedule-report`, headers: principal.headers })).json();
    expect(after.requiredUnmet).toEqual([]);
  });

  it('refuses to commit a preview whose starting schedules changed since', async () => {
    const started = await app.inject({ method: 'POST', url: `/api/schools/${world.schools.north}/scheduling-runs`, headers: principal.headers, payload: { timeLimitSeconds: 1 } });
    const run = await waitFor(started.json().url);
    const counselorChange = await app.inject({
      method: 'POST', url: `/api/students/${school.students[0]}/schedule-changes`, headers: principal.headers,
      payload: { add: [school.artSection], reason: 'walk-in asked for art' },
    });
    expect(counselorChange.statusCode, counselorChange.body).toBe(200);
    const refused = await app.inject({ method: 'POST', url: `/api/scheduling-runs/${run.id}/commit`, headers: principal.headers });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('schedules-changed');
    expect((await app.inject({ method: 'POST', url: `/api/scheduling-runs/${run.id}/discard`, headers: principal.headers })).json().status).toBe('discarded');
    const compared = await app.inject({ method: 'GET', url: `/api/scheduling-runs/${run.id}/compare/${run.id}`, headers: principal.headers });
    expect(compared.statusCode).toBe(409);
    expect(compared.json().code).toBe('run-without-placements');
  });

  it('does not let a run abandoned by a stopped server block the next one', async () => {
    const year = (await handle.db.selectFrom('school_year').select('id').where('is_current', '=', true).executeTakeFirstOrThrow()).id;
    const { id: stale } = await handle.db
      .insertInto('scheduling_run')
      .values({ district_id: world.districtId, school_id: world.schools.north, school_year_id: year, kind: 'students', status: 'running', time_limit_seconds: 30, requested_at: sql<Date>`now() - interval '2 hours'` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const started = await app.inject({ method: 'POST', url: `/api/schools/${world.schools.north}/scheduling-runs`, headers: principal.headers, payload: { timeLimitSeconds: 1 } });
    expect(started.statusCode, started.body).toBe(202);
    const old = (await app.inject({ method: 'GET', url: `/api/scheduling-runs/${stale}`, headers: principal.headers })).json();
    expect(old.status).toBe('failed');
    expect(old.error).toMatch(/Nothing was changed/);
    await waitFor(started.json().url);
  });

  it('shows clashes and seats before a drop/add is saved', async () => {
    const preview = await app.inject({
      method: 'POST', url: `/api/students/${school.students[0]}/schedule-changes`, headers: principal.headers,
      payload: { add: [school.english2], reason: 'check first', dryRun: true },
    });
    expect(preview.json()).toMatchObject({ ok: false, saved: false, clashes: [{ section: 'ENG10-03', with: 'ART1-01', slot: 'S1-P2' }] });
  });

  it('fills a 34-seat section with 34 of 100 parallel adds, never 35', async () => {
    const responses = await Promise.all(
      school.students.map((student) =>
        app.inject({ method: 'POST', url: `/api/students/${student}/schedule-changes`, headers: principal.headers, payload: { add: [school.english2], reason: 'parallel add' } }),
      ),
    );
    const codes = responses.map((r) => r.statusCode);
    const open = await handle.db.selectFrom('section_roster').select(sql<number>`count(*)::int`.as('n')).where('section_id', '=', school.english2).where('end_date', 'is', null).executeTakeFirstOrThrow();
    expect(open.n).toBe(34);
    expect(codes.filter((c) => c === 200)).toHaveLength(34 - 0);
    expect(codes.filter((c) => c === 409).length).toBe(66);
  });

  it('places a walk-in student by their requests without moving anyone else', async () => {
    const { id: walkIn } = await handle.db.insertInto('student').values({ district_id: world.districtId, local_id: '3001', first_name: 'Wren', last_name: 'Newcomer', birth_date: '2009-03-03', gender: 'X' }).returning('id').executeTakeFirstOrThrow();
    const year = (await handle.db.selectFrom('school_year').select('id').where('is_current', '=', true).executeTakeFirstOrThrow()).id;
    await handle.db.insertInto('enrollment').values({ district_id: world.districtId, student_id: walkIn, school_id: world.schools.north, school_year_id: year, grade_level: 12, entry_date: '2026-11-02', entry_code: 'E2' }).execute();
    const econ = (await handle.db.selectFrom('course').select('id').where('code', '=', 'ECON').executeTakeFirstOrThrow()).id;
    await handle.db.insertInto('course_request').values({ district_id: world.districtId, student_id: walkIn, school_id: world.schools.north, school_year_id: year, course_id: econ, required: true, priority: 1, source: 'counselor' }).execute();
    const before = await handle.db.selectFrom('section_roster').select(['id', 'end_date']).orderBy('id').execute();
    const placed = await app.inject({ method: 'POST', url: `/api/students/${walkIn}/placement`, headers: principal.headers, payload: {} });
    expect(placed.statusCode, placed.body).toBe(200);
    expect(placed.json()).toMatchObject({ saved: true, placed: [{ section: 'ECON-01' }], unmet: [] });
    const after = await handle.db.selectFrom('section_roster').select(['id', 'end_date']).orderBy('id').execute();
    expect(after.slice(0, before.length)).toEqual(before);
  });
});
