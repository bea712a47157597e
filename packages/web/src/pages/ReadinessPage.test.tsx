import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { setFetch } from '../api/client.ts';
import { ReadinessPage } from './ReadinessPage.tsx';
import { renderScreen } from '../testing/render-screen.tsx';

// The readiness screen against a fake server: the verdict, the checks with figure and threshold,
// the evidence opening the student and section pages, and the trend's figures as a table.
const check = (id: string, title: string, status: string, figure: number | null, evidence: unknown[] = [], required = true) => ({ id, title, required, status, figure, threshold: 0, evidence, evidenceCount: evidence.length });
const REPORT = {
  format: 'homeroom.readiness/v1', verdict: 'no-go', date: '2026-08-20', computedAt: '2026-08-19T15:00:00Z', run: { id: 3, school: null },
  checks: [
    check('students-without-complete-schedule', 'Students without a complete schedule', 'pass', 0),
    check('passed-courses-scheduled', 'Students in a course they already passed', 'fail', 1, [{ school: 'North High', student: '1003', section: 'ENG10-01', detail: 'ENGLISH 10A (230201) was already passed with B in 2024-25 S1', ref: { studentId: 33, sectionId: 7 } }]),
    check('load-test', 'First-morning load test', 'unknown', null, [{ detail: 'no load test was ever recorded' }]),
  ],
};
const HISTORY = {
  school: null,
  runs: [
    { id: 2, date: '2026-08-20', computedAt: '2026-08-19T14:00:00Z', verdict: 'no-go', checks: REPORT.checks.map((c) => ({ id: c.id, title: c.title, status: c.status, figure: c.id === 'passed-courses-scheduled' ? 4 : c.figure, threshold: 0 })) },
    { id: 3, date: '2026-08-20', computedAt: '2026-08-19T15:00:00Z', verdict: 'no-go', checks: REPORT.checks.map((c) => ({ id: c.id, title: c.title, status: c.status, figure: c.figure, threshold: 0 })) },
  ],
};
const SESSION = { csrfToken: 'csrf-1', user: { id: 1, username: 'admin', displayName: 'Dana Admin', roles: [{ role: 'district-admin', schoolId: null }], timeZone: 'America/Los_Angeles', viewedBy: null } };

afterEach(() => cleanup());

describe('go-live readiness screen', () => {
  it('shows No-Go, the failing check with its figure, the evidence as links and the trend as a table', async () => {
    const asked: string[] = [];
    setFetch((async (url: RequestInfo | URL) => {
      const path = String(url);
      asked.push(path);
      const body = path.startsWith('/api/auth/session') ? SESSION : path.startsWith('/api/schools') ? { items: [], total: 0 } : path.startsWith('/api/readiness/history') ? HISTORY : REPORT;
      return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch);
    renderScreen(<ReadinessPage />, { at: '/readiness' });
    await waitFor(() => expect(screen.getByRole('heading', { level: 2, name: /^No-Go for/ })).toBeTruthy());
    expect(asked).toContain('/api/readiness');
    const row = screen.getAllByRole('row').find((r) => r.getAttribute('data-check') === 'passed-courses-scheduled')!;
    expect(within(row).getByText('Fail')).toBeTruthy();
    expect(within(row).getByText('1')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Student 1003' }).getAttribute('href')).toBe('/students/33');
    expect(screen.getByRole('link', { name: 'Section ENG10-01' }).getAttribute('href')).toBe('/sections/7/roster');
    expect(screen.getByText('no load test was ever recorded')).toBeTruthy();
    const trend = await screen.findByRole('table', { name: "Each run's verdict and figures, oldest first" });
    expect(within(trend).getAllByRole('row')).toHaveLength(3);
    expect(within(trend).getAllByRole('row')[1]!.textContent).toContain('4');
  });
});
