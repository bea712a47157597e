import { describe, expect, it } from 'vitest';
import { enrollManyStudents, expectAccessible, h1, newPerson, screenshot, signIn, TABLET, trySignIn, useHomeroom } from './support/homeroom.ts';

// Each role's first task on the first morning, in a real browser against the real server and the
// built app. Screenshots of every main screen go to e2e/screenshots/.
const homeroom = useHomeroom();

describe('signing in', () => {
  it('says plainly when the password is wrong, and when the account is locked', async () => {
    const { context, page } = await newPerson(homeroom);
    await page.goto('/');
    // Signed out: any page leads to sign-in.
    await page.getByRole('heading', { name: 'Sign in to Homeroom' }).waitFor();
    await screenshot(page, '01-sign-in');
    await expectAccessible(page, 'sign-in');

    await trySignIn(page, 'teacher', 'not the password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('The username or password is not right');
    expect(await alert.innerText()).toContain('After 5 wrong tries in a row the account locks for 15 minutes');
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await screenshot(page, '02-sign-in-wrong-password');
    await expectAccessible(page, 'sign-in with an error');

    // Five wrong tries lock the account; the sixth is told so, with the time it unlocks.
    for (let i = 0; i < 6; i++) {
      await trySignIn(page, 'south-principal', 'still wrong');
      await page.getByRole('alert').waitFor();
    }
    await page.getByText('This account is locked for now').waitFor();
    expect(await page.getByRole('alert').innerText()).toMatch(/It unlocks at \d{1,2}:\d{2}\s?[AP]M, or the help desk can unlock it sooner/);
    await screenshot(page, '03-sign-in-locked');
    await context.close();
  });
});

describe('each role sees its home', () => {
  // How fast the first screen is drawn is measured by the bench web-first-screen, not here.
  it('teacher: today and the students in their classes', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'teacher');
    await h1(page).getByText(/^Today, /).waitFor();
    await page.getByRole('link', { name: 'Stone, Avery' }).waitFor();
    await page.getByRole('link', { name: 'Rivers, Blake' }).waitFor();
    // Casey left the section: not the teacher's student any more.
    expect(await page.getByRole('link', { name: /Meadows/ }).count()).toBe(0);

    // A fresh load of the first screen, as on the first morning.
    await page.goto('/');
    await page.getByRole('link', { name: 'Stone, Avery' }).waitFor();
    await screenshot(page, '10-teacher-home');
    await expectAccessible(page, 'teacher home');

    // From a class on the student's schedule, the teacher reaches the attendance sheet.
    await page.getByRole('link', { name: 'Stone, Avery' }).click();
    await h1(page).getByText('Stone, Avery').waitFor();
    await page.getByText('Special education (IEP)').waitFor();
    await page.getByRole('link', { name: 'Take attendance for ENG10-01' }).click();
    await h1(page).getByText('Take attendance').waitFor();
    // Today is not on the fixture's calendar: the sheet says so in words (role-tasks.test.ts takes
    // attendance on a school day).
    await page.locator('table.attendance-table, [role="alert"]').first().waitFor();
    await screenshot(page, '11-teacher-attendance');
    await expectAccessible(page, 'attendance');
    await context.close();
  });

  it('counselor: searches a student with the keyboard and opens the profile', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'counselor');
    await h1(page).getByText('Caseload and students').waitFor();
    await expectAccessible(page, 'counselor home');
    const search = page.getByLabel('Name or student ID');
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await search.fill('hart');
    await page.getByRole('link', { name: 'Hart, Devon' }).waitFor();
    expect(await page.getByRole('status').filter({ hasText: 'found' }).innerText()).toContain('1 student found');
    await screenshot(page, '20-counselor-search');
    await expectAccessible(page, 'student search results');

    await search.press('ArrowDown');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Hart, Devon');
    await page.keyboard.press('Enter');
    await h1(page).getByText('Hart, Devon').waitFor();
    // The transfer: one student, two enrollments, the current school first.
    const history = page.getByRole('table', { name: 'Schools attended, most recent first' });
    const rows = await history.getByRole('row').allInnerTexts();
    expect(rows[1]).toContain('South High');
    expect(rows[2]).toContain('North High');
    await screenshot(page, '21-student-profile');
    await expectAccessible(page, 'student profile');

    // The schedule as it was on a given day.
    await page.getByLabel('Schedule on date').fill('2026-09-01');
    await page.getByText('Showing Sep 1, 2026.').waitFor();
    expect(page.url()).toContain('on=2026-09-01');

    // Back returns to the same search (the date and the search text replace, not add, history entries).
    await page.goBack();
    await page.getByRole('link', { name: 'Hart, Devon' }).waitFor();
    expect(await page.getByLabel('Name or student ID').inputValue()).toBe('hart');

    // Someone else's student at another school is not there.
    await page.getByLabel('Name or student ID').fill('Stone');
    await page.getByText('No students match').waitFor();
    await context.close();
  });

  it('counselor on a tablet: the profile still reads well', async () => {
    const { context, page } = await newPerson(homeroom, TABLET);
    await signIn(page, 'counselor');
    await h1(page).getByText('Caseload and students').waitFor();
    await page.goto(`/students/${homeroom.district.students.devon}`);
    await h1(page).getByText('Hart, Devon').waitFor();
    await screenshot(page, '22-student-profile-tablet');
    await expectAccessible(page, 'student profile on a tablet');
    await context.close();
  });

  it('school administrator: their school in figures; district administrator: the district', async () => {
    const principal = await newPerson(homeroom);
    await signIn(principal.page, 'principal');
    await h1(principal.page).getByText('North High').waitFor();
    await principal.page.getByText('Students enrolled').first().waitFor();
    await screenshot(principal.page, '30-school-admin-home');
    await expectAccessible(principal.page, 'school administrator home');
    await principal.context.close();

    const admin = await newPerson(homeroom);
    await signIn(admin.page, 'admin');
    await h1(admin.page).getByText('SMALL Unified').waitFor();
    await admin.page.getByRole('rowheader', { name: 'South High' }).waitFor();
    await screenshot(admin.page, '31-district-admin-home');
    await expectAccessible(admin.page, 'district administrator home');
    await admin.context.close();
  });

  it('attendance clerk: student look-up at their school', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'clerk');
    await h1(page).getByText('Front office').waitFor();
    await page.getByLabel('Grade').selectOption('11');
    await page.getByRole('link', { name: 'Rivers, Blake' }).waitFor();
    await screenshot(page, '40-clerk-home');
    await expectAccessible(page, 'clerk home');
    await context.close();
  });

  it('student and parent: their own record', async () => {
    const student = await newPerson(homeroom);
    await signIn(student.page, 'student');
    await h1(student.page).getByText('Stone, Avery').waitFor();
    // A student does not see protected program flags or guardians.
    expect(await student.page.getByText('Special education (IEP)').count()).toBe(0);
    await screenshot(student.page, '50-student-home');
    await expectAccessible(student.page, 'student home');
    await student.context.close();

    const parent = await newPerson(homeroom);
    await signIn(parent.page, 'parent');
    await h1(parent.page).getByText('My children').waitFor();
    await parent.page.getByRole('link', { name: 'Stone, Avery' }).click();
    await h1(parent.page).getByText('Stone, Avery').waitFor();
    await screenshot(parent.page, '51-parent-child-profile');
    await expectAccessible(parent.page, 'parent: child profile');
    await parent.context.close();
  });
});

