import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../api/client.ts';
import type { StudentProfile } from '../api/types.ts';
import { RequestRow } from './student-records/CourseRequestsPanel.tsx';
import { ScheduleChangePanel } from './student-records/ScheduleChangePanel.tsx';

// A counselor's edit of a request against a fake server: a course the student passed is refused
// with the mark and term, and the edit goes through only with an override and its reason.
const REFUSED = {
  title: 'The student already passed ALGEBRA 1A',
  detail: 'ALGEBRA 1A (310101) was already passed with B in 2025-26 S1. Nothing was saved. A counselor may override with a reason.',
  code: 'course-already-passed',
  status: 409,
  overridable: true,
  refusals: [{ code: 'course-already-passed', course: '310101', title: 'ALGEBRA 1A', message: 'ALGEBRA 1A (310101) was already passed with B in 2025-26 S1' }],
};

function fakeServer() {
  const sent: Array<Record<string, unknown>> = [];
  setFetch((async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
    sent.push(body);
    const refused = body.override === undefined;
    return new Response(JSON.stringify(refused ? REFUSED : { version: 2 }), { status: refused ? 409 : 200, headers: { 'content-type': refused ? 'application/problem+json' : 'application/json' } });
  }) as typeof fetch);
  return sent;
}

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe("a counselor's edit of a course request and the course rules", () => {
  it('shows why a passed course is refused and saves only with an override and its reason', async () => {
    const sent = fakeServer();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <table>
          <tbody>
            <RequestRow studentId={5} mayChange item={{ id: 9, course: '310101', title: 'ALGEBRA 1A', required: true, priority: 1, alternates: [], source: 'import', reason: null, overrideReason: null, version: 1 }} />
          </tbody>
        </table>
      </QueryClientProvider>,
    );
    fireEvent.change(screen.getByLabelText('Priority of ALGEBRA 1A'), { target: { value: '2' } });
    fireEvent.change(screen.getByLabelText('Reason for changing ALGEBRA 1A'), { target: { value: 'student asked' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText('ALGEBRA 1A (310101) was already passed with B in 2025-26 S1.');
    const withOverride = screen.getByRole('button', { name: 'Save with the override' }) as HTMLButtonElement;
    expect(withOverride.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Reason to override the course rules'), { target: { value: 'UC asked for the course to be retaken' } });
    expect(withOverride.disabled).toBe(false);
    fireEvent.click(withOverride);
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent).toEqual([
      { required: true, priority: 2, reason: 'student asked' },
      { required: true, priority: 2, reason: 'student asked', override: { reason: 'UC asked for the course to be retaken' } },
    ]);
  });
});

describe('drop/add and the course rules', () => {
  const student = { id: 5, name: { first: 'Sam', last: 'Rules' }, schedule: { date: '2026-12-07', sections: [] } } as unknown as StudentProfile;
  const report = { students: 1, studentsWithRequests: 1, studentsWithoutSchedule: [], studentsIncomplete: 0, requiredUnmet: [], sectionFill: [{ sectionId: 7, course: '310101', section: 'ALGEBRA-01', title: 'ALGEBRA 1A', slots: ['S1-P2'], enrolled: 3, capacity: 30 }] };

  it('lists why the course rules refuse a section and saves it only after a check with the override reason', async () => {
    const sent: Array<Record<string, unknown>> = [];
    setFetch((async (url: RequestInfo | URL, init?: RequestInit) => {
      if (String(url).includes('/schedule-report')) return new Response(JSON.stringify(report), { status: 200, headers: { 'content-type': 'application/json' } });
      const body = JSON.parse(String(init?.body)) as Record<string, unknown>;
      sent.push(body);
      const overridden = body.override !== undefined;
      const refusal = REFUSED.refusals[0]!;
      const result = { ok: overridden, problems: overridden ? [] : [refusal.message], clashes: [], seats: [{ sectionId: 7, section: 'ALGEBRA-01', taken: 3, capacity: 30, full: false }], refusals: [refusal], overridable: true, saved: !body.dryRun, override: null };
      return new Response(JSON.stringify(result), { status: 200, headers: { 'content-type': 'application/json' } });
    }) as typeof fetch);
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <ScheduleChangePanel student={student} schoolId={2} />
      </QueryClientProvider>,
    );
    fireEvent.click(await screen.findByLabelText(/^ALGEBRA-01 — ALGEBRA 1A/));
    fireEvent.change(screen.getByLabelText('Reason'), { target: { value: 'wants it again' } });
    fireEvent.click(screen.getByRole('button', { name: 'Check clashes and seats' }));
    await screen.findByText('ALGEBRA 1A (310101) was already passed with B in 2025-26 S1.');
    const save = () => screen.getByRole('button', { name: 'Save the change' }) as HTMLButtonElement;
    expect(save().disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Reason to override the course rules'), { target: { value: 'UC asked for the course to be retaken' } });
    expect(save().disabled).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: 'Check clashes and seats' }));
    await screen.findByText('No clashes, and there are seats. You can save with the override.');
    fireEvent.click(save());
    await screen.findByText(/^Saved\. The schedule/);
    expect(sent).toEqual([
      { add: [7], drop: [], reason: 'wants it again', dryRun: true },
      { add: [7], drop: [], reason: 'wants it again', dryRun: true, override: { reason: 'UC asked for the course to be retaken' } },
      { add: [7], drop: [], reason: 'wants it again', dryRun: false, override: { reason: 'UC asked for the course to be retaken' } },
    ]);
  });
});
