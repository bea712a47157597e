import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { createAttendanceDistrict } from '../../testing/attendance-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

// What the web app's attendance office and student profile call: a student's attendance this
// year, and the paper import sent by a clerk (limited to the clerk's school, audited as the clerk).
describe.each(testDatabaseKinds())('the attendance office on the %s database', (kind) => {
  const t = withTestApp(kind, { district: (db) => createAttendanceDistrict(db, 'OFC') });
  const as: Record<string, SignedIn> = {};
  beforeAll(async () => {
    for (const user of ['terry', 'kim', 'clerk', 'admin']) as[user] = await signInAs(t.app, user);
  });
  const upload = (user: string, csv: string, dryRun: boolean) => t.app.inject({ method: 'POST', url: '/api/attendance-imports', headers: as[user]!.headers, payload: { csv, dryRun, fileName: 'week1.csv' } });
  const summary = (user: string, student: number) => t.app.inject({ method: 'GET', url: `/api/students/${student}/attendance?asOf=2026-09-15`, headers: as[user]!.headers });
  const count = async (table: 'period_attendance' | 'daily_attendance' | 'audit_event') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);

  // Ana absent all three periods on the 3rd (a full day), Ben tardy in English.
  const LINCOLN = [
    'school_code,section_code,date,student_local_id,code',
    'OFC-LHS,ENG10-01,2026-09-03,OFC2001,A',
    'OFC-LHS,ENG10-01,2026-09-03,OFC2002,T',
    'OFC-LHS,GEO-01,2026-09-03,OFC2001,A',
    'OFC-LHS,ART-01,2026-09-03,OFC2001,A',
  ].join('\n');

  it("refuses rows of another school's office, names each by row, and writes nothing", async () => {
    const before = await count('period_attendance');
    const response = await upload('clerk', `${LINCOLN}\nOFC-GES,K-ROOM1,2026-09-03,OFC3001,I`, true);
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.title).toBe('The file has 1 problem: nothing was imported');
    expect(problem.problems).toEqual([{ row: 6, column: 'school_code', message: 'you do not keep attendance for Garfield Elementary; its own office imports it' }]);
    expect(await count('period_attendance')).toBe(before);
    // A teacher takes attendance from the roster; the paper import is the office's.
    expect((await upload('terry', LINCOLN, true)).statusCode).toBe(403);
  });

  it("tells a clerk only whether a student is on the class's roster, never whether the id exists elsewhere in the district", async () => {
    // OFC3001 attends Garfield, another school's office; OFC9999 is nobody.
    const response = await upload('clerk', `${LINCOLN}\nOFC-LHS,ENG10-01,2026-09-03,OFC3001,A\nOFC-LHS,ENG10-01,2026-09-03,OFC9999,A\nOFC-LHS,NOPE-01,2026-09-03,OFC9999,A`, true);
    expect(response.statusCode).toBe(422);
    expect(response.json().problems).toEqual([
      { row: 6, column: 'student_local_id', message: 'student OFC3001 was not on the roster of ENG10-01 on 2026-09-03' },
      { row: 7, column: 'student_local_id', message: 'student OFC9999 was not on the roster of ENG10-01 on 2026-09-03' },
      { row: 8, column: 'section_code', message: 'no section "NOPE-01" at Lincoln High in the school year of 2026-09-03' },
    ]);
  });

  it('reports a dry run without keeping it, then imports all of it, audited under the clerk', async () => {
    const before = await count('period_attendance');
    const dry = await upload('clerk', LINCOLN, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toEqual({ dryRun: true, rows: 4, meetings: 3, changes: 4, students: 2, problems: [] });
    expect(await count('period_attendance')).toBe(before);

    const real = await upload('clerk', LINCOLN, false);
    expect(real.json()).toEqual({ dryRun: false, rows: 4, meetings: 3, changes: 4, students: 2, problems: [] });
    expect(await count('period_attendance')).toBe(before + 4);
    // The import is one event: one row naming the file's two students.
    const audit = await t.db.selectFrom('audit_event').select(['user_id', 'role', 'reason', 'student_ids']).where('action', '=', 'import').execute();
    expect(audit).toEqual([{ user_id: t.world.users.clerk, role: 'attendance-clerk', reason: 'imported from week1.csv', student_ids: [t.world.students.ana, t.world.students.ben].sort((a, b) => a - b) }]);
  });

  it("sums up a student's year by the chronic-absence rule and lists the days and classes not simply present", async () => {
    const response = await summary('clerk', t.world.students.ana);
    expect(response.statusCode, response.body).toBe(200);
    const ana = response.json();
    // Ten school days from the 1st to the 15th (Labor Day off); absent one: 10%, chronic.
    expect(ana).toMatchObject({ schoolYear: '2026-27', through: '2026-09-15', daysEnrolled: 10, daysAbsent: 1, daysAttended: 9, percentAbsent: 10, chronicallyAbsent: true });
    expect(ana.days).toEqual([{ date: '2026-09-03', status: 'absent', code: 'A', source: 'derived', school: 'Lincoln High' }]);
    expect(ana.classMeetings.map((m: { section: string; period: string; code: string }) => [m.section, m.period, m.code])).toEqual([
      ['ENG10-01', 'P1', 'A'],
      ['GEO-01', 'P2', 'A'],
      ['ART-01', 'P3', 'A'],
    ]);
    const ben = (await summary('terry', t.world.students.ben)).json();
    expect(ben).toMatchObject({ daysEnrolled: 10, daysAbsent: 0, chronicallyAbsent: false, days: [] });
    expect(ben.classMeetings).toMatchObject([{ section: 'ENG10-01', code: 'T' }]);
    // Cruz joined on the 8th: six school days enrolled.
    expect((await summary('admin', t.world.students.cruz)).json()).toMatchObject({ daysEnrolled: 6, daysAbsent: 0 });
  });

  it("answers 'not found' to a teacher of another school, and audits every read it answers", async () => {
    const audits = await count('audit_event');
    const lastRow = () => t.db.selectFrom('audit_event').select(['action', 'entity', 'student_id']).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((await summary('kim', t.world.students.ana)).statusCode).toBe(404);
    // Nothing was read; the attempt is on the record.
    expect(await count('audit_event')).toBe(audits + 1);
    expect(await lastRow()).toEqual({ action: 'refused', entity: 'GET /api/students/:studentId/attendance', student_id: t.world.students.ana });
    await summary('clerk', t.world.students.ana);
    expect(await lastRow()).toEqual({ action: 'read', entity: 'attendance', student_id: t.world.students.ana });
  });
});
