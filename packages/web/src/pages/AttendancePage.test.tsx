import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiProblem, retryAfter, setCsrfToken, setFetch } from '../api/client.ts';
import { draftKey, loadDraft, saveDraft } from '../attendance/draft-store.ts';
import type { SectionAttendanceAnswer } from '../attendance/attendance-api.ts';
import { SESSION_KEY, signedOut } from '../session.ts';
import { AttendancePage, RETRY_AFTER_SPREAD_MS, RETRY_DELAYS_MS, retryDelayMs } from './AttendancePage.tsx';

// The attendance screen against a fake server: only here, never in the product or in e2e.
const DATE = '2026-09-03';
const ROSTER: SectionAttendanceAnswer = {
  section: { id: 7, code: 'ENG10-01', course: { code: '230201', title: 'ENGLISH 10A' }, school: { id: 1, name: 'Harbor High' }, attendanceMode: 'period' },
  date: DATE,
  period: null,
  periods: [],
  taken: false,
  takenAt: null,
  takenBy: null,
  codes: [
    { code: 'P', description: 'Present', countsAsAbsent: false },
    { code: 'A', description: 'Absent', countsAsAbsent: true },
    { code: 'T', description: 'Tardy', countsAsAbsent: false },
  ],
  students: [
    { id: 1, localId: '1001', name: { first: 'Avery', last: 'Stone', preferred: null }, code: 'P', minutesAbsent: null, recorded: false, noteFromHome: false },
    { id: 2, localId: '1002', name: { first: 'Blake', last: 'Rivers', preferred: null }, code: 'P', minutesAbsent: null, recorded: false, noteFromHome: false },
  ],
};

interface Call {
  method: string;
  url: string;
  body: { idempotencyKey: string; marks: Array<{ studentId: number; code: string }> } | null;
  headers: Record<string, string>;
}

type Answer = Response | 'network-down' | Promise<Response>;

function fakeServer(puts: Answer[]) {
  const calls: Call[] = [];
  const fetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input);
    const method = init?.method ?? 'GET';
    calls.push({ method, url, body: init?.body ? JSON.parse(String(init.body)) : null, headers: (init?.headers ?? {}) as Record<string, string> });
    if (method === 'GET') return json(200, ROSTER);
    const answer = puts.shift() ?? json(200, { saved: true });
    if (answer === 'network-down') throw new TypeError('Failed to fetch');
    return answer;
  });
  setFetch(fetch as unknown as typeof globalThis.fetch);
  return { calls, puts: () => calls.filter((c) => c.method === 'PUT') };
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

/** The teacher signed in (user 5), and a colleague who uses the same computer after her (user 6). */
const TEACHER = '5';
const signedInAs = (userId: number) => ({
  csrfToken: 'csrf-1',
  user: { userId, username: `user${userId}`, displayName: `User ${userId}`, roles: [{ role: 'teacher', schoolId: 1 }], staffId: userId, studentId: null, guardianId: null, viewedBy: null },
});

function showAttendance(userId = 5) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(SESSION_KEY, signedInAs(userId));
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter initialEntries={[`/sections/7/attendance?date=${DATE}`]}>
        <Routes>
          <Route path="/sections/:sectionId/attendance" element={<AttendancePage />} />
        </Routes>
      </MemoryRouter>
    </QueryClientProvider>,
  );
}

const saveStatus = () => document.querySelector('.save-status')?.textContent ?? '';

