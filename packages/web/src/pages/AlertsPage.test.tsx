import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/client.ts';
import { answer, fakeServer, renderScreen } from '../testing/render-screen.tsx';
import type { AlertItem } from '../api/types.ts';
import { AlertsPage } from './AlertsPage.tsx';

// The alerts page against a fake server: acknowledging sends the version seen as If-Match; when
// someone else got there first, the page says so and reads the alerts again.
const alert: AlertItem = {
  id: 4, rule: 'students-without-schedule', title: 'North High: 14 students without a class', subject: { kind: 'school', id: 1, name: 'North High' }, schoolId: 1,
  figure: { students: 14 }, link: '/schedules/incomplete?school=1', status: 'open', raisedAt: '2026-08-17T17:30:00.000Z', lastSeenAt: '2026-08-17T17:30:00.000Z',
  acknowledgedAt: null, acknowledgedBy: null, resolvedAt: null, version: 1,
};

function alertsServer(outcome: 'ok' | 'stale') {
  let current = alert;
  return fakeServer(({ url, method }) => {
    if (url === '/api/auth/session') return answer({ title: 'Please sign in', code: 'sign-in-required' }, 401);
    if (method === 'POST') {
      if (outcome === 'stale') {
        current = { ...alert, status: 'acknowledged', acknowledgedBy: 'Dana Admin', version: 2 };
        return answer({ title: 'Someone else changed this alert since you opened it', detail: 'Nothing was saved. Reload the alerts and try again.', code: 'stale-version' }, 412);
      }
      current = { ...alert, status: 'acknowledged', acknowledgedBy: 'principal', version: 2 };
      return answer(current);
    }
    return answer({ open: current.status === 'open' ? 1 : 0, items: [current] });
  });
}

const renderPage = () => renderScreen(<AlertsPage />);

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe('alerts page', () => {
  it('lists each alert with the list behind it, and acknowledges against the version seen', async () => {
    const sent = alertsServer('ok');
    renderPage();
    const link = await screen.findByRole('link', { name: /Open the students/ });
    expect(link.getAttribute('href')).toBe('/schedules/incomplete?school=1');
    fireEvent.click(screen.getByRole('button', { name: 'Acknowledge: North High: 14 students without a class' }));
    await screen.findByText('Acknowledged: North High: 14 students without a class');
    await screen.findByText('Acknowledged by principal');
    expect(sent.find((s) => s.method === 'POST')).toMatchObject({ url: '/api/alerts/4/acknowledge', method: 'POST', ifMatch: '"1"' });
  });

  it('says when someone else changed the alert first, and shows it as it now stands', async () => {
    alertsServer('stale');
    renderPage();
    fireEvent.click(await screen.findByRole('button', { name: 'Acknowledge: North High: 14 students without a class' }));
    await screen.findByText('Someone else changed this alert since you opened it');
    await waitFor(() => expect(screen.getByText('Acknowledged by Dana Admin')).toBeTruthy());
    expect(screen.queryByRole('button', { name: /^Acknowledge/ })).toBeNull();
  });
});
