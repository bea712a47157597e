import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '@homeroom/core/formats/oneroster/csv-binding';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';
import { importDistrict } from '../district-import/import-district.ts';
import { readDistrictPackage } from '../district-import/read-package.ts';
import { bindingProblems } from './binding-validator.ts';
import { exportOneRoster } from './export-oneroster.ts';

const TODAY = '2026-10-01';

async function exportTo(handle: DatabaseHandle, districtId: number, file: string, schoolYear?: string) {
  const out = createWriteStream(file);
  const summary = await exportOneRoster(handle.db, out, { districtId, today: TODAY, ...(schoolYear ? { schoolYear } : {}) });
  out.end();
  await finished(out);
  const { files, problems } = await readDistrictPackage(file);
  expect(problems).toEqual([]);
  const texts = new Map(files.map((f) => [f.name, typeof f.text === 'string' ? f.text : [...f.text].join('')]));
  return { summary, texts };
}

describe.each(testDatabaseKinds())('the OneRoster CSV export on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'homeroom-export-'));
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createSmallDistrict(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a bulk package valid under the CSV binding 1.2.1 to the letter', async () => {
    const { summary, texts } = await exportTo(handle, world.districtId, path.join(dir, 'first.zip'));
    expect(bindingProblems(texts)).toEqual([]);
    expect([...texts.keys()].sort()).toEqual(['academicSessions.csv', 'classes.csv', 'courses.csv', 'demographics.csv', 'enrollments.csv', 'homeroom-courses.csv', 'manifest.csv', 'orgs.csv', 'roles.csv', 'users.csv'].sort());
    expect(summary.schoolYear).toBe('2026-27');
    expect(summary.files['users.csv']).toBeGreaterThan(4);
    const users = parseCsv(texts.get('users.csv')!);
    // Casey opted out of the directory: rostering fields only.
    const casey = users.find((r) => r.fields[0] === `stu-${world.students.casey}`)!;
    expect(casey.fields[6]).toBe('Casey');
    expect(casey.fields[8]).toBe('');
  });

  it('round-trips: exported, imported into an empty database and exported again, it gives the same rows', async () => {
    const first = await exportTo(handle, world.districtId, path.join(dir, 'round-1.zip'));
    const empty = await openTestDatabase(kind);
    try {
      const { files } = await readDistrictPackage(path.join(dir, 'round-1.zip'));
      const report = await importDistrict(empty.db, { files, dryRun: false });
      expect(report.problems, JSON.stringify(report.problems.slice(0, 5))).toEqual([]);
      const district = await empty.db.selectFrom('district').select('id').executeTakeFirstOrThrow();
      const second = await exportTo(empty, district.id, path.join(dir, 'round-2.zip'), first.summary.schoolYear);
      // What the import used to lose is there to lose: an account's username, a state ID, the district's ID.
      const avery = parseCsv(first.texts.get('users.csv')!).find((r) => r.fields[4] === 'student')!;
      expect(avery.fields[5]).toMatch(/^\{stateId:.+\}$/);
      expect(avery.fields[16]).not.toBe('');
      expect(avery.fields[16]).not.toBe(avery.fields[4]);
      for (const [name, text] of first.texts) {
        const rows = (t: string) => parseCsv(t).map((r) => r.fields.join('\u0001')).sort();
        expect(rows(second.texts.get(name) ?? ''), name).toEqual(rows(text));
      }
    } finally {
      await empty.close();
    }
  });

  it('is refused by the validator when a rule of the binding is broken', () => {
    const broken = new Map([
      ['manifest.csv', 'propertyName,value\r\nmanifest.version,1.0\r\noneroster.version,1.2\r\n'],
      ['orgs.csv', 'sourcedId,status,dateLastModified,name,type\r\nd1,,,District,District\r\n'],
    ]);
    const problems = bindingProblems(broken);
    expect(problems.some((p) => p.includes('file.orgs'))).toBe(true);
  });
});
