import type { HomeFigures } from '@homeroom/core/api/home';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../packages/server/src/auth/demo-accounts.ts';
import { recomputeDistrictAudits } from '../packages/server/src/modules/graduation/recompute-audits.ts';
import { expectAccessible, newPerson, screenshot, signIn, startDemoHomeroom, useHomeroom } from './support/homeroom.ts';

// The administrators' home on the demo district: four pictures, each with its figures as a table
// holding what the API answers, for the district administrator and for a principal; axe passes.
const homeroom = useHomeroom(startDemoHomeroom);

beforeAll(async () => {
  // The seniors' chart reads the stored audits, which the district recompute keeps.
  const { id } = await homeroom.db.selectFrom('district').select('id').orderBy('id').executeTakeFirstOrThrow();
  await recomputeDistrictAudits(homeroom.db, id);
}, 240_000);

const CHARTS = ['Students without a complete schedule, by school', 'Seniors at risk, by missing requirement', 'Open alerts and help-desk tickets'];

/** Opens each chart's table and reads its rows, header row left out. */
async function tableRows(page: Page, figure: string, caption: string): Promise<string[][]> {
  const summary = page.locator(`[data-figure="${figure}"] summary`);
  // Generous: the machine that runs the suite may be busy, and a click waits for the page to settle.
  if ((await summary.locator('xpath=..').getAttribute('open')) === null) await summary.click({ timeout: 30_000 });
  const table = page.getByRole('table', { name: caption });
  await table.waitFor();
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => Array.from(r.children).map((c) => (c.textContent ?? '').trim())));
}

async function seesTheCharts(page: Page, heading: string | RegExp): Promise<HomeFigures> {
  await page.getByRole('heading', { level: 2, name: heading }).waitFor({ timeout: 60_000 });
  await page.getByRole('heading', { level: 3, name: /^Attendance rate by day/ }).waitFor();
  for (const chart of CHARTS) await page.getByRole('heading', { level: 3, name: chart }).waitFor();
  const response = await page.request.get('/api/home/figures');
  expect(response.status()).toBe(200);
  const figures = (await response.json()) as HomeFigures;

  const days = await tableRows(page, 'attendance-rate', 'Attendance rate by school day');
  expect(figures.attendance.days.length).toBeGreaterThan(20);
  expect(days).toHaveLength(figures.attendance.days.length);
  const last = figures.attendance.days.at(-1)!;
  expect(days.at(-1)!.slice(1)).toEqual([last.expected.toLocaleString('en-US'), last.present.toLocaleString('en-US'), `${last.rate!.toFixed(1)}%`]);
  await page.locator('[data-figure="attendance-rate"] .chart svg').first().waitFor();

  const schedules = await tableRows(page, 'incomplete-schedules', 'Students without a complete schedule by school');
  expect(schedules).toEqual(figures.incompleteSchedules.bySchool.length ? figures.incompleteSchedules.bySchool.map((s) => [s.school, s.students.toLocaleString('en-US')]) : [['None']]);

  const seniors = await tableRows(page, 'seniors-at-risk', 'Seniors at risk by missing requirement');
  expect(figures.seniorsAtRisk.atRisk).toBeGreaterThan(0);
  expect(seniors).toEqual(figures.seniorsAtRisk.byRequirement.map((r) => [r.title, r.students.toLocaleString('en-US')]));
  await page.locator('[data-figure="seniors-at-risk"] .chart svg').first().waitFor();

  const open = await tableRows(page, 'open-alerts-tickets', 'Open alerts by rule and help-desk tickets by priority');
  expect(open.find((r) => r[0] === 'Urgent tickets')).toEqual(['Urgent tickets', String(figures.tickets.byPriority.urgent), '—']);
  return figures;
}

describe("the administrators' home charts on the demo district", () => {
  it('shows the district administrator the district in four charts with their tables, and passes axe', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'admin', DEMO_PASSWORD);
    const figures = await seesTheCharts(page, 'The district in pictures');
    expect(figures.school).toBeNull();
    await screenshot(page, '70-home-district-charts');
    await expectAccessible(page, "the district administrator's home");
    await context.close();
  }, 240_000);

  it("shows a principal her school's charts, and a requirement opens the seniors' worklist of her school", async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal', DEMO_PASSWORD);
    const figures = await seesTheCharts(page, / in pictures$/);
    expect(figures.school).not.toBeNull();
    await page.getByRole('heading', { level: 2, name: `${figures.school!.name} in pictures` }).waitFor();
    await screenshot(page, '71-home-school-charts');
    await expectAccessible(page, "the principal's home");
    const first = figures.seniorsAtRisk.byRequirement[0]!;
    await page.locator('[data-list="seniors-at-risk"]').getByRole('link', { name: first.title, exact: true }).click({ timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: 'Graduation worklists' }).waitFor();
    expect(new URL(page.url()).search).toBe(`?school=${figures.school!.id}`);
    await context.close();
  }, 240_000);
});
