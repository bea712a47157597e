import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// School setup in the product (#17): the district office sets up next year's terms and grading
// periods, after which a school can start next year's master schedule (it used to say "set up
// the semesters first"); a school office adds a holiday, and a day with attendance stays a school day.
const homeroom = useHomeroom();

beforeAll(async () => {
  // Attendance was taken at North on Tuesday 18 August.
  await homeroom.db.insertInto('daily_attendance').values({ district_id: homeroom.district.districtId, student_id: homeroom.district.students.avery, day: '2026-08-18', school_id: homeroom.district.schools.north, status: 'present', derived: false }).execute();
});

const openSetup = async (page: Page) => {
  await page.getByRole('link', { name: 'School year & calendar' }).click();
  await page.getByRole('heading', { level: 1, name: 'School year & calendar' }).waitFor();
};

async function fillTerm(page: Page, code: string, name: string, first: string, last: string, periods: Array<{ code: string; name: string; first: string; last: string; due: string; final: boolean }>) {
  await page.getByLabel(`${code} name`).fill(name);
  await page.getByLabel(`${code} first day`).fill(first);
  await page.getByLabel(`${code} last day`).fill(last);
  for (const [j, p] of periods.entries()) {
    await page.getByRole('button', { name: `Add a grading period to ${code}` }).click();
    const group = page.getByRole('group', { name: `${code} grading period ${j + 1}` });
    await group.getByLabel('Code', { exact: true }).fill(p.code);
    await group.getByLabel('Name', { exact: true }).fill(p.name);
    await group.getByLabel('First day', { exact: true }).fill(p.first);
    await group.getByLabel('Last day', { exact: true }).fill(p.last);
    await group.getByLabel('Marks due', { exact: true }).fill(p.due);
    await group.getByLabel(/^Final/).setChecked(p.final);
  }
}

describe('school setup', () => {
  it("creates next year's terms and grading periods, and then next year's master schedule starts from this year's", async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin');
    await openSetup(page);
    expect(await page.getByLabel('School year', { exact: true }).inputValue()).toBe('2027-28');
    await fillTerm(page, 'S1', 'Fall', '2027-08-16', '2028-01-21', [
      { code: 'S1-P1', name: 'Fall progress report', first: '2027-08-16', last: '2027-10-08', due: '2027-10-13', final: false },
      { code: 'S1-F', name: 'Fall final', first: '2027-08-16', last: '2028-01-21', due: '2028-01-26', final: true },
    ]);
    await fillTerm(page, 'S2', 'Spring', '2028-01-24', '2028-06-09', [{ code: 'S2-F', name: 'Spring final', first: '2028-01-24', last: '2028-06-09', due: '2028-06-14', final: true }]);
    await expectAccessible(page, 'next year terms form');
    await page.getByRole('button', { name: 'Save 2027-28' }).click();
    await page.getByText('2027-28 is saved.').waitFor();
    await screenshot(page, '80-admin-next-year-terms');
    const years = (await (await page.request.get('/api/school-years')).json()) as { years: Array<{ name: string; terms: Array<{ code: string; gradingPeriods: Array<{ code: string; isFinal: boolean }> }> }> };
    expect(years.years.find((y) => y.name === '2027-28')!.terms.map((t) => `${t.code}:${t.gradingPeriods.map((g) => g.code + (g.isFinal ? '*' : '')).join(',')}`)).toEqual(['S1:S1-P1,S1-F*', 'S2:S2-F*']);
    await context.close();

    const principal = await newPerson(homeroom);
    await signIn(principal.page, 'principal');
    // Signed in (the session cookie set) before going straight to the master schedule.
    await principal.page.getByRole('link', { name: 'School year & calendar' }).waitFor();
    await principal.page.goto('/school/master-schedule?year=2027-28');
    await principal.page.getByRole('button', { name: /^Start 2027-28 from 2026-27/ }).click();
    await principal.page.locator('.section-chip').first().waitFor();
    expect(await principal.page.getByText(/Set up the semesters/).count()).toBe(0);
    await principal.context.close();
  });

  it('adds a holiday to a school, and refuses one on a day that already has attendance', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal');
    await openSetup(page);
    await page.getByLabel('Date', { exact: true }).fill('2026-08-24');
    await page.getByLabel('The day is').selectOption('holiday');
    await page.getByLabel(/^Note/).fill('Staff development');
    await page.getByRole('button', { name: 'Save the day' }).click();
    await page.getByText(/is now a holiday\.$/).waitFor();
    await page.getByRole('table', { name: 'Calendar days of 2026-08' }).getByRole('row', { name: /Aug 24.*Holiday.*Staff development/ }).waitFor();
    await expectAccessible(page, 'calendar with a holiday');
    await screenshot(page, '81-principal-calendar-holiday');

    await page.getByLabel('Date', { exact: true }).fill('2026-08-18');
    await page.getByRole('button', { name: 'Save the day' }).click();
    await page.getByRole('alert').getByText(/already has attendance/).waitFor();
    await page.getByText(/The day is: .*took 1 attendance record on 2026-08-18/).waitFor();
    expect(await page.getByLabel('The day is').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'calendar with a refused holiday');
    await screenshot(page, '82-principal-calendar-refused');
    await page.getByRole('table', { name: 'Calendar days of 2026-08' }).getByRole('row', { name: /Aug 18.*School day/ }).waitFor();
    await context.close();
  });
});
