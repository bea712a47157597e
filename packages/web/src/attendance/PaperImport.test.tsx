import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiProblem, setCsrfToken, setFetch } from '../api/client.ts';
import { noteOutcome } from '../components/StudentAttendance.tsx';
import { lastSchoolYear } from '../components/MarkFromElsewhereForm.tsx';
import { adaQuery } from '../pages/AttendanceOfficePage.tsx';
import { importProblems, MAX_FILE_BYTES, PaperImport } from './PaperImport.tsx';

// The paper import against a fake server: a file is sent for a check first, and only a clean
// check of that very file lets the import go.
interface Sent {
  csv: string;
  fileName: string;
  dryRun: boolean;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': status >= 400 ? 'application/problem+json' : 'application/json' } });
}

const REFUSAL = {
  title: 'The file has 2 problems: nothing was imported',
  detail: 'Fix each row listed (row 1 is the header) and check the file again.',
  code: 'import-not-valid',
  status: 422,
  problems: [
    { row: 3, column: 'student_local_id', message: 'no student with ID "9999"' },
    { row: 4, column: 'code', message: '"Q" is not an attendance code' },
  ],
};

function fakeServer(answer: (sent: Sent) => Response) {
  const sent: Sent[] = [];
  setFetch((async (_url: RequestInfo | URL, init?: RequestInit) => {
    const body = JSON.parse(String(init?.body)) as Sent;
    sent.push(body);
    return answer(body);
  }) as typeof fetch);
  return sent;
}

function showImport() {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <PaperImport />
    </QueryClientProvider>,
  );
}

function choose(text: string, name = 'week1.csv') {
  const input = screen.getByLabelText('CSV file') as HTMLInputElement;
  const file = new File([text], name, { type: 'text/csv' });
  fireEvent.change(input, { target: { files: [file] } });
}

const importButton = () => screen.getByRole('button', { name: /^Import/ }) as HTMLButtonElement;

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe('importing attendance taken on paper', () => {
  it('lists every problem by row and keeps the import closed', async () => {
    const sent = fakeServer(() => json(422, REFUSAL));
    showImport();
    expect(importButton().disabled).toBe(true);
    choose('school_code,section_code,date,student_local_id,code\n');
    await waitFor(() => expect((screen.getByRole('button', { name: 'Check the file' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Check the file' }));
    await screen.findByText('The file has 2 problems: nothing was imported');
    expect(sent).toEqual([{ csv: 'school_code,section_code,date,student_local_id,code\n', fileName: 'week1.csv', dryRun: true }]);
    const rows = screen.getAllByRole('row').slice(1).map((r) => r.textContent);
    expect(rows).toEqual(['3student_local_idno student with ID "9999"', '4code"Q" is not an attendance code']);
    expect(importButton().disabled).toBe(true);
  });

  it('imports only after a clean check of the same file, and a new file needs a new check', async () => {
    const sent = fakeServer((body) => json(200, { dryRun: body.dryRun, rows: 2, meetings: 1, changes: 2, students: 2, problems: [] }));
    showImport();
    choose('a\n1\n');
    await waitFor(() => expect((screen.getByRole('button', { name: 'Check the file' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Check the file' }));
    await screen.findByText(/week1.csv is ready: 2 rows, 1 class meeting, 2 students; 2 marks change/);
    expect(importButton().disabled).toBe(false);

    choose('a\n2\n', 'week2.csv');
    await waitFor(() => expect(importButton().disabled).toBe(true));
    await waitFor(() => expect((screen.getByRole('button', { name: 'Check the file' }) as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: 'Check the file' }));
    await waitFor(() => expect(importButton().disabled).toBe(false));
    fireEvent.click(importButton());
    await screen.findByText('Imported 2 rows: 2 marks changed for 2 students in 1 class meeting.');
    expect(sent.map((s) => [s.fileName, s.dryRun])).toEqual([
      ['week1.csv', true],
      ['week2.csv', true],
      ['week2.csv', false],
    ]);
  });

  it('refuses a file over the server limit before sending it, and says how to split it', async () => {
    const sent = fakeServer(() => json(500, {}));
    showImport();
    choose('x'.repeat(MAX_FILE_BYTES + 1), 'whole-year.csv');
    await screen.findByText(/whole-year.csv is 1.0 MB; Homeroom takes files up to 1 MB .* Split it by week or by school/);
    expect((screen.getByRole('button', { name: 'Check the file' }) as HTMLButtonElement).disabled).toBe(true);
    expect(sent).toEqual([]);
  });
});

describe('the words and queries of the attendance screens', () => {
  it('reads the problems only from an import refusal', () => {
    expect(importProblems(new ApiProblem(422, REFUSAL))).toHaveLength(2);
    expect(importProblems(new ApiProblem(403, { title: 'Not allowed', code: 'forbidden' }))).toBeNull();
    expect(importProblems(new Error('x'))).toBeNull();
  });

  it('asks for ADA by reporting period, by dates, or for the year so far', () => {
    expect(adaQuery({ kind: 'year' }, '2026-27')).toBe('');
    expect(adaQuery({ kind: 'P2' }, '2026-27')).toBe('?period=P2&year=2026-27');
    expect(adaQuery({ kind: 'P1' }, null)).toBeNull();
    expect(adaQuery({ kind: 'dates', from: '2026-09-01', to: '' }, '2026-27')).toBeNull();
    expect(adaQuery({ kind: 'dates', from: '2026-09-01', to: '2026-09-15' }, null)).toBe('?from=2026-09-01&to=2026-09-15');
  });

  it('says what a note from home excused, and that a note with nothing to excuse still counts', () => {
    expect(noteOutcome({ daysExcused: 0, periodsExcused: 1 })).toBe('Note recorded: 1 class meeting excused.');
    expect(noteOutcome({ daysExcused: 2, periodsExcused: 0 })).toBe('Note recorded: 2 days excused.');
    expect(noteOutcome({ daysExcused: 0, periodsExcused: 0 })).toMatch(/^Note recorded. There was no uncleared absence/);
  });

  it('proposes the last school year that ended for a mark earned elsewhere', () => {
    expect(lastSchoolYear('2026-11-23')).toBe('2025-26');
    expect(lastSchoolYear('2027-03-01')).toBe('2025-26');
    expect(lastSchoolYear('2027-07-01')).toBe('2026-27');
  });
});
