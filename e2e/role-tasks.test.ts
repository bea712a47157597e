import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, h1, newPerson, screenshot, signIn, TABLET, useHomeroom } from './support/homeroom.ts';
import { addSouthSenior, prepareNorthRun } from './support/scenarios.ts';

// Each role's main task on the screens built on the attendance, transcript, graduation, marks,
// scheduling and audit APIs, in a real browser against the real server and the built app.
const homeroom = useHomeroom();
let senior: Awaited<ReturnType<typeof addSouthSenior>>;

// A school day of the fixture district's calendar (the fixture has one week of school in August).
const SCHOOL_DAY = '2026-08-20';

beforeAll(async () => {
  senior = await addSouthSenior(homeroom.db, homeroom.district);
  await prepareNorthRun(homeroom.db, homeroom.district);
});


describe('teacher', () => {
  it('opens My sections, takes attendance for the whole roster and sees the save confirmed, then enters marks', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'teacher');
    await h1(page).getByText(/^Today, /).waitFor();
    await page.getByRole('link', { name: 'My sections', exact: true }).click();
    await h1(page).getByText('My sections').waitFor();
    const card = page.getByRole('listitem').filter({ hasText: 'ENG10-01' });
    await card.getByText('2 students, North High').waitFor();
    await screenshot(page, '30-teacher-my-sections');
    await expectAccessible(page, 'my sections');

    await card.getByRole('link', { name: /Roster and attendance/ }).click();
    await h1(page).getByText('Take attendance').waitFor();
    // Today is not on the fixture's calendar: said in words, and another day can be chosen.
    await page.getByLabel('Date').fill(SCHOOL_DAY);
    const sheet = page.locator('table.attendance-table');
    await sheet.waitFor();
    // On that day in August Casey was still in the class (she left on September 1): three students.
    expect(await sheet.locator('tbody tr').count()).toBe(3);
    await page.getByLabel(/Rivers, Blake/).selectOption('A');
    await page.getByRole('button', { name: /^Save/ }).click();
    await page.getByText(/Saved at \d{1,2}:\d{2}/).waitFor();
    await screenshot(page, '31-teacher-attendance-saved');
    await expectAccessible(page, 'attendance saved');
    const stored = await homeroom.db
      .selectFrom('period_attendance')
      .select(['student_id', 'code'])
      .where('section_id', '=', homeroom.district.sections.taught)
      .where('day', '=', SCHOOL_DAY)
      .execute();
    expect(stored.find((r) => r.student_id === homeroom.district.students.blake)?.code).toBe('A');

    await page.goto(`/sections/${homeroom.district.sections.taught}/marks`);
    await h1(page).getByText('Marks').waitFor();
    await page.getByLabel('Grading period').selectOption({ label: 'Fall final (S1-F), due Jan 27, 2027' });
    await page.getByLabel('Rivers, Blake').selectOption('B+');
    await page.getByLabel('Stone, Avery').selectOption('A-');
    await page.getByRole('button', { name: 'Save 2 marks' }).click();
    await page.getByText(/Saved at .*2 entered/).waitFor();
    await page.getByRole('button', { name: 'Post final marks to transcripts' }).click();
    await page.getByText(/Posted 2 final marks to transcripts/).waitFor();
    await screenshot(page, '32-teacher-marks-posted');
    await expectAccessible(page, 'marks');
    await context.close();
  });
});

