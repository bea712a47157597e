import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../api/client.ts';
import type { AlertItem } from '../api/types.ts';
import { AlertsPage } from './AlertsPage.tsx';

// The alerts page against a fake server: acknowledging sends the version seen as If-Match; when
// someone else got there first, the page says so and reads the alerts again.
const alert: AlertItem = {
  id: 4, rule: 'students-without-schedule', title: 'North High: 14 students without a class', subject: { kind: 'school', id: 1, name: 'North High' }, schoolId: 1,
  figure: { students: 14 }, link: '/schedules/incomplete?school=1', status: 'open', raisedAt: '2026-08-17T17:30:00.000Z', lastSeenAt: '2026-08-17T17:30:00.000Z',
  acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, version: 1,
};

function fakeServer(answer: 'ok' | 'stale') {
  const sent: { url: string; method: string; ifMatch: string | null }[] = [];
  let current = alert;
  setFetch((async (url: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    sent.push({ url: String(url), method, ifMatch: new Headers(init?.headers).get('if-match') });
    const json = (body: unknown, status = 200, type = 'application/json') => new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
    if (String(url) === '/api/auth/session') return json({ title: 'Please sign in', status: 401, code: 'sign-in-required' }, 401, 'application/problem+json');
    if (method === 'POST') {
      if (answer === 'stale') {
        current = { ...alert, status: 'acknowledged', acknowledgedBy: 'Dana Admin', version: 2 };
        return json({ title: 'Someone else changed this alert since you opened it', detail: 'Nothing was saved. Reload the alerts and try again.', status: 409, code: 'stale-version' }, 409, 'application/problem+json');
      }
      current = { ...alert, status: 'acknowledged', acknowledgedBy: 'principal', version: 2 };
      return json(current);
    }
    return json({ open: current.status === 'open' ? 1 : 0, items: [current] });
  }) as typeof fetch);
  return sent;
}

function renderPage() {
  render(
    <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
      <MemoryRouter>
        <AlertsPage />
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe('alerts page', () => {
  it('lists each alert with the list behind it, and acknowledges against the version seen', async () => {
    const sent = fakeServer('ok');
    renderPage();
    const link = await screen.findByRole('link', { name: /Open the students/ });
    expect(link.getAttribute('href')).toBe('/schedules/incomplete?school=1');
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge: North High: 14 students without a class' }));
    await screen.findByText('Acknowledged: North High: 14 students without a class');
    await screen.findByText('Acknowledged by principal');
    expect(sent.find((s) => s.method === 'POST')).toEqual({ url: '/api/alerts/4/acknowledge', method: 'POST', ifMatch: '"1"' });
  });

  it('says when someone else changed the alert first, and shows it as it now stands', async () => {
    fakeServer('stale');
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Acknowledge: North High: 14 students without a class' }));
    await screen.findByText('Someone else changed this alert since you opened it');
    await waitFor(() => expect(screen.getByText('Acknowledged by Dana Admin')).toBeTruthy());
    expect(screen.queryByRole('button', { name: /^Acknowledge/ })).toBeNull();
  });
});
