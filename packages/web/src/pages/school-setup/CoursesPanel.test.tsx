import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../../api/client.ts';
import { CoursesPanel } from './CoursesPanel.tsx';

// The catalog's new course form against a fake server: it sends the course with its prerequisites
// and "may be repeated for credit", and the server's refusal shows under the field it names.
function fakeServer() {
  const sent: Array<{ method: string; url: string; body: Record<string, unknown> | null }> = [];
  setFetch((async (url: RequestInfo | URL, init?: RequestInit) => {
    const method = init?.method ?? 'GET';
    sent.push({ method, url: String(url), body: init?.body ? JSON.parse(String(init.body)) : null });
    if (method === 'GET') return new Response(JSON.stringify({ items: [], total: 0, truncated: false }), { status: 200, headers: { 'content-type': 'application/json' } });
    const refusal = { title: '230201 is already in the catalog', status: 409, code: 'course-code-taken', detail: 'Another course has the code 230201; choose another code or change that course. Nothing was saved.', field: 'body.code' };
    return new Response(JSON.stringify(refusal), { status: 409, headers: { 'content-type': 'application/problem+json' } });
  }) as typeof fetch);
  return sent;
}

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe('the course catalog form', () => {
  it('sends a new course with its prerequisites and shows a refused code beside its input', async () => {
    const sent = fakeServer();
    render(
      <QueryClientProvider client={new QueryClient({ defaultOptions: { queries: { retry: false } } })}>
        <CoursesPanel mayEdit />
      </QueryClientProvider>,
    );
    fireEvent.click(screen.getByRole('button', { name: 'New course' }));
    fireEvent.change(screen.getByLabelText('Course code'), { target: { value: '230201' } });
    fireEvent.change(screen.getByLabelText('Title'), { target: { value: 'Journalism' } });
    fireEvent.change(screen.getByLabelText('a-g area'), { target: { value: 'g' } });
    fireEvent.click(screen.getByLabelText('May be repeated for credit'));
    fireEvent.click(screen.getByRole('button', { name: 'Add a prerequisite' }));
    fireEvent.change(screen.getByLabelText('Course code', { selector: '[id$="-pre-0"]' }), { target: { value: '230101' } });
    fireEvent.change(screen.getByLabelText('Lowest passing mark'), { target: { value: 'C' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add the course' }));
    await screen.findByText(/^Course code: Another course has the code 230201/);
    expect(screen.getAllByLabelText('Course code')[0]!.getAttribute('aria-invalid')).toBe('true');
    const post = sent.find((s) => s.method === 'POST')!;
    expect(post.url).toBe('/api/courses');
    expect(post.body).toMatchObject({ code: '230201', title: 'Journalism', agArea: 'g', repeatableForCredit: true, credits: '5', prerequisites: [{ code: '230101', minimumMark: 'C' }] });
  });
});
