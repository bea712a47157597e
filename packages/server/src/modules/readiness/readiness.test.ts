import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { putRightAndRecordEvidence, READINESS_DAY, seniorInPassedCourse } from '../../testing/readiness-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

type Check = { id: string; status: string; figure: number | null; threshold: number; evidence: Array<{ school?: string; student?: string; section?: string; detail?: string; ref?: { studentId?: number; sectionId?: number } }>; evidenceCount: number };

describe.each(testDatabaseKinds())('the readiness report on the %s database', (kind) => {
  const t = withTestApp(kind);
  let admin: SignedIn;
  let principal: SignedIn;
  beforeAll(async () => {
    admin = await signInAs(t.app, 'admin');
    principal = await signInAs(t.app, 'principal');
  });

  const report = async (who: SignedIn, query = `date=${READINESS_DAY}`) => {
    const response = await t.app.inject({ method: 'GET', url: `/api/readiness?${query}`, headers: who.headers });
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<{ verdict: string; date: string; checks: Check[]; run: { id: number; school: { id: number; name: string } | null } }>();
    return { ...body, check: (id: string) => body.checks.find((c) => c.id === id)! };
  };

  it('says No-Go and names the student who has no class on the day; what was never measured is unknown, not a pass', async () => {
    const r = await report(admin);
    expect(r.verdict).toBe('no-go');
    expect(r.date).toBe(READINESS_DAY);
    expect(r.checks.map((c) => c.id)).toEqual([
      'students-without-complete-schedule', 'passed-courses-scheduled', 'seniors-missing-requirements', 'sections-over-capacity',
      'attendance-not-taken', 'gpa-reconciliation', 'load-test', 'open-urgent-tickets',
    ]);
    const schedules = r.check('students-without-complete-schedule');
    expect(schedules).toMatchObject({ status: 'fail', figure: 1, threshold: 0, evidenceCount: 1 });
    expect(schedules.evidence).toEqual([{ school: 'North High', student: '1004', detail: 'no section', ref: { schoolId: t.world.schools.north, studentId: t.world.students.devon } }]);
    expect(r.check('sections-over-capacity')).toMatchObject({ status: 'pass', figure: 0 });
    expect(r.check('gpa-reconciliation')).toMatchObject({ status: 'unknown', figure: null });
    expect(r.check('load-test')).toMatchObject({ status: 'unknown', figure: null, threshold: 200 });
    expect(r.check('open-urgent-tickets')).toMatchObject({ status: 'pass', figure: 0 });
    // Attendance was not taken on Wednesday: a warning, which alone would not stop a Go.
    expect(r.check('attendance-not-taken')).toMatchObject({ status: 'warn', figure: 100, required: false });
  });

  it('names a senior placed in a course she already passed, with the section and the mark', async () => {
    await seniorInPassedCourse(t.db, t.world);
    const r = await report(admin);
    expect(r.verdict).toBe('no-go');
    const passed = r.check('passed-courses-scheduled');
    expect(passed).toMatchObject({ status: 'fail', figure: 1 });
    expect(passed.evidence[0]).toMatchObject({ school: 'North High', student: '1003', section: 'ENG10-01', ref: { studentId: t.world.students.casey, sectionId: t.world.sections.taught } });
    expect(passed.evidence[0]!.detail).toContain('already passed');
    expect(r.check('seniors-missing-requirements').evidence.map((e) => e.student)).toContain('1003');
  });

  it("scopes a principal to her school and hides another school's report", async () => {
    const r = await report(principal);
    expect(r.run.school).toEqual({ id: t.world.schools.north, name: 'North High' });
    expect(r.checks.flatMap((c) => c.evidence.map((e) => e.school).filter(Boolean))).not.toContain('South High');
    const south = await t.app.inject({ method: 'GET', url: `/api/readiness?school=${t.world.schools.south}`, headers: principal.headers });
    expect(south.statusCode).toBe(404);
    const teacher = await signInAs(t.app, 'teacher');
    expect((await t.app.inject({ method: 'GET', url: '/api/readiness', headers: teacher.headers })).statusCode).toBe(403);
  });

  it('says Go when nothing is wrong, a load test was recorded and an import reconciled its figures; every run is kept for the trend', async () => {
    await putRightAndRecordEvidence(t.db, t.world);
    const r = await report(admin);
    const notPassing = r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}`);
    expect(notPassing).toEqual(['attendance-not-taken: warn']);
    expect(r.verdict).toBe('go');
    expect(r.check('load-test')).toMatchObject({ status: 'pass', figure: 212, threshold: 200 });
    expect(r.check('gpa-reconciliation')).toMatchObject({ status: 'pass', figure: 0 });

    const history = await t.app.inject({ method: 'GET', url: '/api/readiness/history', headers: admin.headers });
    expect(history.statusCode, history.body).toBe(200);
    const runs = history.json<{ runs: Array<{ verdict: string; checks: Array<{ id: string; figure: number | null }> }> }>().runs;
    expect(runs.map((x) => x.verdict)).toEqual(['no-go', 'no-go', 'go']);
    expect(runs.map((x) => x.checks.find((c) => c.id === 'passed-courses-scheduled')!.figure)).toEqual([0, 1, 0]);
    const audit = await t.db.selectFrom('audit_event').select(['student_ids']).where('entity', '=', 'readiness').execute();
    expect(audit.some((a) => a.student_ids?.includes(t.world.students.casey))).toBe(true);
  });

  it('fails on an urgent help-desk ticket still open, naming it, and passes once it is resolved', async () => {
    const teacher = await t.db.selectFrom('app_user').select('id').where('district_id', '=', t.world.districtId).where('username', '=', 'teacher').executeTakeFirstOrThrow();
    const { id } = await t.db
      .insertInto('help_desk_ticket')
      .values({ district_id: t.world.districtId, reporter_id: teacher.id, what_happened: 'The attendance page will not save', priority: 'urgent', priority_reason: 'a class cannot take attendance' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const open = (await report(admin)).check('open-urgent-tickets');
    expect(open).toMatchObject({ status: 'fail', figure: 1, evidenceCount: 1 });
    expect(open.evidence[0]!.detail).toMatch(new RegExp(`^ticket ${id}, open since .*: a class cannot take attendance$`));
    await t.db.updateTable('help_desk_ticket').set({ status: 'resolved', resolved_at: new Date() }).where('district_id', '=', t.world.districtId).where('id', '=', id).execute();
    expect((await report(admin)).check('open-urgent-tickets')).toMatchObject({ status: 'pass', figure: 0 });
  });
});
