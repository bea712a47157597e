import { describe, expect, it } from 'vitest';
import { expectAccessible, h1, newPerson, screenshot, signIn, TABLET, useHomeroom } from './support/homeroom.ts';

// The attendance clerk's day on the fixture district (North High, one week of school in August):
// paper attendance imported after a check that lists every problem by row, the figures that
// follow from it, a correction with its reason and a note from home, all in a real browser.
const homeroom = useHomeroom();

const csv = (name: string, lines: string[]) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(`${lines.join('\n')}\n`) });
const HEADER = 'school_code,section_code,date,student_local_id,code';

describe('attendance clerk', () => {
  it('imports a week of paper attendance, sees ADA and chronic absence follow, corrects a day and records a note from home', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'clerk');
    await h1(page).getByText('Front office').waitFor();
    await page.getByRole('link', { name: /^Attendance office: not taken today/ }).click();
    await h1(page).getByText('Attendance office: North High').waitFor();

    // ADA for the fixture's week before anything is imported: four students, five days, no absence.
    await page.getByLabel('Reporting period').selectOption('dates');
    await page.getByLabel('From').fill('2026-08-17');
    await page.getByLabel('To', { exact: true }).fill('2026-08-21');
    await page.locator('.figures').getByText('4.00').waitFor();

    // A file with mistakes: each is named by row and column, and nothing is saved.
    const fileInput = page.getByLabel('CSV file');
    await fileInput.setInputFiles(csv('week-of-aug-17.csv', [HEADER, 'SMALL-N,ENG10-01,2026-08-18,1002,A', 'SMALL-N,ENG10-01,2026-08-18,9999,A', 'SMALL-S,ENG10-01,2026-08-18,1004,A', 'SMALL-N,ENG10-01,2026-08-22,1001,Q']));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText('The file has 5 problems: nothing was imported').waitFor();
    const problems = page.locator('table').filter({ hasText: 'Problems in week-of-aug-17.csv' });
    expect(await problems.locator('tbody tr').count()).toBe(5);
    // A clerk learns only that 9999 is not on the class's roster, never whether the id exists elsewhere in the district.
    await problems.getByRole('row').filter({ hasText: 'student 9999 was not on the roster of ENG10-01 on 2026-08-18' }).getByText('3', { exact: true }).waitFor();
    expect(await problems.getByText('no student with ID').count()).toBe(0);
    await problems.getByText('you do not keep attendance for South High; its own office imports it').waitFor();
    expect(await page.getByRole('button', { name: /^Import/ }).isDisabled()).toBe(true);
    await screenshot(page, '70-clerk-import-problems');
    await expectAccessible(page, 'attendance import problems');

    // The corrected file: checked (a dry run that keeps nothing), then imported in one go.
    await fileInput.setInputFiles(csv('week-of-aug-17.csv', [HEADER, 'SMALL-N,ENG10-01,2026-08-18,1002,A', 'SMALL-N,ENG10-01,2026-08-19,1001,A']));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText('week-of-aug-17.csv is ready: 2 rows, 2 class meetings, 2 students; 2 marks change.').waitFor();
    expect(await homeroom.db.selectFrom('period_attendance').select('code').where('day', 'in', ['2026-08-18', '2026-08-19']).execute()).toEqual([]);
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByText('Imported 2 rows: 2 marks changed for 2 students in 2 class meetings.').waitFor();
    // Blake and Avery each missed one of five days: ADA falls to 3.60 and both are chronically absent (20%).
    await page.locator('.figures').getByText('3.60').waitFor();
    const chronic = page.locator('table[data-list="chronic-absence"]');
    await chronic.getByRole('link', { name: 'Rivers, Blake' }).waitFor();
    await chronic.getByRole('link', { name: 'Stone, Avery' }).waitFor();
    await screenshot(page, '71-clerk-attendance-office');
    await expectAccessible(page, 'attendance office');

    // Blake's mother called: he was ill. The clerk corrects the day from the list on his page.
    await chronic.getByRole('link', { name: 'Rivers, Blake' }).click();
    await h1(page).getByText('Rivers, Blake').waitFor();
    const attendance = page.getByRole('region', { name: 'Attendance', exact: true });
    await attendance.getByRole('button', { name: 'Correct the day of Aug 18, 2026' }).click();
    const correction = page.getByRole('form', { name: 'Correct attendance' });
    expect(await correction.getByLabel('Day').inputValue()).toBe('2026-08-18');
    await correction.getByLabel('Correct to').selectOption('I');
    await correction.getByLabel('Reason').fill('father called: ill with flu');
    await correction.getByRole('button', { name: 'Save the correction' }).click();
    await correction.getByText('Corrected Aug 18, 2026 from A to I.').waitFor();
    await attendance.getByRole('cell', { name: 'I — Illness' }).waitFor();
    const history = await homeroom.db.selectFrom('attendance_change').select(['old_code', 'new_code', 'reason']).where('student_id', '=', homeroom.district.students.blake).where('source', '=', 'clerk').execute();
    expect(history).toEqual([{ old_code: 'A', new_code: 'I', reason: 'father called: ill with flu' }]);
    // Transcripts and audits are not the office's: no tab offers what the server would refuse.
    expect(await page.getByRole('tab', { name: 'Transcript' }).count()).toBe(0);
    await screenshot(page, '72-clerk-student-attendance-corrected');
    await expectAccessible(page, 'student attendance');

    // Avery's mother sends a note for the 19th: the uncleared absence becomes excused.
    await page.goto(`/students/${homeroom.district.students.avery}`);
    await h1(page).getByText('Stone, Avery').waitFor();
    const note = page.getByRole('form', { name: 'Record a note from home' });
    await note.getByLabel('First day').fill('2026-08-19');
    await note.getByLabel('Last day').fill('2026-08-19');
    await note.getByLabel('From', { exact: true }).selectOption({ label: 'Morgan Stone (mother)' });
    await note.getByLabel('What the note says').fill('dentist appointment, note signed by mother');
    await note.getByRole('button', { name: 'Record the note' }).click();
    await note.getByText('Note recorded: 1 class meeting excused.').waitFor();
    await page.getByRole('region', { name: 'Attendance', exact: true }).getByRole('cell', { name: /E — Excused/ }).first().waitFor();
    await context.close();
  });

  it('fits the attendance office on a tablet held upright', async () => {
    const { context, page } = await newPerson(homeroom, TABLET);
    await signIn(page, 'clerk');
    await h1(page).getByText('Front office').waitFor();
    await page.goto('/attendance');
    await h1(page).getByText('Attendance office: North High').waitFor();
    await page.getByRole('heading', { name: 'Chronically absent students' }).waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, '73-clerk-attendance-office-tablet');
    await context.close();
  });

  it('keeps the attendance office out of a teacher\'s menu', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'teacher');
    await h1(page).getByText(/^Today, /).waitFor();
    expect(await page.getByRole('link', { name: 'Attendance office' }).count()).toBe(0);
    await context.close();
  });
});
