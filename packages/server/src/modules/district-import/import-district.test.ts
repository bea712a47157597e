import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sampleFiles, samplePackage, sampleRows, type SamplePackage } from '@homeroom/core/formats/oneroster/sample-package';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { importDistrict, stateIdOf, type ImportReport } from './import-district.ts';
import { readDistrictPackage } from './read-package.ts';
import { writeStoredZip } from './zip-for-tests.ts';

const clock = fixedClock('2026-10-01T18:00:00Z');

/** Every table the import writes, counted: "nothing written" means these do not move. */
async function tableCounts(handle: DatabaseHandle): Promise<Record<string, number>> {
  const tables = ['district', 'school', 'school_year', 'term', 'grading_period', 'course', 'section', 'section_meeting', 'period', 'student', 'staff', 'guardian',
    'student_guardian', 'section_roster', 'section_teacher', 'enrollment', 'staff_assignment', 'transcript_entry', 'student_program', 'legacy_figure', 'oneroster_record'];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(t)}`.execute(handle.db)).rows[0]!.n);
  return out;
}

const run = (handle: DatabaseHandle, pkg: SamplePackage, dryRun = false) => importDistrict(handle.db, { files: sampleFiles(pkg), dryRun, clock });
const allUnchanged = (report: ImportReport) => Object.values(report.counts).every((c) => c.created === 0 && c.updated === 0 && c.ended === 0 && c.unchanged === c.rows);

describe.each(testDatabaseKinds())('district import (%s)', (kind) => {
  let handle: DatabaseHandle;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
  });
  afterAll(async () => handle.close());

  it('refuses a package with problems and writes nothing', async () => {
    const rows = sampleRows();
    rows.classes![0]!.classType = 'Scheduled';
    const before = await tableCounts(handle);
    const report = await run(handle, samplePackage(rows));
    expect(report.status).toBe('refused');
    expect(report.problems).toEqual([{ file: 'classes.csv', row: 2, column: 'classType', code: 'invalid-enumeration', message: expect.stringContaining('"Scheduled"') }]);
    expect(report.reconciliation).toBeUndefined();
    expect(await tableCounts(handle)).toEqual(before);
  });

  const badPackages: [string, () => SamplePackage, string][] = [
    ['a bad header', () => {
      const pkg = samplePackage();
      pkg.set('orgs.csv', pkg.get('orgs.csv')!.replace('sourcedId,status,dateLastModified,name', 'sourcedId,status,dateLastModified,title'));
      return pkg;
    }, 'orgs.csv:1:name:header-mismatch'],
    ['a misspelled enumeration', () => {
      const rows = sampleRows();
      rows.roles![0]!.role = 'Student';
      return samplePackage(rows);
    }, 'roles.csv:2:role:invalid-enumeration'],
    ['a duplicate sourcedId', () => {
      const rows = sampleRows();
      rows.users![1]!.sourcedId = 'S1001';
      return samplePackage(rows);
    }, 'users.csv:3:sourcedId:duplicate-sourced-id'],
    ['a reference to nothing', () => {
      const rows = sampleRows();
      rows.classes![1]!.courseSourcedId = 'C-NONE';
      return samplePackage(rows);
    }, 'classes.csv:3:courseSourcedId:unknown-reference'],
    ['a date that does not exist', () => {
      const rows = sampleRows();
      rows.enrollments![0]!.beginDate = '2026-09-31';
      return samplePackage(rows);
    }, 'enrollments.csv:2:beginDate:invalid-date'],
    ['an enrollment outside its session', () => {
      const rows = sampleRows();
      rows.enrollments![3]!.beginDate = '2026-08-01';
      return samplePackage(rows);
    }, 'enrollments.csv:5:beginDate:enrollment-outside-session'],
    ['a transcript line that fails transcript.md', () => {
      const pkg = samplePackage();
      pkg.set('homeroom-transcripts.jsonl', pkg.get('homeroom-transcripts.jsonl')!.replace('"mark":"C"', '"mark":"E"'));
      return pkg;
    }, 'homeroom-transcripts.jsonl:2:marks[1].mark:invalid-transcript'],
  ];

  it.each(badPackages)('refuses %s and writes nothing', async (_, build, expected) => {
    const before = await tableCounts(handle);
    const report = await run(handle, build());
    expect(report.status).toBe('refused');
    // The first problem is the one made; what follows from it (a duplicated student leaves the
    // other one missing) may be listed after it.
    expect(report.problems.map((p) => `${p.file}:${p.row}:${p.column}:${p.code}`)[0]).toBe(expected);
    expect(await tableCounts(handle)).toEqual(before);
  });

  it('refuses a zip that climbs out, an oversized file and a file not in UTF-8, and writes nothing', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-zip-'));
    try {
      const pkg = samplePackage();
      const file = path.join(dir, 'p.zip');
      writeStoredZip(file, [...[...pkg].filter(([name]) => name !== 'homeroom-programs.csv' && name !== 'homeroom-legacy-figures.csv'),
        ['../outside.csv', 'x'], ['homeroom-programs.csv', 'y'.repeat(70_000)], ['homeroom-legacy-figures.csv', Buffer.from([0x53, 0x31, 0xc3, 0x28])]]);
      const read = await readDistrictPackage(file, { fileSizeLimit: 65_536 });
      const before = await tableCounts(handle);
      const report = await importDistrict(handle.db, { files: read.files, readProblems: read.problems, dryRun: false, clock });
      expect(report.status).toBe('refused');
      expect(report.problems.map((p) => `${p.file}:${p.code}`)).toEqual(['../outside.csv:path-outside-package', 'homeroom-programs.csv:file-too-large', 'homeroom-legacy-figures.csv:invalid-encoding']);
      expect(await tableCounts(handle)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a dry run reports counts and the reconciliation and writes nothing', async () => {
    const before = await tableCounts(handle);
    const report = await run(handle, samplePackage(), true);
    expect(report.status).toBe('dry-run');
    expect(report.counts['users.csv']).toEqual({ rows: 4, created: 4, updated: 0, unchanged: 0, ended: 0 });
    expect(report.reconciliation!.students).toBe(2);
    expect(report.reconciliation!.mismatches).toEqual([]);
    expect(await tableCounts(handle)).toEqual(before);
  });

  it('imports the package, and the same package again changes nothing', async () => {
    const report = await run(handle, samplePackage());
    expect(report.status).toBe('imported');
    expect(report.format).toBe('homeroom.import-report/v1');
    expect(report.counts['enrollments.csv']).toEqual({ rows: 4, created: 4, updated: 0, unchanged: 0, ended: 0 });
    const db = handle.db;
    const student = await db.selectFrom('student').selectAll().where('local_id', '=', '1001').executeTakeFirstOrThrow();
    expect(student).toMatchObject({ first_name: 'Ada', birth_date: '2010-03-14', gender: 'F', hispanic_latino: true });
    expect(await db.selectFrom('section_roster').select(['start_date', 'end_date']).where('student_id', '=', student.id).orderBy('start_date').execute()).toHaveLength(2);
    expect(await db.selectFrom('section_teacher').select('role').execute()).toEqual([{ role: 'primary' }]);
    expect(await db.selectFrom('student_guardian').select('relationship').execute()).toEqual([{ relationship: 'parent' }]);
    expect(await db.selectFrom('transcript_entry').select('mark').where('student_id', '=', student.id).orderBy('id').execute()).toEqual([{ mark: 'A' }, { mark: 'B' }]);
    expect(await db.selectFrom('section_meeting').select('period_id').execute()).toHaveLength(3);
    expect(await db.selectFrom('term').select('code').orderBy('code').execute()).toEqual([{ code: 'S1' }, { code: 'S2' }]);
    const ben = await db.selectFrom('student').select(['el_status']).where('local_id', '=', '1002').executeTakeFirstOrThrow();
    expect(ben.el_status).toBe('EL');
    const counts = await tableCounts(handle);
    const again = await run(handle, samplePackage());
    expect(again.status).toBe('imported');
    expect(allUnchanged(again)).toBe(true);
    expect(await tableCounts(handle)).toEqual(counts);
  });

  it('a bulk file ends what it no longer lists, never deletes; a delta creates, updates and ends', async () => {
    const rows = sampleRows();
    rows.enrollments = rows.enrollments!.filter((e) => e.sourcedId !== 'E2');
    const counts = await tableCounts(handle);
    const report = await run(handle, samplePackage(rows));
    expect(report.counts['enrollments.csv']).toEqual({ rows: 3, created: 0, updated: 0, unchanged: 3, ended: 1 });
    expect(await tableCounts(handle)).toEqual(counts);
    const ended = await handle.db.selectFrom('section_roster').select('end_date').where('end_date', 'is not', null).orderBy('end_date').execute();
    expect(ended.map((r) => r.end_date)).toContain('2026-10-01');

    const delta = samplePackage({
      users: [
        { sourcedId: 'S1001', status: 'active', dateLastModified: '2026-10-01T10:00:00Z', enabledUser: 'true', givenName: 'Adah', familyName: 'Quill', identifier: '1001' },
        { sourcedId: 'T2001', status: 'tobedeleted', dateLastModified: '2026-10-01T10:00:00Z', enabledUser: 'false', givenName: 'Cleo', familyName: 'Marsh', identifier: 'E2001' },
      ],
      orgs: undefined, academicSessions: undefined, courses: undefined, classes: undefined, roles: undefined, enrollments: undefined, demographics: undefined,
    }, 'delta');
    for (const f of ['homeroom-courses.csv', 'homeroom-transcripts.jsonl', 'homeroom-programs.csv', 'homeroom-legacy-figures.csv']) delta.delete(f);
    const d = await run(handle, delta);
    expect(d.problems).toEqual([]);
    expect(d.counts['users.csv']).toEqual({ rows: 2, created: 0, updated: 1, unchanged: 0, ended: 1 });
    expect((await handle.db.selectFrom('student').select('first_name').where('local_id', '=', '1001').executeTakeFirstOrThrow()).first_name).toBe('Adah');
    expect((await handle.db.selectFrom('staff').select('active').where('local_id', '=', 'E2001').executeTakeFirstOrThrow()).active).toBe(false);
  });

  it('a second import waits for the first, then finds nothing to change', async () => {
    const rows = sampleRows();
    rows.users!.push({ sourcedId: 'T2002', enabledUser: 'true', givenName: 'Fen', familyName: 'Hale', identifier: 'E2002' });
    rows.roles!.push({ sourcedId: 'R-T2002', userSourcedId: 'T2002', roleType: 'primary', role: 'teacher', orgSourcedId: 'ORG-H' });
    const pkg = samplePackage(rows);
    const slow = importDistrict(handle.db, { files: sampleFiles(pkg), dryRun: false, clock, insideTransaction: () => new Promise((resolve) => setTimeout(resolve, 300)) });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const [first, second] = await Promise.all([slow, run(handle, pkg)]);
    expect(first.counts['users.csv']!.created + second.counts['users.csv']!.created).toBe(1);
    expect(await handle.db.selectFrom('staff').select('id').where('local_id', '=', 'E2002').execute()).toHaveLength(1);
  });

  it('lists reconciliation mismatches without refusing', async () => {
    const pkg = samplePackage();
    pkg.set('homeroom-legacy-figures.csv', 'studentSourcedId,ucGpa,csuGpa,districtGpa,districtUnweightedGpa,creditsEarned\r\nS1001,3.42,3.5,,,9.5\r\n');
    const report = await run(handle, pkg, true);
    expect(report.status).toBe('dry-run');
    expect(report.reconciliation!.mismatches).toEqual([
      { student: 'S1001', figure: 'ucGpa', legacy: '3.42', homeroom: '3.50' },
      { student: 'S1001', figure: 'creditsEarned', legacy: '9.5', homeroom: '10.0' },
    ]);
    expect(report.reconciliation!.figures.districtGpa).toEqual({ compared: 0, mismatches: 0 });
  });
});

describe('reading a package', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-package-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses an oversized file without reading it, and text that is not UTF-8', async () => {
    const folder = path.join(dir, 'pkg');
    mkdirSync(folder);
    for (const [name, text] of samplePackage()) writeFileSync(path.join(folder, name), text);
    writeFileSync(path.join(folder, 'users.csv'), Buffer.concat([Buffer.from('sourcedId,'), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]));
    writeFileSync(path.join(folder, 'enrollments.csv'), 'x'.repeat(5000));
    const read = await readDistrictPackage(folder, { fileSizeLimit: 4096 });
    expect(read.problems.map((p) => `${p.file}:${p.code}`)).toEqual(['enrollments.csv:file-too-large', 'users.csv:invalid-encoding']);
  });
});

describe('a user\'s state ID among their userIds', () => {
  it('is the identifier of a stateId (or SSID) entry, and nothing when there is none', () => {
    expect(stateIdOf('{stateId:91001}')).toBe('91001');
    expect(stateIdOf('{LMS:abc},{SSID:7788}')).toBe('7788');
    expect(stateIdOf('{LMS:abc}')).toBeNull();
    expect(stateIdOf('')).toBeNull();
  });
});
