import { describe, expect, it } from 'vitest';
import { putRightAndRecordEvidence, READINESS_DAY } from '../packages/server/src/testing/readiness-district.ts';
import { expectAccessible, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// The verdict turning: on the small district, a student without a class keeps the report at No-Go
// and is named; once he has his class, a load test is recorded and an import has reconciled the
// old system's figures, the same screen says Go.
const homeroom = useHomeroom();

describe('go-live readiness turning to Go', () => {
  it('names the student without a class, and says Go once every check has its evidence', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin');
    await page.goto(`/readiness?date=${READINESS_DAY}`);
    await page.getByRole('heading', { level: 2, name: /^No-Go for / }).waitFor({ timeout: 60_000 });
    const schedules = page.locator('[data-evidence="students-without-complete-schedule"]');
    await schedules.getByRole('link', { name: 'Student 1004' }).first().waitFor();
    await expect(page.locator('[data-check="load-test"]').textContent()).resolves.toMatch(/Unknown/i);

    await putRightAndRecordEvidence(homeroom.db, homeroom.district);
    await page.reload();
    await page.getByRole('heading', { level: 2, name: /^Go for / }).waitFor({ timeout: 60_000 });
    await expect(page.locator('[data-check="load-test"]').textContent()).resolves.toMatch(/212/);
    await expect(page.locator('[data-check="gpa-reconciliation"]').textContent()).resolves.toMatch(/Pass/i);
    // Both runs are kept: the trend table has the No-Go and the Go.
    const trend = page.getByRole('table', { name: "Each run's verdict and figures, oldest first" });
    await trend.waitFor();
    await expect(trend.textContent()).resolves.toMatch(/No-Go[\s\S]*Go/);
    await screenshot(page, '62-readiness-go');
    await expectAccessible(page, 'go-live readiness, Go');
    await context.close();
  }, 180_000);
});
