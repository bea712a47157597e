import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '@homeroom/core/formats/oneroster/csv-binding';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';
import { readDistrictPackage } from '../district-import/read-package.ts';
import { bindingProblems } from './binding-validator.ts';
import { exportOneRoster } from './export-oneroster.ts';

const TODAY = '2026-10-01';

async function exportTo(handle: DatabaseHandle, districtId: number, file: string) {
  const out = createWriteStream(file);
  const summary = await exportOneRoster(handle.db, out, { districtId, today: TODAY });
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
    expect([...texts.keys()].sort()).toEqual(['academicSessions.csv', 'classes.csv', 'courses.csv', 'demographics.csv', 'enrollments.csv', 'manifest.csv', 'orgs.csv', 'roles.csv', 'users.csv'].sort());
    expect(summary.schoolYear).toBe('2026-27');
    expect(summary.files['users.csv']).toBeGreaterThan(4);
    const users = parseCsv(texts.get('users.csv')!);
    // Casey opted out of the directory: rostering fields only.
    const casey = users.find((r) => r.fields[0] === `stu-${world.students.casey}`)!;
    expect(casey.fields[6]).toBe('Casey');
    const demographics = parseCsv(texts.get('demographics.csv')!).find((r) => r.fields[0] === `stu-${world.students.casey}`)!;
    expect(demographics.fields[3]).toBe('');
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
