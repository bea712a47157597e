import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../api/client.ts';
import { RequestRow } from './StudentRecords.tsx';

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
            <RequestRow studentId={5} mayChange item={{ id: 9, course: '310101', title: 'ALGEBRA 1A', required: true, priority: 1, source: 'import', version: 1 }} />
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
