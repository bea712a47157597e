import { describe, expect, it } from 'vitest';
import { expectAccessible, h1, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// A school office's enrollment work (#17) on the fixture district: a child new to the district is
// registered, enrolled and scheduled at North High; a student moves from North to South mid-year.
const homeroom = useHomeroom();

describe('school office and district office', () => {
  it('registers a new student, is stopped before a second record of the same child, schedules, withdraws and re-enrolls the student', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal');
    await page.goto('/students');
    await page.getByRole('link', { name: 'New student' }).click();
    await h1(page).getByText('New student').waitFor();
    await page.getByLabel('First name').fill('Rowan');
    await page.getByLabel('Last name').fill('Quill');
    await page.getByLabel('Birth date').fill('2011-03-04');
    await page.getByLabel('Gender').selectOption('X');
    await page.getByLabel('School').selectOption({ label: 'North High' });
    // No grade chosen: the server's refusal is written under the field it names.
    await page.getByRole('button', { name: 'Register and enroll' }).click();
    await page.getByText('Grade: North High teaches grade 9 to grade 12').waitFor();
    expect(await page.getByLabel('Grade').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'new student form with a refused field');
    await page.getByLabel('Grade').selectOption('9');
    await screenshot(page, '90-office-new-student');
    await page.getByRole('button', { name: 'Register and enroll' }).click();
    await h1(page).getByText('Quill, Rowan').waitFor();
    const rowan = await homeroom.db.selectFrom('student').select('id').where('last_name', '=', 'Quill').executeTakeFirstOrThrow();
    expect(page.url()).toContain(`/students/${rowan.id}`);
    await page.getByRole('cell', { name: /\(E1\)/ }).waitFor();

    // The same child again: the office is shown the record instead of making a second one.
    await page.goto('/students/new');
    await page.getByLabel('First name').fill('rowan');
    await page.getByLabel('Last name').fill('QUILL');
    await page.getByLabel('Birth date').fill('2011-03-04');
    await page.getByLabel('Gender').selectOption('X');
    await page.getByLabel('School').selectOption({ label: 'North High' });
    await page.getByLabel('Grade').selectOption('9');
    await page.getByRole('button', { name: 'Register and enroll' }).click();
    await page.getByText('This child may already be in the district').waitFor();
    await page.getByRole('link', { name: 'Open the record of Rowan Quill' }).waitFor();
    await screenshot(page, '91-office-possible-duplicate');
    await expectAccessible(page, 'possible duplicate');
    expect(await homeroom.db.selectFrom('student').select('id').where('last_name', '=', 'Quill').execute()).toHaveLength(1);

    // Scheduled with the schedule change on the student's record.
    await page.getByRole('link', { name: 'Open the record of Rowan Quill' }).click();
    await h1(page).getByText('Quill, Rowan').waitFor();
    await page.getByRole('tab', { name: 'Schedule change' }).click();
    const change = page.getByRole('form', { name: 'Change Rowan’s schedule' });
    await change.getByLabel(/^ENG10-01 — ENGLISH 10A/).check();
    await change.getByLabel('Reason', { exact: true }).fill('new student, placed at registration');
    await change.getByRole('button', { name: 'Check clashes and seats' }).click();
    await change.getByText('No clashes, and there are seats. You can save.').waitFor();
    await change.getByRole('button', { name: 'Save the change' }).click();
    await change.getByText(/^Saved\. The schedule/).waitFor();
    const roster = await homeroom.db.selectFrom('section_roster').select('section_id').where('student_id', '=', rowan.id).where('end_date', 'is', null).execute();
    expect(roster).toEqual([{ section_id: homeroom.district.sections.taught }]);

    // The family leaves and comes back the same day: the office withdraws Rowan, then finds the
    // record from "New student" and enrolls it again instead of making a second one.
    await page.getByRole('button', { name: 'Withdraw from North High' }).click();
    const withdrawal = page.getByRole('form', { name: 'Withdraw from North High' });
    await withdrawal.getByLabel('Exit code').selectOption('T240');
    await expectAccessible(page, 'withdrawal form');
    await withdrawal.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByText(/^Withdrawn from North High on .* \(T240\)\. Their place in 1 class there ended the same day\.$/).waitFor();
    await page.getByText('Rowan is no longer a student your office serves; the record stays with the district.').waitFor();
    await page.goto('/students/new');
    await page.getByLabel('First name').fill('Rowan');
    await page.getByLabel('Last name').fill('Quill');
    await page.getByLabel('Birth date').fill('2011-03-04');
    await page.getByLabel('Gender').selectOption('X');
    await page.getByLabel('School').selectOption({ label: 'North High' });
    await page.getByLabel('Grade').selectOption('9');
    await page.getByRole('button', { name: 'Register and enroll' }).click();
    await page.getByRole('button', { name: 'Enroll Rowan Quill (1005) instead' }).click();
    await h1(page).getByText('Quill, Rowan').waitFor();
    await page.getByRole('cell', { name: /\(E3\)/ }).waitFor();
    const enrollments = await homeroom.db.selectFrom('enrollment').select(['entry_code', 'exit_code']).where('student_id', '=', rowan.id).orderBy('id').execute();
    expect(enrollments).toEqual([{ entry_code: 'E1', exit_code: 'T240' }, { entry_code: 'E3', exit_code: null }]);
    await context.close();
  });

  it('transfers a student from North to South mid-year, and the classes at North end that day', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin');
    const avery = homeroom.district.students.avery;
    await page.goto(`/students/${avery}`);
    await h1(page).getByText('Stone, Avery').waitFor();
    await page.getByRole('button', { name: 'Transfer to another school' }).click();
    const form = page.getByRole('form', { name: 'Transfer from North High' });
    await form.getByLabel('School').selectOption({ label: 'South High' });
    expect(await form.getByLabel('Grade').inputValue()).toBe('10');
    await form.getByLabel('Transfer date').fill('2026-08-01');
    await form.getByRole('button', { name: 'Transfer' }).click();
    await form.getByText('Transfer date: the enrollment began on 2026-08-10').waitFor();
    await form.getByLabel('Transfer date').fill('2026-11-16');
    await form.getByLabel('Note (optional)').fill('family moved across town');
    await expectAccessible(page, 'transfer form');
    await screenshot(page, '92-office-transfer');
    await form.getByRole('button', { name: 'Transfer' }).click();
    await page.getByText('Transferred from North High on Nov 16, 2026. Their place in 1 class there ended the same day.').waitFor();
    const history = page.getByRole('table', { name: 'Schools attended, most recent first' });
    await history.getByRole('row').filter({ hasText: 'South High' }).getByText('Still enrolled').waitFor();
    await history.getByRole('row').filter({ hasText: 'North High' }).getByText('(T160)').waitFor();

    const roster = await homeroom.db.selectFrom('section_roster').select(['end_date']).where('student_id', '=', avery).where('section_id', '=', homeroom.district.sections.taught).execute();
    expect(roster).toEqual([{ end_date: '2026-11-16' }]);
    // The schedule of the Friday before still shows the class at North; the transfer day's does not.
    await page.getByLabel('Schedule on date').fill('2026-11-13');
    await page.getByRole('row').filter({ hasText: 'ENG10-01' }).waitFor();
    await page.getByLabel('Schedule on date').fill('2026-11-16');
    await page.getByText('No classes on this date.').waitFor();
    await expectAccessible(page, 'profile after a transfer');
    await context.close();
  });

  it("gives a new teacher an account and a role at North High, and the teacher signs in to a teacher's home", async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin');
    await page.goto('/accounts');
    const form = page.getByRole('form', { name: 'New staff account' });
    await form.getByLabel('First name').fill('Noor');
    await form.getByLabel('Last name').fill('Haddad');
    await form.getByLabel('Employee number').fill('E9001');
    await form.getByLabel('Username').fill('nhaddad');
    await form.getByLabel('First password (optional)').fill('password');
    await form.getByLabel('Role').selectOption('teacher');
    await form.getByLabel('School').selectOption({ label: 'North High' });
    await form.getByRole('button', { name: 'Create the account' }).click();
    await form.getByText(/^First password \(optional\): /).waitFor();
    await expectAccessible(page, 'new staff account with a refused field');
    await form.getByLabel('First password (optional)').fill('maple river lantern 42');
    await screenshot(page, '93-admin-new-teacher');
    await form.getByRole('button', { name: 'Create the account' }).click();
    await page.getByText('Noor Haddad can sign in as nhaddad, as teacher at North High.').waitFor();
    await context.close();

    const teacher = await newPerson(homeroom);
    await signIn(teacher.page, 'nhaddad', 'maple river lantern 42');
    await h1(teacher.page).getByText(/^Today, /).waitFor();
    const grants = await homeroom.db.selectFrom('user_role').innerJoin('app_user', 'app_user.id', 'user_role.user_id').select(['user_role.role', 'user_role.school_id']).where('app_user.username', '=', 'nhaddad').execute();
    expect(grants).toEqual([{ role: 'teacher', school_id: homeroom.district.schools.north }]);
    await teacher.context.close();
  });
});

