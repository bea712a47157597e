import { beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, h1, newPerson, screenshot, signIn, TABLET, useHomeroom } from './support/homeroom.ts';
import { addSouthSenior, prepareNorthRun } from './support/scenarios.ts';

// The counselor's first-morning list and walk-in placement, a transfer mark typed in from another
// school's transcript, and the district administrator's API tokens, on the fixture district.
const homeroom = useHomeroom();
let senior: Awaited<ReturnType<typeof addSouthSenior>>;

beforeAll(async () => {
  senior = await addSouthSenior(homeroom.db, homeroom.district);
  await prepareNorthRun(homeroom.db, homeroom.district);
});

describe('counselor', () => {
  it('finds the senior whose schedule misses a required course and places him in the open seat that fits', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'counselor');
    await h1(page).getByText('Caseload and students').waitFor();
    await page.getByRole('link', { name: 'Students without a complete schedule, and walk-in placement' }).click();
    await h1(page).getByText('Students without a complete schedule: South High').waitFor();
    const list = page.locator('table[data-list="incomplete-schedules"]');
    const jordan = list.getByRole('row').filter({ hasText: 'Ellis, Jordan' });
    await jordan.getByRole('cell', { name: 'ECONOMICS (250101)' }).waitFor();
    await screenshot(page, '80-counselor-incomplete-schedules');
    await expectAccessible(page, 'incomplete schedules');

    await jordan.getByRole('button', { name: 'Place Ellis, Jordan in open seats' }).click();
    const placement = page.getByRole('group', { name: 'Placement of Ellis, Jordan' });
    // ECON-02 meets in period 1, when Jordan has English: the placement takes ECON-01 in period 2.
    await placement.getByText('Ellis, Jordan would be placed in 1 class: ECON-01. Nothing is saved yet.').waitFor();
    expect(await homeroom.db.selectFrom('section_roster').select('section_id').where('student_id', '=', senior.jordan).where('section_id', '=', senior.econFree).execute()).toEqual([]);
    await screenshot(page, '81-counselor-placement-preview');
    await expectAccessible(page, 'placement preview');
    await placement.getByRole('button', { name: 'Save the placement of Ellis, Jordan' }).click();
    await page.getByText('Saved: Ellis, Jordan is placed in 1 class (ECON-01).').waitFor();
    await page.getByText('Every student has a complete schedule.').waitFor();
    const roster = await homeroom.db.selectFrom('section_roster').select('section_id').where('student_id', '=', senior.jordan).where('end_date', 'is', null).execute();
    expect(roster.map((r) => r.section_id)).toContain(senior.econFree);
    await context.close();
  });

  it("adds a transfer mark from another school's transcript, with the reason", async () => {
    const { context, page } = await newPerson(homeroom, TABLET);
    await signIn(page, 'counselor');
    await h1(page).getByText('Caseload and students').waitFor();
    await page.goto(`/students/${homeroom.district.students.devon}`);
    await h1(page).getByText('Hart, Devon').waitFor();
    await page.getByRole('tab', { name: 'Transcript' }).click();
    await page.getByRole('button', { name: 'Add a transfer, summer-school or older mark' }).click();
    const form = page.getByRole('form', { name: 'Add a mark earned elsewhere' });
    await form.getByLabel('School where it was earned').fill('Harbor View High (out of district)');
    await form.getByLabel('Course code').fill('XFER-BIO');
    await form.getByLabel('Course title').fill('BIOLOGY A');
    await form.getByLabel('School year').fill('2025-26');
    await form.getByLabel('Term').selectOption('S2');
    await form.getByLabel('Mark').selectOption('A-');
    await form.getByLabel('A–G area').selectOption('d');
    await form.getByLabel('Subject (for the diploma requirements)').selectOption('science');
    await form.getByLabel('Reason').fill('transcript received from Harbor View on Sept 16');
    await screenshot(page, '82-counselor-transfer-mark-tablet');
    await expectAccessible(page, 'transfer mark form');
    await form.getByRole('button', { name: 'Add to the transcript' }).click();
    await page.getByText('BIOLOGY A (A-, 2025-26 S2) is on the transcript. The GPAs and the graduation audit are recomputed.').waitFor();
    await page.getByRole('cell', { name: /BIOLOGY A/ }).first().waitFor();
    const stored = await homeroom.db.selectFrom('transcript_entry').select(['source', 'source_school_name', 'mark', 'ag_area']).where('student_id', '=', homeroom.district.students.devon).where('course_code', '=', 'XFER-BIO').execute();
    expect(stored).toEqual([{ source: 'transfer', source_school_name: 'Harbor View High (out of district)', mark: 'A-', ag_area: 'd' }]);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await context.close();
  });
});