beforeEach(() => {
  localStorage.clear();
  setCsrfToken('csrf-1');
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('taking attendance', () => {
  it('starts everyone present, marks an exception, and confirms only when the server answers', async () => {
    let answer!: (response: Response) => void;
    const server = fakeServer([new Promise<Response>((resolve) => (answer = resolve))]);
    showAttendance();
    const blake = await screen.findByLabelText('Rivers, Blake');
    expect((screen.getByLabelText('Stone, Avery') as HTMLSelectElement).value).toBe('P');
    expect((blake as HTMLSelectElement).value).toBe('P');

    fireEvent.change(blake, { target: { value: 'A' } });
    expect(screen.getByText('1 present, 1 absent')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Save attendance' }));

    await waitFor(() => expect(server.puts()).toHaveLength(1));
    const put = server.puts()[0]!;
    expect(put.url).toBe(`/api/sections/7/attendance/${DATE}`);
    expect(put.headers['x-csrf-token']).toBe('csrf-1');
    expect(put.body?.idempotencyKey).toMatch(/\S{16,}/);
    expect(put.body?.marks).toEqual([
      { studentId: 1, code: 'P' },
      { studentId: 2, code: 'A' },
    ]);
    // Not confirmed while the server has not answered, and kept on this computer meanwhile.
    expect(saveStatus()).toContain('Saving');
    expect(saveStatus()).not.toContain('Saved at');
    expect(loadDraft(TEACHER, '7', DATE)?.state).toBe('sending');

    await act(async () => answer(json(200, { saved: true })));
    await waitFor(() => expect(saveStatus()).toContain('Saved at'));
    expect(localStorage.getItem(draftKey(TEACHER, '7', DATE))).toBeNull();
  });

  it("reads the server's real answer (student ids, codes without a default, the period) and saves for that period", async () => {
    const puts: Call[] = [];
    setFetch((async (input: RequestInfo | URL, init?: RequestInit) => {
      if ((init?.method ?? 'GET') === 'GET') {
        return json(200, {
          section: { id: 7, code: 'ENG10-01', course: { code: '230201', title: 'ENGLISH 10A' } },
          date: DATE,
          period: { code: 'P3', name: 'Period 3' },
          periods: [{ code: 'P3', name: 'Period 3' }],
          taken: false,
          takenAt: null,
          codes: [
            { code: 'P', description: 'Present', countsAsAbsent: false },
            { code: 'A', description: 'Absent, not yet cleared', countsAsAbsent: true },
          ],
          students: [{ id: 4, localId: '1004', name: { first: 'Devon', last: 'Hart', preferred: null }, code: 'P', recorded: false }],
        });
      }
      puts.push({ method: 'PUT', url: String(input), body: JSON.parse(String(init?.body)), headers: {} });
      return json(200, { stored: true });
    }) as typeof globalThis.fetch);
    showAttendance();
    const devon = (await screen.findByLabelText('Hart, Devon')) as HTMLSelectElement;
    expect(devon.value).toBe('P');
    fireEvent.change(devon, { target: { value: 'A' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save attendance' }));
    await waitFor(() => expect(puts).toHaveLength(1));
    expect(puts[0]!.body).toMatchObject({ period: 'P3', marks: [{ studentId: 4, code: 'A' }] });
  });

  it('Ctrl+S saves from anywhere on the page', async () => {
    const server = fakeServer([]);
    showAttendance();
    await screen.findByLabelText('Rivers, Blake');
    fireEvent.keyDown(window, { key: 's', ctrlKey: true });
    await waitFor(() => expect(server.puts()).toHaveLength(1));
    await waitFor(() => expect(saveStatus()).toContain('Saved at'));
  });

  it('retries a failed save on its own with the same idempotency key, and keeps the marks until confirmed', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = fakeServer(['network-down', json(503, { title: 'Homeroom is busy', detail: 'Try again in a minute.', code: 'busy' }), json(200, { saved: true })]);
    showAttendance();
    const avery = await screen.findByLabelText('Stone, Avery');
    fireEvent.change(avery, { target: { value: 'T' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save attendance' }));

    await waitFor(() => expect(saveStatus()).toContain('Homeroom did not answer'));
    expect(saveStatus()).toContain('Check your connection; nothing was lost');
    expect(saveStatus()).toContain('Your marks are kept on this computer');
    const kept = loadDraft(TEACHER, '7', DATE);
    expect(kept?.marks).toContainEqual({ studentId: 1, code: 'T' });

    await act(async () => {
      await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]! + 100);
    });
    await waitFor(() => expect(server.puts()).toHaveLength(2));
    await waitFor(() => expect(saveStatus()).toContain('Homeroom is busy'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[1]! + 100);
    });
    await waitFor(() => expect(saveStatus()).toContain('Saved at'));

    const keys = server.puts().map((p) => p.body?.idempotencyKey);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    expect(loadDraft(TEACHER, '7', DATE)).toBeNull();
  });

  it('comes back when a busy server says to (Retry-After), not before, with the same key', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const busy = new Response(JSON.stringify({ title: 'Homeroom is busy', detail: 'Nothing was changed. Your request will be sent again in a moment.', code: 'server-busy' }), {
      status: 503,
      headers: { 'content-type': 'application/problem+json', 'retry-after': '7' },
    });
    const server = fakeServer([busy, json(200, { saved: true })]);
    showAttendance();
    fireEvent.change(await screen.findByLabelText('Stone, Avery'), { target: { value: 'A' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save attendance' }));
    await waitFor(() => expect(saveStatus()).toContain('Homeroom is busy'));
    // Not at the usual first retry: the server asked for seven seconds.
    await act(async () => {
      await vi.advanceTimersByTimeAsync(RETRY_DELAYS_MS[0]! + 100);
    });
    expect(server.puts()).toHaveLength(1);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6_000);
    });
    await waitFor(() => expect(saveStatus()).toContain('Saved at'));
    const keys = server.puts().map((p) => p.body?.idempotencyKey);
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(1);
  });

  it('reads Retry-After as seconds or as a date, and retries sooner than usual when told to', () => {
    expect(retryAfter('3')).toBe(3);
    expect(retryAfter(new Date(Date.UTC(2026, 8, 3, 8, 0, 10)).toUTCString(), Date.UTC(2026, 8, 3, 8, 0, 0))).toBe(10);
    expect(retryAfter('soon')).toBeNull();
    expect(retryAfter(null)).toBeNull();
    expect(retryDelayMs(new ApiProblem(503, { title: 'Homeroom is busy' }, 1), 3, 0.5)).toBe(1000 + RETRY_AFTER_SPREAD_MS / 2);
    expect(retryDelayMs(new ApiProblem(503, { title: 'Homeroom is busy' }), 0, 0.5)).toBe(RETRY_DELAYS_MS[0]);
  });

  it('does not retry a refusal, says why, and keeps the marks', async () => {
    const server = fakeServer([json(403, { title: 'This is not your class', detail: 'Only the teacher of this section can take its attendance.', code: 'not-your-section' })]);
    showAttendance();
    fireEvent.change(await screen.findByLabelText('Rivers, Blake'), { target: { value: 'A' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save attendance' }));
    await waitFor(() => expect(saveStatus()).toContain('This is not your class'));
    expect(saveStatus()).toContain('Only the teacher of this section can take its attendance.');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.puts()).toHaveLength(1);
    expect(loadDraft(TEACHER, '7', DATE)).toMatchObject({ state: 'unsaved', marks: expect.arrayContaining([{ studentId: 2, code: 'A' }]) });
  });

  it('after the page was closed mid-save, restores the marks and finishes the save with the original key', async () => {
    saveDraft({ owner: TEACHER, sectionId: '7', date: DATE, idempotencyKey: 'key-from-before', marks: [{ studentId: 1, code: 'P' }, { studentId: 2, code: 'T' }], state: 'sending', updatedAt: new Date().toISOString() });
    const server = fakeServer([]);
    showAttendance();
    const blake = await screen.findByLabelText('Rivers, Blake');
    expect((blake as HTMLSelectElement).value).toBe('T');
    await waitFor(() => expect(server.puts()).toHaveLength(1));
    expect(server.puts()[0]!.body?.idempotencyKey).toBe('key-from-before');
    await waitFor(() => expect(saveStatus()).toContain('Saved at'));
    expect(loadDraft(TEACHER, '7', DATE)).toBeNull();
  });

  it('shows marks left unsaved earlier and asks to save them', async () => {
    saveDraft({ owner: TEACHER, sectionId: '7', date: DATE, idempotencyKey: 'k2', marks: [{ studentId: 1, code: 'A' }, { studentId: 2, code: 'P' }], state: 'unsaved', updatedAt: new Date().toISOString() });
    const server = fakeServer([]);
    showAttendance();
    expect(((await screen.findByLabelText('Stone, Avery')) as HTMLSelectElement).value).toBe('A');
    expect(screen.getByText(/Marks you took earlier on this computer were not saved yet/)).toBeTruthy();
    expect(server.puts()).toHaveLength(0);
  });

  it("neither shows nor resends a colleague's half-sent save when another teacher opens the class", async () => {
    saveDraft({ owner: TEACHER, sectionId: '7', date: DATE, idempotencyKey: 'key-of-user-5', marks: [{ studentId: 1, code: 'P' }, { studentId: 2, code: 'T' }], state: 'sending', updatedAt: new Date().toISOString() });
    const server = fakeServer([]);
    showAttendance(6);
    expect(((await screen.findByLabelText('Rivers, Blake')) as HTMLSelectElement).value).toBe('P');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.puts()).toHaveLength(0);
    expect(screen.queryByText(/Marks you took earlier on this computer were not saved yet/)).toBeNull();
  });

  it('forgets every draft on this computer at sign-out, of any user and any version', async () => {
    saveDraft({ owner: TEACHER, sectionId: '7', date: DATE, idempotencyKey: 'k5', marks: [{ studentId: 1, code: 'A' }], state: 'sending', updatedAt: new Date().toISOString() });
    saveDraft({ owner: '6', sectionId: '8', date: DATE, idempotencyKey: 'k6', marks: [{ studentId: 3, code: 'A' }], state: 'unsaved', updatedAt: new Date().toISOString() });
    localStorage.setItem(`homeroom.attendance.v1:7:${DATE}`, JSON.stringify({ sectionId: '7', date: DATE, idempotencyKey: 'old', marks: [], state: 'sending' }));
    localStorage.setItem('something-else', 'kept');
    signedOut(new QueryClient());
    expect(Object.keys(localStorage)).toEqual(['something-else']);
  });
});
