import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../packages/server/src/clock.ts';
import { evaluateDistrictAlerts } from '../packages/server/src/modules/alerts/evaluate-alerts.ts';
import { SCHOOL_MORNING, somethingWrongEverywhere } from '../packages/server/src/testing/alerts.ts';
import { expectAccessible, h1, newPerson, screenshot, signIn, useHomeroom } from './support/homeroom.ts';

// The bell in the header and the alerts behind it (#19): a principal sees North's two alerts, opens
// the list behind one, acknowledges and resolves them with the keyboard; the district office sees all.
const homeroom = useHomeroom();

beforeAll(async () => {
  await somethingWrongEverywhere(homeroom.db, homeroom.district);
  await evaluateDistrictAlerts(homeroom.db, homeroom.district.districtId, fixedClock(SCHOOL_MORNING));
});

describe('alerts', () => {
  it('a principal sees the open alerts of the school on the bell, opens the list behind one, and sees to them with the keyboard', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal');
    const bell = page.getByRole('link', { name: 'Alerts: 2 open' });
    await bell.waitFor();
    await bell.click();
    await h1(page).getByText('Alerts').waitFor();
    const list = page.locator('table[data-list="alerts"]');
    const unscheduled = list.getByRole('row').filter({ hasText: 'North High: 1 student without a class' });
    await unscheduled.waitFor();
    await list.getByRole('row').filter({ hasText: 'North High: 1 class of 1 without attendance' }).waitFor();
    await screenshot(page, '90-principal-alerts');
    await expectAccessible(page, 'alerts');

    // The list behind the alert: North's students without a complete schedule.
    await unscheduled.getByRole('link', { name: 'Open the students of: North High: 1 student without a class' }).click();
    await h1(page).getByText('Students without a complete schedule: North High').waitFor();
    await page.goBack();

    // Acknowledged from the keyboard: the bell counts one open, the row says who is on it.
    const acknowledge = page.getByRole('button', { name: 'Acknowledge: North High: 1 student without a class' });
    await acknowledge.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Acknowledged: North High: 1 student without a class').waitFor();
    await page.getByRole('link', { name: 'Alerts: 1 open, 1 acknowledged' }).waitFor();
    await list.getByRole('row').filter({ hasText: 'Acknowledged by principal' }).waitFor();

    const resolve = page.getByRole('button', { name: 'Resolve: North High: 1 student without a class' });
    await resolve.focus();
    await page.keyboard.press('Enter');
    await page.getByText('Resolved: North High: 1 student without a class').waitFor();
    await expect.poll(() => list.getByRole('row').count()).toBe(2);
    await expectAccessible(page, 'alerts after resolving');
    const audited = await homeroom.db.selectFrom('audit_event').select(['action', 'entity']).where('entity', '=', 'alert').execute();
    expect(audited).toHaveLength(2);
    await context.close();
  });

  it('the district office sees every alert, those about no school included', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin');
    await page.getByRole('link', { name: 'Alerts: 4 open' }).click();
    const list = page.locator('table[data-list="alerts"]');
    await list.getByRole('row').filter({ hasText: 'District import' }).first().waitFor();
    await list.getByRole('row').filter({ hasText: 'failed' }).first().waitFor();
    await list.getByRole('row').filter({ hasText: 'server errors' }).getByText('In the server’s logs').waitFor();
    await expectAccessible(page, 'district alerts');
    await context.close();
  });

  it('shows no bell to a teacher', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'teacher');
    await h1(page).waitFor();
    expect(await page.getByRole('link', { name: /^Alerts/ }).count()).toBe(0);
    await context.close();
  });
});
