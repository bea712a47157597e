import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';

// The district's day is fixed, so who serves whom "today" does not move with the machine's date.
const TODAY = '2026-12-07T18:00:00Z';

describe.each(testDatabaseKinds())('enrollment on the %s database', (kind) => {
  const t = withTestApp(kind, { app: { clock: fixedClock(TODAY) } });
  const count = async (table: 'student' | 'enrollment' | 'section_roster') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const profile = async (studentId: number, headers: Record<string, string>) => (await t.app.inject({ method: 'GET', url: `/api/students/${studentId}`, headers })).json();
  const openEnrollment = async (studentId: number, headers: Record<string, string>) => {
    const enrollments: Array<{ id: number; version: number; exited: unknown; school: { name: string } }> = (await profile(studentId, headers)).enrollments;
    return enrollments.find((e) => e.exited === null)!;
  };
  const counts = async (date: string, headers: Record<string, string>) => (await t.app.inject({ method: 'GET', url: `/api/enrollment/counts?date=${date}`, headers })).json();
  const newChild = { firstName: 'Rowan', lastName: 'Quill', birthDate: '2011-03-04', gender: 'X', stateId: '1234567890', gradeLevel: 9, date: '2026-11-02' };

  it('registers a new student at the office’s school, then refuses a second record of the same child', async () => {
    const { headers } = await signInAs(t.app, 'principal');
    const created = await t.app.inject({ method: 'POST', url: '/api/students', headers, payload: { ...newChild, schoolId: t.world.schools.north } });
    expect(created.statusCode, created.body).toBe(201);
    const rowan = created.json();
    expect(rowan.student.localId).toBe('1005');
    const seen = await profile(rowan.student.id, headers);
    expect(seen.enrollments).toMatchObject([{ school: { name: 'North High' }, grade: 9, entered: { date: '2026-11-02', code: 'E1' }, exited: null }]);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'entity']).where('student_id', '=', rowan.student.id).where('action', '=', 'create').execute();
    expect(audit).toEqual([{ action: 'create', entity: 'student' }]);

    const before = await count('student');
    const again = await t.app.inject({ method: 'POST', url: '/api/students', headers, payload: { ...newChild, stateId: null, schoolId: t.world.schools.north } });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'possible-duplicate', candidates: [{ id: rowan.student.id, localId: '1005', school: 'North High', enrolledNow: true }] });
    const sameStateId = await t.app.inject({ method: 'POST', url: '/api/students', headers, payload: { ...newChild, firstName: 'Other', schoolId: t.world.schools.north, notDuplicateOf: [rowan.student.id] } });
    expect(sameStateId.statusCode).toBe(409);
    expect(sameStateId.json()).toMatchObject({ code: 'state-id-taken', errors: [{ field: 'body.stateId' }] });
    expect(await count('student')).toBe(before);
    // The office looked and this is another child (a twin with the same name is rare, but real): it says so.
    const twin = await t.app.inject({ method: 'POST', url: '/api/students', headers, payload: { ...newChild, stateId: null, schoolId: t.world.schools.north, notDuplicateOf: [rowan.student.id] } });
    expect(twin.statusCode, twin.body).toBe(201);
    expect(twin.json().student.localId).toBe('1006');
  });

  it('refuses an unknown school, another school, a grade the school does not teach and a day in no school year, writing nothing', async () => {
    const { headers } = await signInAs(t.app, 'principal');
    const child = { ...newChild, firstName: 'Ira', stateId: null };
    const students = await count('student');
    const cases: Array<[object, number, string, string]> = [
      [{ schoolId: 999999 }, 422, 'unknown-school', 'body.schoolId'],
      [{ schoolId: t.world.schools.south }, 403, 'not-your-school', 'body.schoolId'],
      [{ schoolId: t.world.schools.north, gradeLevel: 5 }, 422, 'grade-not-taught', 'body.gradeLevel'],
      [{ schoolId: t.world.schools.north, date: '2019-09-01' }, 422, 'no-school-year', 'body.date'],
    ];
    for (const [change, status, code, field] of cases) {
      const response = await t.app.inject({ method: 'POST', url: '/api/students', headers, payload: { ...child, ...change } });
      expect(response.statusCode, code).toBe(status);
      expect(response.json(), code).toMatchObject({ code, errors: [{ field }] });
    }
    const helpDesk = await signInAs(t.app, 'helpdesk');
    expect((await t.app.inject({ method: 'POST', url: '/api/students', headers: helpDesk.headers, payload: { ...child, schoolId: t.world.schools.north } })).statusCode).toBe(403);
    expect(await count('student')).toBe(students);
  });

  it('transfers a student mid-year: the old enrollment and its sections end that day, attendance stays, earlier counts do not change', async () => {
    const { headers } = await signInAs(t.app, 'principal');
    const admin = await signInAs(t.app, 'admin');
    const avery = t.world.students.avery;
    await t.db.insertInto('period_attendance').values({ district_id: t.world.districtId, section_id: t.world.section, student_id: avery, day: '2026-08-17', period_id: (await t.db.selectFrom('section_meeting').select('period_id').where('section_id', '=', t.world.section).executeTakeFirstOrThrow()).period_id, code: 'A' }).execute();
    const countsBefore = await counts('2026-11-02', admin.headers);
    const enrollment = await openEnrollment(avery, headers);

    const early = await t.app.inject({ method: 'POST', url: `/api/students/${avery}/enrollments/${enrollment.id}/transfer`, headers: { ...headers, 'if-match': `"${enrollment.version}"` }, payload: { schoolId: t.world.schools.south, gradeLevel: 10, date: '2026-08-01' } });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'date-before-entry', errors: [{ field: 'body.date' }] });
    const sameSchool = await t.app.inject({ method: 'POST', url: `/api/students/${avery}/enrollments/${enrollment.id}/transfer`, headers: { ...headers, 'if-match': `"${enrollment.version}"` }, payload: { schoolId: t.world.schools.north, gradeLevel: 10, date: '2026-11-16' } });
    expect(sameSchool.json()).toMatchObject({ code: 'same-school' });
    const noIfMatch = await t.app.inject({ method: 'POST', url: `/api/students/${avery}/enrollments/${enrollment.id}/transfer`, headers, payload: { schoolId: t.world.schools.south, gradeLevel: 10, date: '2026-11-16' } });
    expect(noIfMatch.statusCode).toBe(428);

    const moved = await t.app.inject({ method: 'POST', url: `/api/students/${avery}/enrollments/${enrollment.id}/transfer`, headers: { ...headers, 'if-match': `"${enrollment.version}"` }, payload: { schoolId: t.world.schools.south, gradeLevel: 10, date: '2026-11-16', reason: 'family moved' } });
    expect(moved.statusCode, moved.body).toBe(200);
    expect(moved.json()).toMatchObject({ ended: { id: enrollment.id, version: enrollment.version + 1 }, sectionsEnded: 1 });
    const stale = await t.app.inject({ method: 'POST', url: `/api/students/${avery}/enrollments/${enrollment.id}/withdrawal`, headers: { ...admin.headers, 'if-match': `"${enrollment.version}"` }, payload: { date: '2026-11-20', exitCode: 'T240' } });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('stale-version');

    const after = await profile(avery, admin.headers);
    expect(after.enrollments.map((e: { school: { name: string }; entered: { date: string; code: string }; exited: { date: string; code: string } | null }) => [e.school.name, e.entered.date, e.entered.code, e.exited])).toEqual([
      ['North High', '2026-08-10', 'E1', { date: '2026-11-16', code: 'T160' }],
      ['South High', '2026-11-16', 'E2', null],
    ]);
    const roster = await t.db.selectFrom('section_roster').select(['end_date', 'ended_by']).where('section_id', '=', t.world.section).where('student_id', '=', avery).execute();
    expect(roster).toEqual([{ end_date: '2026-11-16', ended_by: t.world.users.principal }]);
    const attendance = await t.db.selectFrom('period_attendance').select(['section_id', 'code']).where('student_id', '=', avery).execute();
    expect(attendance).toEqual([{ section_id: t.world.section, code: 'A' }]);
    // The schedule of a day before the transfer is still answered from the roster.
    expect((await t.app.inject({ method: 'GET', url: `/api/students/${avery}?scheduleDate=2026-11-13`, headers: admin.headers })).json().schedule.sections).toHaveLength(1);

    expect(await counts('2026-11-02', admin.headers)).toEqual(countsBefore);
    const onTheDay = await counts('2026-11-16', admin.headers);
    const at = (c: { schools: Array<{ name: string; enrolled: number }> }, name: string) => c.schools.find((s) => s.name === name)!.enrolled;
    expect(at(onTheDay, 'North High')).toBe(at(countsBefore, 'North High') - 1);
    expect(at(onTheDay, 'South High')).toBe(at(countsBefore, 'South High') + 1);
    // The sending office no longer serves the student; the receiving one does.
    expect((await t.app.inject({ method: 'GET', url: `/api/students/${avery}`, headers })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: `/api/students/${avery}`, headers: (await signInAs(t.app, 'south-principal')).headers })).statusCode).toBe(200);
  });

  it('withdraws with a state exit code, refuses an overlapping re-enrollment, and re-enrolls the student at the same school', async () => {
    const { headers } = await signInAs(t.app, 'principal');
    const blake = t.world.students.blake;
    const enrollment = await openEnrollment(blake, headers);
    const ifMatch = { ...headers, 'if-match': `"${enrollment.version}"` };
    const badCode = await t.app.inject({ method: 'POST', url: `/api/students/${blake}/enrollments/${enrollment.id}/withdrawal`, headers: ifMatch, payload: { date: '2026-12-01', exitCode: 'ZZZ' } });
    expect(badCode.statusCode).toBe(400);
    expect(badCode.json().errors).toMatchObject([{ field: 'body.exitCode' }]);
    const countsBefore = await counts('2026-11-30', headers);
    const withdrawn = await t.app.inject({ method: 'POST', url: `/api/students/${blake}/enrollments/${enrollment.id}/withdrawal`, headers: ifMatch, payload: { date: '2026-12-01', exitCode: 'T240', reason: 'moved to Oregon' } });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ ended: { id: enrollment.id }, started: null, sectionsEnded: 1 });
    expect(await counts('2026-11-30', headers)).toEqual(countsBefore);
    expect((await t.db.selectFrom('section_roster').select('end_date').where('section_id', '=', t.world.section).where('student_id', '=', blake).executeTakeFirstOrThrow()).end_date).toBe('2026-12-01');

    // The office that withdrew the student may bring them back, though they are no longer its student today.
    const enrollments = await count('enrollment');
    const overlapping = await t.app.inject({ method: 'POST', url: `/api/students/${blake}/enrollments`, headers, payload: { schoolId: t.world.schools.north, gradeLevel: 11, date: '2026-11-20' } });
    expect(overlapping.statusCode).toBe(409);
    expect(overlapping.json()).toMatchObject({ code: 'overlapping-enrollment', errors: [{ field: 'body.date' }] });
    const otherOffice = await t.app.inject({ method: 'POST', url: `/api/students/${blake}/enrollments`, headers: (await signInAs(t.app, 'south-principal')).headers, payload: { schoolId: t.world.schools.south, gradeLevel: 11, date: '2026-12-10' } });
    expect(otherOffice.statusCode).toBe(404);
    expect(await count('enrollment')).toBe(enrollments);
    const back = await t.app.inject({ method: 'POST', url: `/api/students/${blake}/enrollments`, headers, payload: { schoolId: t.world.schools.north, gradeLevel: 11, date: '2026-12-10' } });
    expect(back.statusCode, back.body).toBe(201);
    const history = (await profile(blake, (await signInAs(t.app, 'admin')).headers)).enrollments;
    expect(history.map((e: { entered: { code: string }; exited: { code: string } | null }) => [e.entered.code, e.exited?.code ?? null])).toEqual([['E1', 'T240'], ['E3', null]]);
    const audit = await t.db.selectFrom('audit_event').select(['action', 'entity']).where('student_id', '=', blake).where('action', 'in', ['create', 'update']).orderBy('id').execute();
    expect(audit).toEqual([{ action: 'update', entity: 'enrollment' }, { action: 'create', entity: 'enrollment' }]);
  });
});