describe('counselor', () => {
  it("fixes a senior's schedule so the audit turns to on schedule and the senior leaves the at-risk list", async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'counselor');
    await h1(page).getByText('Caseload and students').waitFor();
    await page.getByRole('link', { name: 'Graduation worklists', exact: true }).click();
    const atRisk = page.locator('table[data-list="seniors-at-risk"]');
    await atRisk.getByRole('row').filter({ hasText: 'Ellis, Jordan' }).getByText('Economics (5 credits)').waitFor();
    await screenshot(page, '40-counselor-worklists');
    await expectAccessible(page, 'graduation worklists');

    await atRisk.getByRole('link', { name: 'Ellis, Jordan' }).click();
    await h1(page).getByText('Ellis, Jordan').waitFor();
    await page.getByRole('tab', { name: 'Transcript' }).click();
    await page.getByText('Credits earned / attempted').waitFor();
    await page.getByRole('button', { name: /Why\? How WORLD HISTORY A/ }).click();
    await page.getByText('excluded: grade 9 is outside the UC window').waitFor();
    await screenshot(page, '41-counselor-transcript');
    await expectAccessible(page, 'transcript');
    // A grade-change form from the teacher: the counselor corrects the mark with the reason.
    await page.getByRole('button', { name: /Correct the mark in ROBOTICS/ }).click();
    await page.getByLabel('New mark').selectOption('A');
    await page.getByLabel('Reason for the correction').fill('teacher grade change form of June 3');
    await expectAccessible(page, 'correcting a mark');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.getByText('The mark in ROBOTICS is now A.').waitFor();
    await screenshot(page, '41b-counselor-transcript-corrected');
    await page.getByText(/ROBO, 2023-24 S2: B changed to A on .* — teacher grade change form of June 3/).waitFor();

    await page.getByRole('tab', { name: 'Graduation audit' }).click();
    const econ = page.locator('tr[data-requirement="econ"]');
    await econ.getByText('Missing').waitFor();
    expect(await page.getByTestId('on-schedule').innerText()).toContain('no');
    await screenshot(page, '42-counselor-audit-before');
    await expectAccessible(page, 'graduation audit');

    await page.getByRole('tab', { name: 'Course requests' }).click();
    await page.getByRole('button', { name: 'Preview proposals' }).click();
    await page.getByText(/250101.*required, priority 1: missing Economics/).waitFor();
    await page.getByRole('button', { name: 'Save this proposal' }).click();
    await page.getByText('Saved 1 proposed request for 2027-28.').waitFor();
    // The counselor lowers its priority: the change carries the version on screen (If-Match).
    await page.getByLabel('Priority of ECONOMICS').fill('2');
    await page.getByLabel('Reason for changing ECONOMICS').fill('student prefers band first');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByLabel('Reason for changing ECONOMICS').waitFor({ state: 'detached' });
    expect(await page.getByLabel('Priority of ECONOMICS').inputValue()).toBe('2');
    await screenshot(page, '42b-counselor-course-requests');
    await expectAccessible(page, 'course requests');

    // The clashing section first: the check says why, and nothing can be saved.
    await page.getByRole('tab', { name: 'Schedule change' }).click();
    await page.getByLabel(/^ECON-02 — ECONOMICS/).check();
    await page.getByLabel('Reason').fill('needs Economics to graduate');
    await page.getByRole('button', { name: 'Check clashes and seats' }).click();
    await page.getByText('ECON-02 clashes with ENG10-01 in S1-P1').waitFor();
    expect(await page.getByRole('button', { name: 'Save the change' }).isDisabled()).toBe(true);
    await screenshot(page, '43-counselor-schedule-change-clash');
    await expectAccessible(page, 'schedule change with a clash');

    await page.getByLabel(/^ECON-02 — ECONOMICS/).uncheck();
    await page.getByLabel(/^ECON-01 — ECONOMICS/).check();
    await page.getByRole('button', { name: 'Check clashes and seats' }).click();
    await page.getByText('No clashes, and there are seats. You can save.').waitFor();
    await page.getByText('ECON-01 0 of 30 taken').waitFor();
    await page.getByRole('button', { name: 'Save the change' }).click();
    await page.getByText(/^Saved\. The schedule/).waitFor();
    await screenshot(page, '44-counselor-schedule-change-saved');

    await page.getByRole('tab', { name: 'Graduation audit' }).click();
    await econ.getByText('In progress').first().waitFor();
    expect(await page.getByTestId('on-schedule').innerText()).toContain('yes');
    await screenshot(page, '45-counselor-audit-after');

    await page.getByRole('link', { name: 'Graduation worklists', exact: true }).click();
    await page.getByText('Every senior’s missing requirements are on their schedule.').waitFor();
    await context.close();
  });

  it('on a tablet, the audit table still reads', async () => {
    const { context, page } = await newPerson(homeroom, TABLET);
    await signIn(page, 'counselor');
    await h1(page).getByText('Caseload and students').waitFor();
    await page.goto(`/students/${senior.jordan}`);
    await page.getByRole('tab', { name: 'Graduation audit' }).click();
    await page.locator('tr[data-requirement="econ"]').waitFor();
    await screenshot(page, '46-counselor-audit-tablet');
    await expectAccessible(page, 'graduation audit on a tablet');
    await context.close();
  });
});