describe('changing a record', () => {
  it("a counselor's edit never overwrites someone else's: the stale save is refused in words, reload, save", async () => {
    const devon = `/students/${homeroom.district.students.devon}`;
    const counselor = await newPerson(homeroom);
    await signIn(counselor.page, 'counselor');
    await h1(counselor.page).getByText('Caseload and students').waitFor();
    await counselor.page.goto(devon);
    await h1(counselor.page).getByText('Hart, Devon').waitFor();
    await counselor.page.getByRole('button', { name: 'Change preferred name, language or directory opt-out' }).click();
    await counselor.page.getByLabel('Preferred name').fill('Dev');
    await counselor.page.getByLabel('Reason for the change').fill('student asked in a counseling meeting');

    // Meanwhile the district office changes the same record.
    const admin = await newPerson(homeroom);
    await signIn(admin.page, 'admin');
    await h1(admin.page).getByText('SMALL Unified').waitFor();
    await admin.page.goto(devon);
    await admin.page.getByRole('button', { name: 'Change preferred name, language or directory opt-out' }).click();
    await admin.page.getByLabel('Home language').fill('spanish');
    await admin.page.getByLabel('Reason for the change').fill('parent asked at the front office');
    await admin.page.getByRole('button', { name: 'Save changes' }).click();
    await admin.page.getByText('Saved. The change and your reason').waitFor();
    await admin.context.close();

    await counselor.page.getByRole('button', { name: 'Save changes' }).click();
    const alert = counselor.page.getByRole('alert');
    await alert.getByText('Someone else changed this student since you opened it').waitFor();
    expect(await alert.innerText()).toContain('Nothing was saved.');
    await screenshot(counselor.page, '24-student-edit-conflict');
    await expectAccessible(counselor.page, 'edit conflict');
    await alert.getByRole('button', { name: 'Reload the student' }).click();
    await counselor.page.getByText('Reloaded with the latest changes').waitFor();
    await counselor.page.getByText('spanish').waitFor();

    await counselor.page.getByRole('button', { name: 'Change preferred name, language or directory opt-out' }).click();
    await counselor.page.getByLabel('Preferred name').fill('Dev');
    await counselor.page.getByLabel('Reason for the change').fill('student asked in a counseling meeting');
    await counselor.page.getByRole('button', { name: 'Save changes' }).click();
    await h1(counselor.page).getByText('Hart, Devon (Dev)').waitFor();
    await counselor.context.close();
  });
});

