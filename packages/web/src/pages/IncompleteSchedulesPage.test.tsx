import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../api/client.ts';
import { PlaceStudent } from './IncompleteSchedulesPage.tsx';

// Walk-in placement against a fake server: a course the student passed is not placed, the
// counselor sees why, and only a preview made with the override's reason lets it be saved.
interface Sent {
  dryRun: boolean;
  override?: { reason: string };
}

const PASSED = { code: 'course-already-passed', course: '310101', title: 'ALGEBRA 1A', message: 'ALGEBRA 1A (310101) was already passed with B in 2025-26 S1' };

function answer(sent: Sent) {
  const overridden = sent.override !== undefined;
  return {
    ok: true, problems: [], clashes: [], seats: [], saved: !sent.dryRun,
    placed: overridden ? [{ sectionId: 7, section: 'ALGEBRA-01' }] : [],
    unmet: overridden ? [] : [{ course: '310101', reason: PASSED.message }],
    refusals: [PASSED], overridable: !overridden,
  };
}

function fakeServer() {
  const sent: Sent[] = [];
  setFetch((async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Sent;
    sent.push(body);
    return new Response(JSON.stringify(answer(body)), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch);
  return sent;
}

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe('walk-in placement and the course rules', () => {
  it('says why a passed course is not placed and places it only with an override and its reason', async () => {
    const sent = fakeServer();
    const closed: string[] = [];
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <PlaceStudent studentId={5} name="Wren Newcomer" schoolId={2} onClose={(message) => closed.push(message)} />
      </QueryClientProvider>,
    );
    await screen.findByText('ALGEBRA 1A (310101) was already passed with B in 2025-26 S1.');
    const save = screen.getByRole('button', { name: 'Save the placement of Wren Newcomer' }) as HTMLButtonElement;
    const again = screen.getByRole('button', { name: 'Check again with the override' }) as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    expect(again.disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('Reason to override the course rules'), { target: { value: 'UC asked for the course to be retaken' } });
    fireEvent.click(again);
    await screen.findByText(/Overriding the course rules .* because: UC asked for the course to be retaken/);
    await waitFor(() => expect((screen.getByRole('button', { name: 'Save the placement of Wren Newcomer' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Save the placement of Wren Newcomer' }));
    await waitFor(() => expect(closed).toHaveLength(1));
    expect(sent).toEqual([
      { dryRun: true },
      { dryRun: true, override: { reason: 'UC asked for the course to be retaken' } },
      { dryRun: false, override: { reason: 'UC asked for the course to be retaken' } },
    ]);
    expect(closed[0]).toContain('ALGEBRA-01');
  });
});
