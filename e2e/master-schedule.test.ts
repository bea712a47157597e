import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../packages/server/src/auth/demo-accounts.ts';
import { expectAccessible, h1, newPerson, screenshot, signIn, startDemoHomeroom, useHomeroom } from './support/homeroom.ts';

// The school administrator's master-schedule task on the demo district, at a real high school's
// size: start next year from this year's schedule, move a section with its clashes shown first,
// then build a whole schedule, preview it and commit it.
const homeroom = useHomeroom(startDemoHomeroom);

interface Grid {
  periods: Array<{ code: string; name: string }>;
  sections: Array<{ id: number; code: string; slots: string[]; period: string; locked: boolean; teacher: { staffId: number } | null; room: { id: number } | null }>;
}

/** A section and two periods: one where its teacher already teaches, one where teacher and room are both free. */
function pickMove(grid: Grid) {
  for (const s of grid.sections) {
    if (s.locked || !s.teacher || !s.room || s.slots.length === 0) continue;
    const terms = s.slots.map((slot) => slot.split('-')[0]!);
    const at = (period: string) => terms.map((t) => `${t}-${period}`);
    const others = grid.sections.filter((o) => o.id !== s.id);
    const busy = (period: string, same: (o: Grid['sections'][number]) => boolean) => others.some((o) => same(o) && o.slots.some((slot) => at(period).includes(slot)));
    const teaches = (o: Grid['sections'][number]) => o.teacher?.staffId === s.teacher!.staffId;
    const meetsIn = (o: Grid['sections'][number]) => o.room?.id === s.room!.id;
    const clash = grid.periods.find((p) => p.code !== s.period && busy(p.code, teaches));
    const free = grid.periods.find((p) => p.code !== s.period && !busy(p.code, teaches) && !busy(p.code, meetsIn));
    if (clash && free) return { section: s, clash, free, slots: at(free.code) };
  }
  throw new Error('the demo school has no section to move');
}

describe('school administrator, master schedule', () => {
  it('starts next year from this year, moves a section with the clash preview, then builds, previews and commits', async () => {
    const { context, page } = await newPerson(homeroom);
    await signIn(page, 'principal', DEMO_PASSWORD);
    await page.getByRole('link', { name: /^Master schedule/ }).click();
    await h1(page).getByText(/^Master schedule/).waitFor();
    await page.getByLabel('School year').selectOption('2027-28');
    await page.getByRole('button', { name: /^Start 2027-28 from 2026-27/ }).click();
    await page.getByRole('heading', { name: 'Periods by teacher' }).waitFor();
    await page.locator('.section-chip').first().waitFor();
    await screenshot(page, '60-admin-master-grid');
    await expectAccessible(page, 'master-schedule grid');

    await page.getByRole('radio', { name: 'Room' }).check();
    await page.getByRole('heading', { name: 'Periods by room' }).waitFor();
    await screenshot(page, '61-admin-master-grid-by-room');

    const schoolId = Number(new URL(page.url()).searchParams.get('school')) || (await (await page.request.get('/api/auth/session')).json()).user.roles[0].schoolId;
    const grid = (await (await page.request.get(`/api/schools/${schoolId}/master-schedule?schoolYear=2027-28`)).json()) as Grid;
    const { section, clash, free, slots } = pickMove(grid);
    const chip = page.locator(`button.section-chip[data-section="${section.code}"]`).first();
    await chip.click();
    const dialog = page.getByRole('dialog', { name: new RegExp(section.code) });
    await dialog.waitFor();
    await dialog.getByLabel('Period').selectOption(clash.code);
    await dialog.getByRole('button', { name: 'Check the move' }).click();
    await dialog.getByText('The move cannot be saved:').waitFor();
    await dialog.getByText(/already teaches .* then\./).waitFor();
    expect(await dialog.getByRole('button', { name: 'Save the move' }).isDisabled()).toBe(true);
    await screenshot(page, '62-admin-master-move-clash');
    await expectAccessible(page, 'move dialog with a clash');

    await dialog.getByLabel('Period').selectOption(free.code);
    await dialog.getByRole('button', { name: 'Check the move' }).click();
    await dialog.getByText('No rule is broken: the move can be saved.').waitFor();
    await dialog.getByRole('button', { name: 'Save the move' }).click();
    await dialog.getByText(new RegExp(`^Saved: ${section.code} now meets in ${slots.join(', ')}`)).waitFor();
    await screenshot(page, '63-admin-master-move-saved');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    // Focus goes back to where the administrator was.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('section-chip'))).toBe(true);

    await page.getByLabel('Time limit (seconds)').fill('10');
    await page.getByRole('button', { name: 'Build', exact: true }).click();
    await page.getByRole('heading', { name: /^Build \d+: Preview/ }).waitFor({ timeout: 90_000 });
    await page.getByRole('table', { name: /as it stands and on the proposal/ }).waitFor();
    // The preview says how many more students the proposal completes than the schedule as it stands.
    await page.getByText(/^The proposal completes (\d+ more|as many|\d+ fewer) students' schedules/).waitFor();
    await screenshot(page, '64-admin-master-build-preview');
    await expectAccessible(page, 'build preview');
    await page.getByRole('button', { name: 'Commit: make this the master schedule' }).click();
    await page.getByText('Committed. The grid shows the new master schedule.').waitFor();
    await screenshot(page, '65-admin-master-build-committed');
    const after = (await (await page.request.get(`/api/schools/${schoolId}/master-schedule?schoolYear=2027-28`)).json()) as Grid & { checks: Array<{ kind: string }> };
    expect(after.checks.filter((c) => c.kind.endsWith('double-booked'))).toEqual([]);
    await context.close();
  });
});
