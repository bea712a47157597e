import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../../api/client.ts';
import type { AccountSummary } from '../../api/types.ts';
import { setDistrictTimeZone } from '../../format.ts';
import { AccountPanel } from './AccountPanel.tsx';

// A staff member's account against a fake server: ended grants stay listed without an "End"
// button, and turning the account off says how many sessions and tokens went with it.
const account: AccountSummary = {
  userId: 7, username: 'ivarga', displayName: 'Ines Varga', disabled: false, hasPassword: true, linkedToDistrictAccount: false, version: 1,
  grants: [
    { id: 2, role: 'teacher', schoolId: 1, schoolName: 'North High', startsOn: '2026-08-10', endsOn: null, holdsToday: true, grantedAt: '2026-08-01T16:00:00.000Z', grantedBy: 'admin', endedBy: null },
    { id: 1, role: 'counselor', schoolId: 2, schoolName: 'South High', startsOn: '2025-08-10', endsOn: '2026-06-12', holdsToday: false, grantedAt: '2025-08-01T16:00:00.000Z', grantedBy: 'admin', endedBy: 'admin' },
  ],
};

function fakeServer() {
  const sent: Array<{ url: string; method: string; body: unknown }> = [];
  setFetch((async (url: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    sent.push({ url: String(url), method, body: init?.body ? JSON.parse(String(init.body)) : null });
    const json = (body: unknown) => new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': 'application/json' } });
    if (String(url).endsWith('/disable')) return json({ userId: 7, disabled: true, sessionsEnded: 2, apiTokensRevoked: 1, version: 2 });
    return json({ items: [], nextCursor: null });
  }) as typeof fetch);
  return sent;
}

beforeEach(() => {
  setCsrfToken('csrf-1');
  setDistrictTimeZone('America/Los_Angeles');
});
afterEach(() => cleanup());

describe('account panel', () => {
  it('lists grants with their days, and turns the account off with a reason', async () => {
    const sent = fakeServer();
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <AccountPanel account={account} who="Ines Varga" createUrl="/api/people/staff/3/account" queryKey={['people', 'staff-member', '3']} mayChange staff />
      </QueryClientProvider>,
    );
    expect(screen.getByRole('button', { name: 'End today: Teacher at North High' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: /End today: Counselor/ })).toBeNull();
    expect(screen.getByText('Ended by admin')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Turn off the account' }));
    fireEvent.change(screen.getByLabelText('Reason (optional)'), { target: { value: 'left the district' } });
    fireEvent.click(screen.getByRole('button', { name: 'Turn off now' }));
    await screen.findByText('The account of Ines Varga is turned off: 2 sessions ended, 1 API token revoked.');
    expect(sent.find((s) => s.method === 'POST')).toEqual({ url: '/api/people/accounts/7/disable', method: 'POST', body: { reason: 'left the district' } });
  });
});
