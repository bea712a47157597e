import { describe, expect, it } from 'vitest';
import { districtToday } from '../packages/server/src/clock.ts';
import { DEMO_PASSWORD } from '../packages/server/src/auth/demo-accounts.ts';
import { firstSchoolDayFrom } from '../packages/server/src/modules/readiness/readiness.repository.ts';
import { expectAccessible, newPerson, screenshot, signIn, startDemoHomeroom, useHomeroom } from './support/homeroom.ts';

// The Go/No-Go screen on the demo district: a senior sits in a course she already passed, and the
// district administrator's report says No-Go and names her, with a link that opens her record.
const homeroom = useHomeroom(startDemoHomeroom);

describe('go-live readiness on the demo district', () => {
  it('says No-Go, names the senior placed in a course she passed, opens her record, and shows the trend with its table', async () => {
    const db = homeroom.db;
    const { id: d } = await db.selectFrom('district').select('id').orderBy('id').executeTakeFirstOrThrow();
    const day = (await firstSchoolDayFrom(db, d, await districtToday(db, d))) ?? (await districtToday(db, d));
    // A senior on a roster on the day judged, in a course that may not be repeated for credit.
    const seat = await db
      .selectFrom('section_roster as r')
      .innerJoin('section as s', 's.id', 'r.section_id')
      .innerJoin('course as c', 'c.id', 's.course_id')
      .innerJoin('enrollment as e', (j) => j.onRef('e.student_id', '=', 'r.student_id').onRef('e.school_year_id', '=', 's.school_year_id'))
      .innerJoin('student as st', 'st.id', 'r.student_id')
      .select(['r.student_id', 'st.local_id', 'st.first_name', 'st.last_name', 's.school_id', 's.code as section', 'c.id as course_id', 'c.code', 'c.title', 'c.credits'])
      .where('e.grade_level', '=', 12)
      .where('e.exit_date', 'is', null)
      .where('c.repeatable_for_credit', '=', false)
      .where('r.start_date', '<=', day)
      .where((eb) => eb.or([eb('r.end_date', 'is', null), eb('r.end_date', '>', day)]))
      .orderBy('st.local_id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('transcript_entry')
      .values({
        district_id: d, student_id: seat.student_id, school_id: seat.school_id, course_id: seat.course_id, course_code: seat.code, course_title: seat.title,
        grade_level: 10, school_year: '2024-25', term: 'S1', mark: 'B', credits: seat.credits, source: 'historical',
      })
      .execute();

    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin', DEMO_PASSWORD);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Go-live readiness', exact: true }).click();
    const verdict = page.getByRole('heading', { level: 2, name: /^No-Go for / });
    await verdict.waitFor({ timeout: 60_000 });

    const passed = page.locator('[data-evidence="passed-courses-scheduled"]');
    const her = passed.getByRole('link', { name: `Student ${seat.local_id}` });
    await her.first().waitFor();
    await expect(passed.getByText(`Section ${seat.section}`).first().isVisible()).resolves.toBe(true);
    const row = page.locator('[data-check="passed-courses-scheduled"]');
    await expect(row.textContent()).resolves.toMatch(/Fail/);
    await expect(page.locator('[data-check="students-without-complete-schedule"]').textContent()).resolves.toMatch(/at most 0/);
    // The trend: the chart for the eye, the same figures in a table for everyone.
    await page.getByRole('table', { name: "Each run's verdict and figures, oldest first" }).waitFor();
    await page.locator('.chart svg').first().waitFor();
    await screenshot(page, '60-readiness-no-go');
    await expectAccessible(page, 'go-live readiness');

    await her.first().click();
    await page.getByRole('heading', { level: 1, name: new RegExp(seat.last_name) }).waitFor();
    await context.close();
  }, 240_000);
});
