// `homeroom import district` end to end, on the database the command is configured with
// (PostgreSQL when DATABASE_URL is set, else an embedded one in a temporary folder), including a
// kill in the middle of the write transaction on PostgreSQL.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { samplePackage, sampleRows } from '@homeroom/core/formats/oneroster/sample-package';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { writeStoredZip } from '../modules/district-import/zip-for-tests.ts';
import { databaseForCommands } from './cli-test-helpers.ts';
import { runCommand } from './testing.ts';

const bin = fileURLToPath(new URL('../../bin/homeroom.js', import.meta.url));
const serverUrl = process.env.DATABASE_URL;

describe(`homeroom import district (${serverUrl ? 'postgres' : 'embedded'})`, () => {
  const { dir, url } = databaseForCommands('homeroom-import-');
  const dbUrl = () => url();

  const zipOf = (name: string, pkg = samplePackage(), extra: [string, string][] = []) => {
    const file = path.join(dir, name);
    writeStoredZip(file, [...pkg, ...extra]);
    return file;
  };
  const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

  it('says what is wrong with its use (exit 2)', async () => {
    expect((await runCommand(['import', 'district', '--in', path.join(dir, 'nowhere.zip')])).code).toBe(2);
    expect((await runCommand(['import', 'district', '--in', zipOf('a.zip'), '--force'])).code).toBe(2);
    expect((await runCommand(['import', 'district'])).code).toBe(2);
  });

  it('refuses a zip whose entry climbs out of its folder, writing nothing (exit 1)', async () => {
    const report = path.join(dir, 'refused.json');
    const run = await runCommand(['import', 'district', '--in', zipOf('evil.zip', samplePackage(), [['../../evil.csv', 'x']]), '--report', report]);
    expect(run.code).toBe(1);
    expect(lastLine(run.err)).toBe('import: refused: 12 files, 31 rows, 1 problems, 0 reconciliation mismatches');
    const doc = JSON.parse(readFileSync(report, 'utf8'));
    expect(doc.status).toBe('refused');
    expect(doc.problems).toEqual([expect.objectContaining({ file: '../../evil.csv', code: 'path-outside-package' })]);
    expect(doc.reconciliation).toBeUndefined();
  });

  it('refuses a dangling reference and an impossible date, listing both', async () => {
    const rows = sampleRows();
    rows.enrollments![1]!.classSourcedId = 'K-NONE';
    rows.academicSessions![1]!.endDate = '2027-02-30';
    const run = await runCommand(['import', 'district', '--in', zipOf('bad.zip', samplePackage(rows)), '--dry-run']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.out);
    expect(doc.problems.map((p: { file: string; row: number; column: string; code: string }) => `${p.file}:${p.row}:${p.column}:${p.code}`))
      .toEqual(['academicSessions.csv:3:endDate:invalid-date', 'enrollments.csv:3:classSourcedId:unknown-reference']);
  });

  it('dry-runs, imports, and imports again with every count unchanged', async () => {
    const pkg = zipOf('good.zip');
    const dry = await runCommand(['import', 'district', '--in', pkg, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.out).status).toBe('dry-run');
    expect(lastLine(dry.err)).toBe('import: dry-run: 12 files, 31 rows, 0 problems, 0 reconciliation mismatches');
    const first = await runCommand(['import', 'district', '--in', pkg]);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.out).counts['users.csv']).toEqual({ rows: 4, created: 4, updated: 0, unchanged: 0, ended: 0 });
    const second = await runCommand(['import', 'district', '--in', pkg]);
    expect(second.code).toBe(0);
    const counts = Object.values(JSON.parse(second.out).counts) as { rows: number; unchanged: number }[];
    expect(counts.every((c) => c.unchanged === c.rows)).toBe(true);
  });

  it.runIf(serverUrl)('a kill inside the write transaction leaves PostgreSQL as it was', async () => {
    const count = async () => {
      const c = new pg.Client({ connectionString: dbUrl()! });
      await c.connect();
      const n = (await c.query('select (select count(*) from student)::int as students, (select count(*) from oneroster_record)::int as records, (select string_agg(first_name, \',\' order by id) from student) as names')).rows[0];
      await c.end();
      return n;
    };
    const before = await count();
    const rows = sampleRows();
    rows.users![0]!.givenName = 'Killed';
    rows.users!.push({ sourcedId: 'S1003', enabledUser: 'true', givenName: 'Eve', familyName: 'Stone', identifier: '1003' });
    rows.roles!.push({ sourcedId: 'R-S1003', userSourcedId: 'S1003', roleType: 'primary', role: 'student', orgSourcedId: 'ORG-H' });
    rows.demographics!.push({ sourcedId: 'S1003', birthDate: '2010-01-01', sex: 'female' });
    const pkg = zipOf('kill.zip', samplePackage(rows));
    const child = spawn(process.execPath, [bin, 'import', 'district', '--in', pkg], { env: { ...process.env, DATABASE_URL: dbUrl()!, HOMEROOM_IMPORT_TEST_PAUSE_MS: '60000' } });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      child.stderr.on('data', (c: Buffer) => {
        err += c.toString();
        if (err.includes('inside the write transaction')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the import ended (${code}) before it was killed: ${err}`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(await count()).toEqual(before);
  }, 60_000);
});
