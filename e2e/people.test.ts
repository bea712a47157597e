import { describe, expect, it } from 'vitest';
import { expectAccessible, h1, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// People and accounts (#17): the district administrator puts a new teacher on the staff, gives her
// an account and the teacher role at North High from today; she signs in; the administrator turns
// the account off and her session ends with it.
const homeroom = useHomeroom();

const PASSWORD = 'maple river lantern 42';

describe('people and accounts', () => {
  it("gives a new teacher an account and a role from today, and turning the account off ends the teacher's session", async () => {
    const admin = await newPerson(homeroom);
    const page = admin.page;
    await signIn(page, 'admin');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.getByRole('link', { name: 'People and accounts' }).click();
    await h1(page).getByText('People and accounts').waitFor();
    await page.getByRole('table', { name: 'Staff, by last name' }).waitFor();
    await expectAccessible(page, 'staff list');

    await page.getByRole('button', { name: 'Add a staff member' }).click();
    const form = page.getByRole('form', { name: 'New staff member' });
    await form.getByLabel('First name').fill('Ines');
    await form.getByLabel('Last name').fill('Varga');
    await form.getByLabel('Employee number').fill('E9101');
    await form.getByLabel('School').selectOption({ label: 'North High' });
    await form.getByLabel('Assignment').selectOption('teacher');
    await form.getByLabel('Title (optional)').fill('Grade 9 mathematics');
    await form.getByLabel('FTE (share of full time)').fill('1.5');
    await form.getByRole('button', { name: 'Add to the staff' }).click();
    await form.getByText(/^FTE \(share of full time\): /).waitFor();
    await expectAccessible(page, 'new staff member with a refused field');
    await form.getByLabel('FTE (share of full time)').fill('1');
    await form.getByRole('button', { name: 'Add to the staff' }).click();
    await h1(page).getByText('Ines Varga').waitFor();
    await page.getByRole('row').filter({ hasText: 'Grade 9 mathematics' }).waitFor();

    const account = page.getByRole('form', { name: 'Create an account for Ines Varga' });
    await account.getByLabel('Username').fill('ivarga');
    await account.getByLabel('First password (optional)').fill(PASSWORD);
    await account.getByRole('button', { name: 'Create the account' }).click();
    await page.getByText('Ines Varga can sign in as ivarga.').waitFor();
    await page.getByText('No roles granted: the account signs in to nothing.').waitFor();

    const grant = page.getByRole('form', { name: 'Grant a role' });
    await grant.getByLabel('Role').selectOption('teacher');
    await grant.getByLabel('At school').selectOption({ label: 'North High' });
    await grant.getByRole('button', { name: 'Grant the role' }).click();
    await page.getByText(/^ivarga holds teacher at North High from /).waitFor();
    const grants = page.getByRole('table', { name: /^Role grants of ivarga/ });
    await grants.getByRole('row').filter({ hasText: 'North High' }).getByText('Holds').waitFor();
    await expectAccessible(page, "staff member's page");
    await screenshot(page, '95-admin-staff-member');

    const teacher = await newPerson(homeroom);
    await signIn(teacher.page, 'ivarga', PASSWORD);
    await teacher.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await h1(teacher.page).getByText(/^Today, /).waitFor();

    // Keyboard only: the button opens the confirmation, whose reason field takes the focus order next.
    await page.getByRole('button', { name: 'Turn off the account' }).focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('form', { name: 'Turn off the account of Ines Varga?' });
    await confirm.getByLabel('Reason (optional)').fill('hired in error');
    await expectAccessible(page, 'turning an account off');
    await confirm.getByRole('button', { name: 'Turn off now' }).click();
    await page.getByText('The account of Ines Varga is turned off: 1 session ended, 0 API tokens revoked.').waitFor();
    const user = await homeroom.db.selectFrom('app_user').select(['id', 'disabled']).where('username', '=', 'ivarga').executeTakeFirstOrThrow();
    expect(user.disabled).toBe(true);
    expect(await homeroom.db.selectFrom('user_session').select('id').where('user_id', '=', user.id).execute()).toEqual([]);

    // The teacher's next step finds the session gone, and the sign-in page refuses the account.
    await teacher.page.goto('/sections');
    await teacher.page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
    await admin.context.close();
    await teacher.context.close();
  });

  it('finds the new teacher in the staff list and sets the sign-in claim, refusing one a person can change', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto('/people');
    await page.getByLabel('Find a staff member').fill('E9101');
    await page.getByRole('link', { name: 'Varga, Ines' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'Varga, Ines' }).getByText('Account turned off').waitFor();

    await page.getByRole('link', { name: 'Sign-in settings' }).click();
    await h1(page).getByText('Sign-in settings').waitFor();
    await page.getByLabel('Claim with the employee number (staff)').fill('email');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Claim with the employee number \(staff\): email is a claim a person can change/).waitFor();
    await expectAccessible(page, 'sign-in settings with a refused claim');
    await page.getByLabel('Claim with the employee number (staff)').fill('employee_id');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Saved\. People not linked yet/).waitFor();
    const saved = await homeroom.db.selectFrom('district_sso_setting').select(['employee_id_claim', 'version']).executeTakeFirstOrThrow();
    expect(saved).toEqual({ employee_id_claim: 'employee_id', version: 1 });
    await context.close();
  });

  it("gives a student an account from the student's record, with the student role at the student's school", async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`/students/${homeroom.district.students.blake}`);
    await h1(page).getByText('Rivers, Blake').waitFor();
    const accounts = page.getByRole('region', { name: 'Accounts' });
    const form = accounts.getByRole('form', { name: 'Create an account for Blake Rivers' });
    await form.getByLabel('Username').fill('blake.rivers');
    await form.getByLabel('First password (optional)').fill(PASSWORD);
    await form.getByRole('button', { name: 'Create the account' }).click();
    await accounts.getByText('Blake Rivers can sign in as blake.rivers.').waitFor();
    await accounts.getByRole('table', { name: /^Role grants of blake\.rivers/ }).getByRole('row').filter({ hasText: 'North High' }).getByText('Holds').waitFor();
    await expectAccessible(page, "accounts on the student's record");
    await context.close();

    const student = await newPerson(homeroom);
    await signIn(student.page, 'blake.rivers', PASSWORD);
    await student.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await student.context.close();
  });
});
