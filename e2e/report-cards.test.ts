import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import { pdfLines } from '../packages/server/src/pdf/extract-text.ts';
import { unzip } from '../packages/server/src/testing/zip.ts';
import { expectAccessible, h1, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// A principal prints North High's report cards for the fall progress report (#20): starts the
// batch from the Report cards screen, follows it, and downloads a zip with one PDF per student.
const homeroom = useHomeroom();

beforeAll(async () => {
  const { districtId, students, sections, gradingPeriods } = homeroom.district;
  await homeroom.db
    .insertInto('mark')
    .values({ district_id: districtId, student_id: students.avery, section_id: sections.taught, grading_period_id: gradingPeriods.progress, mark: 'B+', comment: 'Asks good questions' })
    .execute();
});

it("downloads the school's report cards for a grading period as a zip", async () => {
  const { context, page } = await newPerson(homeroom);
  await signIn(page, 'principal');
  await page.getByRole('link', { name: 'Report cards' }).click();
  await h1(page).getByText('Report cards').waitFor();
  await page.getByLabel(/^Grading period/).selectOption({ label: 'Fall progress report (2026-08-10 to 2026-10-09)' });
  await expectAccessible(page, 'report cards');
  await page.getByRole('button', { name: 'Print the report cards' }).click();
  const link = page.getByRole('link', { name: /^Download the report cards/ });
  await link.waitFor();
  await screenshot(page, '95-report-cards-ready');
  await expectAccessible(page, 'report cards ready to download');
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  expect(download.suggestedFilename()).toMatch(/^report-cards-\d+\.zip$/);
  const files = await unzip(await readFile(await download.path()));
  expect([...files.keys()].sort()).toEqual(['1001 Avery Stone.pdf', '1002 Blake Rivers.pdf', '1003 Casey Meadows.pdf']);
  const text = (await pdfLines(files.get('1001 Avery Stone.pdf')!)).flat().map((l) => l.join(' ')).join('\n');
  expect(text).toContain('Report Card: Fall progress report');
  expect(text).toContain('B+');
  expect(text).toContain('Asks good questions');
  await context.close();
});