describe('lists of thousands and lost connections', () => {
  it('a large grade: results arrive 100 at a time as the list scrolls, and only visible rows are drawn', async () => {
    await enrollManyStudents(homeroom, 1200, homeroom.district.schools.north, 12);
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal');
    await h1(page).getByText('North High').waitFor();
    await page.goto('/students?grade=12');
    await page.getByText('100+ students found; scroll for more.').waitFor();
    const drawn = () => page.locator('.results tbody tr[aria-rowindex]').count();
    expect(await drawn()).toBeLessThan(60);
    await screenshot(page, '32-search-large-grade');
    await expectAccessible(page, 'large search results');

    // Scroll to the end: every page loads, yet the page still draws only a screenful of rows.
    const results = page.locator('.results');
    const started = Date.now();
    for (let i = 0; i < 120; i++) {
      if ((await page.getByText('1201 students found.').count()) > 0) break;
      await results.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      await page.waitForTimeout(100);
    }
    await page.getByText('1201 students found.').waitFor();
    console.log(`12 more pages of students loaded by scrolling in ${Date.now() - started} ms`);
    expect(await drawn()).toBeLessThan(60);
    await page.getByRole('link', { name: 'Oakley-01200, Sample' }).waitFor();
    await context.close();
  });

  it('a lost connection is said in words, and the search works again once it is back', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'counselor');
    await h1(page).getByText('Caseload and students').waitFor();
    await context.setOffline(true);
    await page.getByLabel('Name or student ID').fill('Hart');
    const alert = page.getByRole('alert');
    await alert.getByText('Homeroom did not answer').waitFor();
    expect(await alert.innerText()).toContain('Check your connection; nothing was lost.');
    await screenshot(page, '23-search-offline');
    await context.setOffline(false);
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.getByRole('link', { name: 'Hart, Devon' }).waitFor();
    await context.close();
  });
});

describe('help desk', () => {
  it('views as a teacher, read-only with a banner on every page, and stops', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'helpdesk');
    await h1(page).getByText('Help desk').waitFor();
    await screenshot(page, '60-help-desk-home');
    await expectAccessible(page, 'help desk home');

    // The reason is required and checked by the server too.
    await page.getByLabel('Their username').fill('teacher');
    await page.getByLabel('Reason').fill('Ticket 4412: cannot see her class');
    await page.getByRole('button', { name: 'View as this user' }).click();
    const banner = page.getByRole('region', { name: 'Viewing as another user' });
    await banner.waitFor();
    expect(await banner.innerText()).toContain('Viewing as teacher (teacher), Teacher — read-only.');
    await h1(page).getByText(/^Today, /).waitFor();
    await page.getByRole('link', { name: 'Stone, Avery' }).waitFor();
    await screenshot(page, '61-help-desk-viewing-as-teacher');
    await expectAccessible(page, 'help desk viewing as a teacher');

    // The banner stays on every page.
    await page.getByRole('link', { name: 'Stone, Avery' }).click();
    await h1(page).getByText('Stone, Avery').waitFor();
    await banner.waitFor();
    // Read-only: no way into attendance while viewing.
    expect(await page.getByRole('link', { name: /Take attendance/ }).count()).toBe(0);

    await page.getByRole('button', { name: 'Stop viewing as teacher' }).click();
    await h1(page).getByText('Help desk').waitFor();
    expect(await banner.count()).toBe(0);

    // An account the help desk may not view: the server's reason, in words.
    await page.getByLabel('Their username').fill('admin');
    await page.getByLabel('Reason').fill('Ticket 4413: checking');
    await page.getByRole('button', { name: 'View as this user' }).click();
    await page.getByText('You cannot view as this user').waitFor();
    await context.close();
  });
});

describe('signing out', () => {
  it('signs out of this browser, and everywhere', async () => {
    const first = await newPerson(homeroom);
    const second = await newPerson(homeroom);
    await signIn(first.page, 'principal');
    await signIn(second.page, 'principal');
    await h1(first.page).getByText('North High').waitFor();
    await h1(second.page).getByText('North High').waitFor();

    await first.page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await first.page.getByText(/You are signed out of \d+ browsers and devices/).waitFor();
    await screenshot(first.page, '70-signed-out');
    // The other browser's session ended too: its next page asks to sign in.
    await second.page.goto('/students');
    await second.page.getByRole('heading', { name: 'Sign in to Homeroom' }).waitFor();

    await signIn(second.page, 'principal');
    await h1(second.page).getByText('North High').waitFor();
    await second.page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await second.page.getByText('You are signed out.').waitFor();
    await first.context.close();
    await second.context.close();
  });
});
