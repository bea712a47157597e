import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiGet, forgetFailures, recentFailures, setCsrfToken, setFetch } from '../api/client.ts';
import { ReportProblem } from './ReportProblem.tsx';

const REQUEST_ID = '3f2b8c1e-4d5a-4e6f-9a7b-1c2d3e4f5a6b';

beforeAll(() => {
  // jsdom has <dialog> without its modal methods.
  HTMLDialogElement.prototype.showModal ??= function (this: HTMLDialogElement) {
    this.setAttribute('open', '');
  };
  HTMLDialogElement.prototype.close ??= function (this: HTMLDialogElement) {
    this.removeAttribute('open');
    this.dispatchEvent(new Event('close'));
  };
});
beforeEach(() => {
  setCsrfToken('csrf-1');
  forgetFailures();
});
afterEach(() => cleanup());

describe('reporting a problem', () => {
  it('keeps only the last ten failed requests, by route and problem code, never a body or an id in the path', async () => {
    setFetch((async () => new Response(JSON.stringify({ title: 'Nope', code: 'not-found', secret: 'hunter2' }), { status: 404, headers: { 'x-request-id': REQUEST_ID } })) as typeof fetch);
    for (let i = 0; i < 12; i++) await apiGet(`/api/students/${1000 + i}?token=abc`).catch(() => undefined);
    const kept = recentFailures();
    expect(kept).toHaveLength(10);
    expect(kept[0]).toMatchObject({ method: 'GET', route: '/api/students/:id', status: 404, code: 'not-found', requestId: REQUEST_ID });
    expect(JSON.stringify(kept)).not.toMatch(/hunter2|token|100\d/);
  });

  it('sends what happened with the screen, the records open, the failed requests and the browser', async () => {
    const sent: Array<{ url: string; body: unknown }> = [];
    setFetch((async (url: RequestInfo | URL, init?: RequestInit) => {
      if (String(url) === '/api/help-desk/tickets') {
        sent.push({ url: String(url), body: JSON.parse(String(init?.body)) });
        return new Response(JSON.stringify({ ticket: { id: 7, priority: 'urgent', priorityReason: 'A class cannot take attendance' }, secretsRemoved: 1 }), { status: 201 });
      }
      return new Response(JSON.stringify({ title: 'Broken', code: 'internal-error' }), { status: 500, headers: { 'x-request-id': REQUEST_ID } });
    }) as typeof fetch);
    await apiGet('/api/sections/12/attendance').catch(() => undefined);
    render(
      <QueryClientProvider client={new QueryClient()}>
        <MemoryRouter initialEntries={['/sections/12/attendance']}>
          <ReportProblem />
        </MemoryRouter>
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Report a problem' }));
    fireEvent.change(screen.getByLabelText('What happened?'), { target: { value: 'Attendance will not save' } });
    fireEvent.click(screen.getByRole('button', { name: 'Send to the help desk' }));
    await screen.findByText(/the help desk has your report, ticket 7/);
    expect(screen.getByText(/looked like a password or a token and was removed/)).toBeTruthy();
    expect(sent[0]!.body).toMatchObject({
      whatHappened: 'Attendance will not save',
      context: { screen: '/sections/12/attendance', records: [{ kind: 'section', id: 12 }], failedRequests: [{ method: 'GET', route: '/api/sections/:id/attendance', status: 500, code: 'internal-error', requestId: REQUEST_ID }] },
    });
  });
});