describe('teacher', () => {
  it('reads the roster of a class as it stood on a day, each student a link to their record', async () => {
    const { context, page } = await newPerson(homeroom, TABLET);
    await signIn(page, 'teacher');
    await h1(page).getByText(/^Today, /).waitFor();
    await page.goto('/sections');
    await page.getByRole('link', { name: 'Roster of ENG10-01' }).click();
    // Today is not on the fixture's calendar: said plainly, and another day can be chosen.
    await page.getByText(/^No school on .*Choose a school day/).waitFor();
    await page.getByLabel('Date').fill('2026-08-20');
    await h1(page).getByText('Roster of ENGLISH 10A — ENG10-01').waitFor();
    const roster = page.locator('table[data-list="roster"]');
    // Casey left the class on September 1: on August 20 she is still on it.
    await roster.getByRole('link', { name: 'Meadows, Casey' }).waitFor();
    expect(await roster.locator('tbody tr').count()).toBe(3);
    await screenshot(page, '85-teacher-roster-tablet');
    await expectAccessible(page, 'roster');
    await roster.getByRole('link', { name: 'Stone, Avery' }).click();
    await h1(page).getByText('Stone, Avery').waitFor();
    await context.close();
  });
});

describe('school administrator', () => {
  it('reads the first-morning figures on one screen and compares two scheduling runs', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal');
    await h1(page).getByText('North High').waitFor();
    await page.getByRole('link', { name: 'School and scheduling', exact: true }).click();
    await h1(page).getByText('North High: figures and scheduling').waitFor();
    await page.getByRole('link', { name: 'Who they are' }).waitFor();
    await page.getByLabel('Day', { exact: true }).fill('2026-08-20');
    await page.getByText('Aug 20, 2026: 0 of 1 class meetings taken; 1 not taken, by 1 teacher.').waitFor();

    const runs = page.getByRole('region', { name: 'Student scheduling run' });
    // The first run is committed, the second stays a preview: a discarded run keeps no placements to compare.
    for (const commit of [true, false]) {
      await page.getByRole('button', { name: 'Start a scheduling run' }).click();
      await page.getByText(/Preview — nothing has changed yet/).waitFor({ timeout: 60_000 });
      if (commit) {
        await page.getByRole('button', { name: 'Commit: make these the school’s schedules' }).click();
        await page.getByText(/^Committed/).waitFor();
      }
    }
    const compare = runs.getByRole('region', { name: 'Compare two runs' });
    await compare.getByRole('row', { name: /^Complete schedules/ }).waitFor();
    // The second run starts from the schedules the first one committed, so it changes nobody.
    await compare.getByText('0 students have a different schedule in the two runs.').waitFor();
    await screenshot(page, '83-principal-runs-compared');
    await expectAccessible(page, 'runs compared');
    await context.close();
  });
});

describe('district administrator', () => {
  it('issues an API token with one scope, sees the secret once, and revokes it', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin');
    await h1(page).getByText('SMALL Unified').waitFor();
    await page.getByRole('link', { name: 'API tokens', exact: true }).click();
    await h1(page).getByText('API tokens').waitFor();
    await page.getByLabel('What it is for').fill('Library nightly roster');
    await page.getByLabel(/Read student directory information and enrollment/).check();
    await page.getByLabel('It works for').selectOption('30');
    await page.getByRole('button', { name: 'Issue the token' }).click();
    const secret = await page.getByLabel('The token').inputValue();
    expect(secret).toMatch(/^hr_/);
    await page.getByText(/It works until .*; issue a new one before then\./).waitFor();
    const row = page.getByRole('row').filter({ hasText: 'Library nightly roster' });
    await row.getByRole('cell', { name: 'students.read' }).waitFor();
    await screenshot(page, '84-admin-api-token-issued');
    await expectAccessible(page, 'api tokens');
    await row.getByRole('button', { name: 'Revoke Library nightly roster' }).click();
    await row.getByRole('button', { name: 'Yes, revoke Library nightly roster' }).click();
    await page.getByText('Library nightly roster is revoked: its integration is refused from its next request on.').waitFor();
    await row.getByText(/^Revoked /).waitFor();
    // The secret is gone from the page once the token is revoked, and the server refuses it.
    expect(await page.getByLabel('The token').count()).toBe(0);
    const refused = await fetch(`${homeroom.baseUrl}/api/students?limit=1`, { headers: { authorization: `Bearer ${secret}` } });
    expect(refused.status).toBe(401);
    await context.close();
  });
});
