import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../../api/client.ts';
import type { StudentFamily } from '../../api/types.ts';
import { FamilyPanel } from './FamilyPanel.tsx';

// The office's family panel against a fake server: a restricted guardian is flagged, and a new
// guardian who is already in the district is linked instead of made twice.
const link = { relationship: 'mother', livesWith: true, custody: true, educationalRights: true, accessRestricted: false, mayPickUp: true, emergencyContact: true, contactOrder: 1, version: 1 };
const FAMILY: StudentFamily = {
  studentId: 5,
  mayChange: true,
  guardians: [
    {
      guardian: { id: 7, name: { first: 'Riley', last: 'Rivers' }, email: null, phone: '(213) 555-0100', preferredLanguage: 'english', version: 1, otherStudents: 0 },
      link: { ...link, relationship: 'father', custody: false, accessRestricted: true, mayPickUp: false, courtOrder: { note: 'Case 26FL0042', issued: '2026-11-30', expires: null } },
    },
  ],
  contacts: [],
};
const CANDIDATE = { id: 12, name: { first: 'Jordan', last: 'Meadows' }, email: null, phone: '(213) 555-0101', preferredLanguage: 'english', students: [{ id: 3, name: { first: 'Casey', last: 'Meadows' } }], otherStudents: 0, alreadyLinked: false };

function fakeServer() {
  const sent: Array<{ url: string; body: Record<string, unknown> }> = [];
  setFetch((async (url: RequestInfo | URL, init?: RequestInit) => {
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
    if (!init?.method || init.method === 'GET') return json(200, FAMILY);
    const body = JSON.parse(String(init.body)) as Record<string, unknown>;
    sent.push({ url: String(url), body });
    if (body.guardian) {
      return json(409, { title: 'This guardian may already be in the district', detail: 'A guardian with the same name and the same email or phone exists.', code: 'possible-duplicate-guardian', status: 409, candidates: [CANDIDATE] });
    }
    return json(201, { guardian: { ...CANDIDATE, version: 1, otherStudents: 1, students: undefined, alreadyLinked: undefined }, link: { ...link, relationship: 'father' } });
  }) as typeof fetch);
  return sent;
}

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe('the family panel', () => {
  it('flags a court-restricted guardian and links a guardian the district has instead of making a second record', async () => {
    const sent = fakeServer();
    const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
    render(
      <QueryClientProvider client={client}>
        <FamilyPanel studentId={5} />
      </QueryClientProvider>,
    );
    await screen.findByText('Access restricted by court order: do not release information or the student to Riley Rivers.');
    expect(screen.getByText('May not pick up the student')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Add a guardian' }));
    fireEvent.change(screen.getByLabelText('First name'), { target: { value: 'Jordan' } });
    fireEvent.change(screen.getByLabelText('Last name'), { target: { value: 'Meadows' } });
    fireEvent.change(screen.getByLabelText('Phone'), { target: { value: '213-555-0101' } });
    fireEvent.change(screen.getByLabelText(/^Relationship to the student/), { target: { value: 'father' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add the guardian' }));
    await screen.findByText('This guardian may already be in the district');
    fireEvent.click(screen.getAllByLabelText(/^Jordan Meadows/)[0]!);
    fireEvent.click(screen.getByRole('button', { name: 'Link the guardian' }));
    await screen.findByText('Jordan Meadows added as father.');
    await waitFor(() => expect(sent).toHaveLength(2));
    expect(sent[0]!.body).toMatchObject({ guardian: { firstName: 'Jordan', lastName: 'Meadows', phone: '213-555-0101', email: null }, relationship: 'father', mayPickUp: true, notDuplicateOf: [] });
    expect(sent[1]!.body).toMatchObject({ guardianId: 12, relationship: 'father' });
    expect(sent[1]!.body).not.toHaveProperty('guardian');
  });
});
