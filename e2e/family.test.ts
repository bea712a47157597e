import { describe, expect, it } from 'vitest';
import { expectAccessible, h1, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// A school office keeps a student's family (#17) on the fixture district: North High's office
// adds Avery's father with pick-up rights, restricts her mother by court order, and adds an aunt
// as an emergency contact; the mother's own account then no longer opens Avery's record.
const homeroom = useHomeroom();

describe('the school office and a family', () => {
  it('adds a guardian who may pick up, restricts another by court order, adds an emergency contact, and the restricted guardian loses the record', async () => {
    const avery = homeroom.district.students.avery;
    const parent = await newPerson(homeroom);
    await signIn(parent.page, 'parent');
    await parent.page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await parent.page.goto(`/students/${avery}`);
    await h1(parent.page).getByText('Stone, Avery').waitFor();

    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'clerk');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto(`/students/${avery}`);
    await h1(page).getByText('Stone, Avery').waitFor();
    const family = page.getByRole('region', { name: 'Family and emergency contacts' });
    await family.getByText('Morgan Stone (mother)').waitFor();

    // A father new to the district, who may pick Avery up.
    await family.getByRole('button', { name: 'Add a guardian' }).click();
    const add = page.getByRole('form', { name: 'Add a guardian' });
    await add.getByLabel('First name').fill('Jordan');
    await add.getByLabel('Last name').fill('Stone');
    await add.getByLabel('Phone').fill('call me');
    await add.getByLabel(/^Relationship to the student/).fill('father');
    await add.getByRole('button', { name: 'Add the guardian' }).click();
    await add.getByText(/^Phone: must be a phone number/).waitFor();
    expect(await add.getByLabel('Phone').getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page, 'add a guardian with a refused field');
    await add.getByLabel('Phone').fill('(213) 555-0123');
    expect(await add.getByLabel(/^May pick up the student/).isChecked()).toBe(true);
    await screenshot(page, '100-office-add-guardian');
    await add.getByRole('button', { name: 'Add the guardian' }).click();
    await family.getByText('Jordan Stone added as father.').waitFor();

    // The mother: a court order keeps her from Avery and from the record.
    await family.getByRole('button', { name: 'Change rights of Morgan Stone' }).click();
    const rights = page.getByRole('form', { name: 'Change Morgan Stone’s relationship and rights' });
    await rights.getByLabel(/^Access restricted by a court order/).check();
    expect(await rights.getByLabel(/^May pick up the student/).isDisabled()).toBe(true);
    await rights.getByLabel('The order on file').fill('Restraining order, case 26FL0042, Superior Court');
    await rights.getByLabel('Issued on').fill('2026-11-30');
    await expectAccessible(page, 'a guardian’s rights with a court order');
    await rights.getByRole('button', { name: 'Save the rights' }).click();
    await family.getByText('Morgan Stone’s rights saved: access restricted.').waitFor();
    const morgan = family.getByRole('listitem').filter({ hasText: 'Morgan Stone' });
    await morgan.getByText('Access restricted by court order: do not release information or the student to Morgan Stone.').waitFor();
    await morgan.getByText('May not pick up the student').waitFor();
    await morgan.getByText(/Court order on file, issued .*: Restraining order, case 26FL0042/).waitFor();
    await family.getByRole('listitem').filter({ hasText: 'Jordan Stone' }).getByText('May pick up the student').waitFor();

    // An aunt who is not a guardian, called in an emergency and allowed to pick Avery up.
    await family.getByRole('button', { name: 'Add an emergency contact' }).click();
    const contact = page.getByRole('form', { name: 'Add an emergency contact' });
    await contact.getByLabel('First name').fill('Lena');
    await contact.getByLabel('Last name').fill('Park');
    await contact.getByLabel(/^Relationship to the student/).fill('aunt');
    await contact.getByLabel('Phone', { exact: true }).fill('(213) 555-0142');
    await contact.getByLabel('May pick up the student').check();
    await contact.getByRole('button', { name: 'Add the contact' }).click();
    await family.getByText('Lena Park added as an emergency contact.').waitFor();
    await family.getByRole('table', { name: 'Emergency contacts, in the order they are called' }).getByRole('row').filter({ hasText: 'Lena Park' }).getByText('(213) 555-0142').waitFor();
    await expectAccessible(page, 'family panel');
    await screenshot(page, '101-office-family');

    const links = await homeroom.db.selectFrom('student_guardian').innerJoin('guardian', 'guardian.id', 'student_guardian.guardian_id')
      .select(['guardian.first_name', 'student_guardian.access_restricted', 'student_guardian.may_pick_up', 'student_guardian.court_order_note'])
      .where('student_guardian.student_id', '=', avery).orderBy('guardian.first_name').execute();
    expect(links).toEqual([
      { first_name: 'Jordan', access_restricted: false, may_pick_up: true, court_order_note: null },
      { first_name: 'Morgan', access_restricted: true, may_pick_up: false, court_order_note: 'Restraining order, case 26FL0042, Superior Court' },
    ]);
    expect(await homeroom.db.selectFrom('student_contact').select(['first_name', 'may_pick_up']).where('student_id', '=', avery).execute()).toEqual([{ first_name: 'Lena', may_pick_up: true }]);
    await context.close();

    // The mother's account, signed in before the order, no longer opens Avery's record.
    await parent.page.goto(`/students/${avery}`);
    await parent.page.getByText('This student does not exist or you cannot see it.').waitFor();
    await parent.context.close();
  });
});
