import { readFile } from 'node:fs/promises';
import { beforeAll, expect, it } from 'vitest';
import { pdfLines } from '../packages/server/src/pdf/extract-text.ts';
import { newPerson, signIn, useHomeroom } from './support/homeroom.ts';
import { addSouthSenior } from './support/scenarios.ts';

// A counselor downloads a senior's official transcript from the transcript tab: the browser saves
// a PDF whose figures are the ones the tab shows.
/** As the transcript tab shows a GPA: two places. */
const gpaAsShown = (value: number) => value.toFixed(2);

const homeroom = useHomeroom();
let senior: Awaited<ReturnType<typeof addSouthSenior>>;

beforeAll(async () => {
  senior = await addSouthSenior(homeroom.db, homeroom.district);
});

it("downloads a senior's official transcript as a PDF from the transcript tab", async () => {
  const { context, page } = await newPerson(homeroom);
  await signIn(page, 'counselor');
  await page.getByRole('heading', { level: 1 }).getByText('Caseload and students').waitFor();
  await page.goto(`${homeroom.baseUrl}/students/${senior.jordan}`);
  await page.getByRole('heading', { level: 1 }).getByText('Ellis, Jordan').waitFor();
  await page.getByRole('tab', { name: 'Transcript' }).click();
  const shownGpa = await page.locator('dt', { hasText: 'District GPA (weighted)' }).locator('xpath=following-sibling::dd').innerText();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^transcript-.*\.pdf$/);
  const file = await download.path();
  const pdf = await readFile(file);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const lines = (await pdfLines(pdf)).flat();
  expect(lines.map((line) => line.join(' ')).join('\n')).toContain('Official Transcript — Jordan Ellis');
  // The cumulative row's weighted district GPA: three places and the exact fraction, the tab's figure.
  const cumulative = lines.find((line) => line[0] === 'Cumulative')!;
  const [numerator, count] = /\((\d+)\/(\d+)\)$/.exec(cumulative[6]!)!.slice(1).map(Number) as [number, number];
  expect(gpaAsShown(numerator / count)).toBe(shownGpa.trim());
  await context.close();
});
