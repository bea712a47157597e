import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../../api/client.ts';
import type { SchoolYear } from '../../api/types.ts';
import { TermsForm } from './TermsForm.tsx';

// Next year's terms against a fake server: the form sends only the terms it has, with the year's
// version as If-Match, and a refusal's messages show beside the fields the server names.
const NEXT: SchoolYear = { id: 3, name: '2027-28', startDate: '2027-08-01', endDate: '2028-07-31', isCurrent: false, version: 4, terms: [] };

function fakeServer(status: number, answer: object) {
  const sent: Array<{ body: { terms: Array<{ code: string }> }; ifMatch: string | null }> = [];
  setFetch((async (_url: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ body: JSON.parse(String(init?.body)), ifMatch: new Headers(init?.headers).get('if-match') });
    return new Response(JSON.stringify(answer), { status, headers: { 'content-type': status < 300 ? 'application/json' : 'application/problem+json' } });
  }) as typeof fetch);
  return sent;
}

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe("next year's terms and grading periods", () => {
  it('sends the terms filled in against the version read, and shows each refused field beside its input', async () => {
    const sent = fakeServer(400, {
      title: 'Some fields are not valid', status: 400, code: 'validation-failed', detail: 'body.terms.0.endDate: must be within the school year',
      errors: [{ field: 'body.terms.0.endDate', message: 'must be within the school year (2027-08-01 to 2028-07-31)' }, { field: 'body.terms.0.gradingPeriods', message: 'S1 needs exactly one final grading period' }],
    });
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <TermsForm year={NEXT} />
      </QueryClientProvider>,
    );
    fireEvent.change(screen.getByLabelText('S1 first day'), { target: { value: '2027-08-16' } });
    fireEvent.change(screen.getByLabelText('S1 last day'), { target: { value: '2028-09-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save 2027-28' }));
    await screen.findByText('S1 last day: must be within the school year (2027-08-01 to 2028-07-31)');
    expect(screen.getByLabelText('S1 last day').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('S1 grading periods: S1 needs exactly one final grading period')).toBeTruthy();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.ifMatch).toBe('"4"');
    expect(sent[0]!.body.terms.map((t) => t.code)).toEqual(['S1']);
  });
});
