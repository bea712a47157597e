import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importCommand } from '../../cli/import-attendance.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { createAttendanceDistrict } from '../../testing/attendance-district.ts';
import { importAttendance, parseCsv } from './import-attendance.ts';

describe('reading CSV', () => {
  it('keeps quoted commas, doubled quotes and line breaks, and drops a byte-order mark', () => {
    expect(parseCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",z')).toEqual([
      ['a', 'b'],
      ['x, y', 'say "hi"'],
      ['two\nlines', 'z'],
    ]);
  });
});

describe('the attendance import command', () => {
  it('explains its usage', async () => {
    const stderr = new PassThrough();
    await expect(importCommand.run(['attendance'], { stdin: new PassThrough(), stdout: new PassThrough(), stderr })).rejects.toThrow(/--in FILE is required/);
    await expect(importCommand.run(['grades', '--in', 'x.csv'], { stdin: new PassThrough(), stdout: new PassThrough(), stderr })).rejects.toThrow(/say what to import/);
  });
});

describe.each(testDatabaseKinds())('importing paper attendance on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof createAttendanceDistrict>>;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createAttendanceDistrict(handle.db, 'IMP');
  });
  afterAll(async () => handle?.close());

  const count = async (table: 'attendance_taking' | 'attendance_change' | 'period_attendance' | 'daily_attendance' | 'audit_event') =>
    Number((await handle.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const counts = async () => Promise.all((['attendance_taking', 'attendance_change', 'period_attendance', 'daily_attendance', 'audit_event'] as const).map(count));

  const GOOD = [
    'school_code,section_code,date,student_local_id,code',
    'IMP-LHS,ENG10-01,2026-09-03,IMP2001,A',
    'IMP-LHS,ENG10-01,2026-09-03,IMP2002,T',
    'IMP-LHS,GEO-01,2026-09-03,IMP2001,A',
    'IMP-LHS,ART-01,2026-09-03,IMP2001,A',
    'IMP-GES,K-ROOM1,2026-09-03,IMP3001,I',
  ].join('\n');

  it('checks every row first, reports each problem by row and column, and writes nothing', async () => {
    const before = await counts();
    const file = [
      'school_code,section_code,date,student_local_id,code',
      'IMP-LHS,ENG10-01,2026-09-03,IMP2001,A',
      'IMP-XYZ,ENG10-01,2026-09-03,IMP2001,A',
      'IMP-LHS,ENG10-01,2026-09-07,IMP2001,A',
      'IMP-LHS,ENG10-01,2026-09-03,IMP2003,A',
      'IMP-LHS,ENG10-01,2026-09-03,IMP2002,Q',
      'IMP-LHS,ENG10-01,09/03/2026,IMP9999,A',
      'IMP-LHS,ENG10-01,2026-09-03,IMP2001,P',
    ].join('\n');
    const result = await importAttendance(handle.db, { csv: file, dryRun: false, districtCode: 'IMP' });
    expect(result.problems).toEqual([
      { row: 3, column: 'school_code', message: 'no school with code "IMP-XYZ"' },
      { row: 4, column: 'date', message: 'no school at Lincoln High on 2026-09-07: Labor Day' },
      { row: 5, column: 'student_local_id', message: 'student IMP2003 was not on the roster of ENG10-01 on 2026-09-03' },
      { row: 6, column: 'code', message: '"Q" is not an attendance code; the codes are P, T, A, E, I, M, S, IS' },
      { row: 7, column: 'date', message: '"09/03/2026" is not a date written YYYY-MM-DD' },
      { row: 7, column: 'student_local_id', message: 'no student with ID "IMP9999"' },
      { row: 8, column: 'student_local_id', message: 'the same student and class meeting is already on row 2' },
    ]);
    expect(await counts()).toEqual(before);
    const header = await importAttendance(handle.db, { csv: 'school,section_code,date,student_local_id,code\n', dryRun: false, districtCode: 'IMP' });
    expect(header.problems.map((p) => [p.row, p.column])).toEqual([
      [1, 'school_code'],
      [1, 'school'],
    ]);
  });

  it('reports in a dry run exactly what would change, and writes nothing', async () => {
    const before = await counts();
    const result = await importAttendance(handle.db, { csv: GOOD, dryRun: true, districtCode: 'IMP' });
    expect(result).toEqual({ dryRun: true, rows: 5, meetings: 4, changes: 5, students: 3, problems: [] });
    expect(await counts()).toEqual(before);
  });

  it('applies the whole file in one go, derives the days, and changes nothing when run again', async () => {
    const result = await importAttendance(handle.db, { csv: GOOD, dryRun: false, districtCode: 'IMP', fileName: 'week1.csv' });
    expect(result).toEqual({ dryRun: false, rows: 5, meetings: 4, changes: 5, students: 3, problems: [] });
    const ana = await handle.db.selectFrom('daily_attendance').select(['status', 'code']).where('student_id', '=', world.students.ana).where('day', '=', '2026-09-03').executeTakeFirstOrThrow();
    expect(ana).toEqual({ status: 'absent', code: 'A' });
    const eli = await handle.db.selectFrom('daily_attendance').select(['status', 'code', 'source']).where('student_id', '=', world.students.eli).where('day', '=', '2026-09-03').executeTakeFirstOrThrow();
    expect(eli).toEqual({ status: 'absent', code: 'I', source: 'import' });
    const history = await handle.db.selectFrom('attendance_change').select(['source', 'reason']).where('student_id', '=', world.students.ben).executeTakeFirstOrThrow();
    expect(history).toEqual({ source: 'import', reason: 'imported from week1.csv' });
    // From the command line: one row for the import, naming its three students, under no person.
    const audited = await handle.db.selectFrom('audit_event').select(['user_id', 'role', 'action', 'student_id', 'student_ids', 'reason']).execute();
    expect(audited).toEqual([
      { user_id: null, role: 'operator', action: 'import', student_id: null, student_ids: [world.students.ana, world.students.ben, world.students.eli].sort((a, b) => a - b), reason: 'imported from week1.csv' },
    ]);
    const before = await counts();
    const again = await importAttendance(handle.db, { csv: GOOD, dryRun: false, districtCode: 'IMP', fileName: 'week1.csv' });
    expect(again.changes).toBe(0);
    const after = await counts();
    // Only the audit trail grows: a second import is still an access to the records.
    expect(after.slice(0, 4)).toEqual(before.slice(0, 4));
  });
});