describe('school administrator', () => {
  it('sees the figures, checks and report, runs scheduling, previews and commits', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal');
    await h1(page).waitFor();
    await page.getByRole('link', { name: 'School and scheduling', exact: true }).click();
    await h1(page).getByText('North High: figures and scheduling').waitFor();
    await page.getByText('No problems found').waitFor();
    await page.getByRole('table', { name: 'Section fill' }).getByText('ART1-01').waitFor();
    // Today is not a school day in the fixture: said in words; a school day lists the classes not taken.
    await page.getByLabel('Day').fill(SCHOOL_DAY);
    await page.getByText(/class meetings taken/).waitFor();
    await screenshot(page, '50-admin-school');
    await expectAccessible(page, 'school and scheduling');

    await page.getByRole('button', { name: 'Start a scheduling run' }).click();
    await page.getByText(/Preview — nothing has changed yet/).waitFor({ timeout: 60_000 });
    await page.getByText('Required requests met').waitFor();
    await screenshot(page, '51-admin-run-preview');
    await expectAccessible(page, 'scheduling run preview');
    await page.getByRole('button', { name: /^Commit/ }).click();
    await page.getByText(/Committed.*Students’ schedules are updated/).waitFor();
    const art = await homeroom.db.selectFrom('section_roster').select('student_id').where('section_id', 'in', homeroom.db.selectFrom('section').select('id').where('code', '=', 'ART1-01')).where('end_date', 'is', null).execute();
    expect(art.length).toBeGreaterThan(0);
    await screenshot(page, '52-admin-run-committed');
    await context.close();
  });
});

describe('district administrator and help desk', () => {
  it('the help desk unlocks a locked account; the district administrator searches the audit trail with a CSV export', async () => {
    // Five wrong passwords lock the clerk's account.
    for (let i = 0; i < 5; i++) {
      await fetch(`${homeroom.baseUrl}/api/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'clerk', password: 'wrong' }) });
    }
    const help = await newPerson(homeroom);
    await signIn(help.page, 'helpdesk');
    await h1(help.page).waitFor();
    await help.page.getByRole('link', { name: 'Accounts', exact: true }).click();
    await help.page.getByLabel('Username or name').fill('clerk');
    await help.page.getByRole('button', { name: 'Find' }).click();
    await help.page.getByText(/Locked until/).waitFor();
    await screenshot(help.page, '60-helpdesk-accounts-locked');
    await expectAccessible(help.page, 'accounts');
    await help.page.getByRole('button', { name: 'Unlock clerk' }).click();
    await help.page.getByText('is unlocked and can sign in now').waitFor();
    await help.context.close();

    const clerk = await newPerson(homeroom);
    await signIn(clerk.page, 'clerk');
    await h1(clerk.page).waitFor();
    await clerk.context.close();

    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin');
    await h1(page).waitFor();
    await page.getByRole('link', { name: 'Audit trail', exact: true }).click();
    await page.getByLabel('Student (record number)').fill(String(senior.jordan));
    await page.getByRole('button', { name: 'Search' }).click();
    const rows = page.getByRole('table').getByRole('row');
    await rows.filter({ hasText: 'counselor' }).first().waitFor();
    const exportLink = page.getByRole('link', { name: /Download these rows as CSV/ });
    expect(await exportLink.getAttribute('href')).toBe(`/api/audit-events/export?studentId=${senior.jordan}`);
    const csv = await page.evaluate(async (href) => (await fetch(href)).text(), `/api/audit-events/export?studentId=${senior.jordan}`);
    expect(csv.split('\n').length).toBeGreaterThan(2);
    await screenshot(page, '61-admin-audit-trail');
    await expectAccessible(page, 'audit trail');
    await context.close();
  });
});
