import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { expectAccessible, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// School setup of sections (#17): the district office gives a new teacher an account at North
// High; North's principal adds a room, opens a section of an existing course with that teacher,
// room and period, and is refused seats below a section's students; the teacher signs in and the
// section is among their classes. ("Enroll a new student and schedule them" is enrollment.test.ts.)
const homeroom = useHomeroom();

beforeAll(async () => {
  // A catalog of a big district's size: 3,000 more courses.
  const d = homeroom.district.districtId;
  await homeroom.db
    .insertInto('course')
    .values(Array.from({ length: 3000 }, (_, i) => ({ district_id: d, code: `X${String(i + 1).padStart(4, '0')}`, title: `SAMPLE ELECTIVE ${i + 1}`, credits: '5', subject: 'elective' as const })))
    .execute();
});

const openTab = async (page: Page, tab: string) => {
  await page.getByRole('tab', { name: tab }).click();
  await page.getByRole('tabpanel').getByRole('heading', { level: 2 }).first().waitFor();
};

describe('school setup of sections', () => {
  it('gives a new teacher an account and a section, and the teacher sees it after signing in', async () => {
    const admin = await newPerson(homeroom);
    await signIn(admin.page, 'admin');
    await admin.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await admin.page.goto('/accounts');
    const account = admin.page.getByRole('form', { name: 'New staff account' });
    await account.getByLabel('First name').fill('Noor');
    await account.getByLabel('Last name').fill('Haddad');
    await account.getByLabel('Employee number').fill('E9001');
    await account.getByLabel('Username').fill('nhaddad');
    await account.getByLabel('First password (optional)').fill('maple river lantern 42');
    await account.getByLabel('Role').selectOption('teacher');
    await account.getByLabel('School').selectOption({ label: 'North High' });
    await account.getByRole('button', { name: 'Create the account' }).click();
    await admin.page.getByText('Noor Haddad can sign in as nhaddad, as teacher at North High.').waitFor();
    // The catalog, as the district office keeps it.
    await admin.page.getByRole('link', { name: 'School setup' }).click();
    await openTab(admin.page, 'Courses');
    await admin.page.getByRole('region', { name: 'Courses of the catalog' }).getByRole('row', { name: /230201.*ENGLISH 10A/ }).waitFor();
    // Only the rows in view are drawn; the table still says how many there are.
    const catalog = admin.page.getByRole('region', { name: 'Courses of the catalog' });
    expect(await catalog.getByRole('table').getAttribute('aria-rowcount')).toBe('3002');
    expect(await catalog.locator('tbody tr[aria-rowindex]').count()).toBeLessThan(60);
    await admin.page.getByText('3001 courses').waitFor();
    await admin.page.getByRole('button', { name: 'New course' }).click();
    await expectAccessible(admin.page, 'course catalog with the new course form');
    await screenshot(admin.page, '95-admin-course-catalog');
    await admin.context.close();

    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal');
    await page.getByRole('link', { name: 'School setup' }).click();
    await page.getByRole('heading', { level: 1, name: 'School setup' }).waitFor();

    await openTab(page, 'Rooms');
    await page.getByRole('button', { name: 'New room' }).click();
    const roomForm = page.getByRole('form', { name: 'New room' });
    await roomForm.getByLabel('Room number').fill('214');
    await roomForm.getByLabel('Kind').fill('classroom');
    await roomForm.getByLabel('Seats').fill('32');
    await expectAccessible(page, 'new room form');
    await roomForm.getByRole('button', { name: 'Save the room' }).click();
    await page.getByText('Room 214 is saved.').waitFor();

    await openTab(page, 'Bell schedules');
    await page.getByRole('table', { name: 'Periods of the school day' }).getByRole('row', { name: /P1.*Period 1/ }).waitFor();
    // A period that sections meet in stays, and the refusal names them.
    await page.getByRole('button', { name: 'Remove period P1' }).click();
    await page.getByRole('alert').getByText('Period P1 is in use').waitFor();
    await page.getByRole('alert').getByText(/has 2 sections \(ENG10-01 \(2026-27\), ENG10-02 \(2026-27\)\): it cannot be removed/).waitFor();
    await expectAccessible(page, 'periods and bell schedules with a refused removal');

    await openTab(page, 'Sections');
    await page.getByRole('button', { name: 'New section' }).click();
    const form = page.getByRole('form', { name: /^New section in / });
    await form.getByLabel('Find the course').fill('2302');
    await form.getByLabel('Course', { exact: true }).selectOption({ label: '230201 ENGLISH 10A' });
    await form.getByLabel('Section code').fill('ENG10-05');
    await form.getByLabel('Term').selectOption('S1');
    await form.getByLabel('Period').selectOption({ label: 'P1 Period 1' });
    await form.getByLabel('Teacher').selectOption({ label: 'Haddad, Noor' });
    await form.getByLabel('Room').selectOption({ label: '214 (classroom, 32 seats)' });
    await form.getByLabel('Seats').fill('30');
    await expectAccessible(page, 'new section form');
    await form.getByRole('button', { name: 'Open the section' }).click();
    await page.getByText('ENG10-05 is saved: 230201 ENGLISH 10A, S1 P1, Noor Haddad, room 214.').waitFor();
    await page.getByRole('region', { name: /^Sections of / }).getByRole('row', { name: /ENG10-05.*Noor Haddad.*214.*0 \/ 30/ }).waitFor();
    await screenshot(page, '96-principal-new-section');

    // Seats below the students already in a section are refused, and the refusal says how many.
    await page.getByRole('button', { name: 'Change section ENG10-01' }).click();
    const change = page.getByRole('form', { name: 'Change section ENG10-01' });
    await change.getByLabel('Seats').fill('1');
    await change.getByRole('button', { name: 'Save ENG10-01' }).click();
    await change.getByRole('alert').getByText('ENG10-01 has more students than that').waitFor();
    await change.getByText(/^Seats: ENG10-01 has 2 students enrolled: it needs at least 2 seats/).waitFor();
    expect(await change.getByLabel('Seats').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'section form with refused seats');
    await context.close();

    const teacher = await newPerson(homeroom);
    await signIn(teacher.page, 'nhaddad', 'maple river lantern 42');
    await teacher.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My sections' }).click();
    await teacher.page.getByText(/^P1 — ENGLISH 10A\s*ENG10-05$/).waitFor();
    await expectAccessible(teacher.page, "the new teacher's sections");
    await teacher.context.close();
  });
});
