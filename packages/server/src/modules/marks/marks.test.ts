import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe.each(testDatabaseKinds())('marks on the %s database', (kind) => {
  const t = withTestApp(kind);
  let teacher: SignedIn;
  const url = (period: number, suffix = '') => `/api/sections/${t.world.section}/marks/${period}${suffix}`;
  beforeAll(async () => {
    teacher = await signInAs(t.app, 'teacher');
  });
  it('lists everyone who was in the section during the grading period, including a student who left', async () => {
    const response = await t.app.inject({ method: 'GET', url: url(t.world.gradingPeriods.progress), headers: teacher.headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().students.map((s: { name: { first: string } }) => s.name.first)).toEqual(['Casey', 'Blake', 'Avery']);
  });

  it('enters marks, refuses students not in the section, and needs a reason for a late change', async () => {
    const { avery, blake, devon } = t.world.students;
    const bad = await t.app.inject({ method: 'PUT', url: url(t.world.gradingPeriods.progress), headers: teacher.headers, payload: { marks: [{ studentId: avery, mark: 'A' }, { studentId: devon, mark: 'B' }] } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors).toEqual([{ field: 'body.marks.1.studentId', message: expect.stringContaining(`student ${devon} is not in this section`) }]);
    expect(await t.db.selectFrom('mark').select('id').execute()).toEqual([]);
    const first = await t.app.inject({ method: 'PUT', url: url(t.world.gradingPeriods.progress), headers: teacher.headers, payload: { marks: [{ studentId: avery, mark: 'A' }, { studentId: blake, mark: 'C', comment: 'missing two essays' }] } });
    expect(first.json()).toMatchObject({ entered: 2, changed: 0 });
    // The progress report was due 2026-10-14: a change now needs its reason.
    const late = await t.app.inject({ method: 'PUT', url: url(t.world.gradingPeriods.progress), headers: teacher.headers, payload: { marks: [{ studentId: blake, mark: 'B', comment: 'essays turned in' }] } });
    expect(late.statusCode).toBe(400);
    expect(late.json().code).toBe('reason-required');
    const withReason = await t.app.inject({ method: 'PUT', url: url(t.world.gradingPeriods.progress), headers: teacher.headers, payload: { marks: [{ studentId: blake, mark: 'B', comment: 'essays turned in' }], reason: 'late work accepted per policy' } });
    expect(withReason.json()).toMatchObject({ entered: 0, changed: 1 });
    const history = await t.db.selectFrom('mark').select(['mark', 'supersedes_id', 'reason']).where('student_id', '=', blake).orderBy('id').execute();
    expect(history).toEqual([
      { mark: 'C', supersedes_id: null, reason: null },
      { mark: 'B', supersedes_id: expect.any(Number), reason: 'late work accepted per policy' },
    ]);
  });

  it('posts final marks to the transcript once, copying the course, and keeps posted marks from changing here', async () => {
    const { avery, blake } = t.world.students;
    await t.app.inject({ method: 'PUT', url: url(t.world.gradingPeriods.final), headers: teacher.headers, payload: { marks: [{ studentId: avery, mark: 'A-' }, { studentId: blake, mark: 'B+' }] } });
    const refused = await t.app.inject({ method: 'POST', url: url(t.world.gradingPeriods.progress, '/post'), headers: teacher.headers });
    expect(refused.statusCode).toBe(409);
    const posted = await t.app.inject({ method: 'POST', url: url(t.world.gradingPeriods.final, '/post'), headers: teacher.headers });
    expect(posted.statusCode, posted.body).toBe(200);
    expect(posted.json()).toMatchObject({ posted: 2, alreadyPosted: 0, missingMarks: [{ name: 'Casey Meadows' }] });
    const again = await t.app.inject({ method: 'POST', url: url(t.world.gradingPeriods.final, '/post'), headers: teacher.headers });
    expect(again.json()).toMatchObject({ posted: 0, alreadyPosted: 2 });
    const entry = await t.db.selectFrom('transcript_entry').select(['course_code', 'mark', 'credits', 'ag_area', 'grade_level', 'school_year', 'term', 'source']).where('student_id', '=', avery).where('source', '=', 'posted').executeTakeFirstOrThrow();
    expect(entry).toMatchObject({ course_code: '230201', mark: 'A-', ag_area: 'b', grade_level: 10, school_year: '2026-27', term: 'S1', source: 'posted' });
    expect(Number(entry.credits)).toBe(5);
    const change = await t.app.inject({ method: 'PUT', url: url(t.world.gradingPeriods.final), headers: teacher.headers, payload: { marks: [{ studentId: avery, mark: 'B' }], reason: 'recalculated' } });
    expect(change.statusCode).toBe(400);
    expect(change.json().detail).toMatch(/already on the transcript: a counselor corrects it there/);
    const gpa = await t.db.selectFrom('student_gpa').select(['district_points', 'district_count']).where('student_id', '=', avery).executeTakeFirstOrThrow();
    expect(gpa).toEqual({ district_points: 7, district_count: 2 });
  });
});
