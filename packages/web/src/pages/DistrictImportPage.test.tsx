import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken, setFetch } from '../api/client.ts';
import { DistrictImportPage } from './DistrictImportPage.tsx';
import { renderScreen } from '../testing/render-screen.tsx';

// The district import page against a fake server: the package goes as the body (not JSON), the
// job's report shows its problems (sortable) and the reconciliation's mismatches.
const REPORT = {
  format: 'homeroom.import-report/v1', status: 'refused', package: { oneroster: '1.2', files: { 'users.csv': 'bulk' } },
  counts: { 'users.csv': { rows: 3, created: 0, updated: 0, unchanged: 0, ended: 0 } }, notImported: [], problemCount: 2,
  problems: [
    { file: 'users.csv', row: 9, column: 'enabledUser', code: 'invalid-boolean', message: 'enabledUser must be true or false, not "TRUE"' },
    { file: 'classes.csv', row: 3, column: 'classType', code: 'invalid-enumeration', message: 'classType must be one of homeroom, scheduled' },
  ],
  reconciliation: { students: 1, figures: { ucGpa: { compared: 1, mismatches: 1 } }, mismatches: [{ student: 'S0042', figure: 'ucGpa', legacy: '3.42', homeroom: '3.50' }] },
};

function fakeServer() {
  const sent: { url: string; body: unknown; type: string | undefined }[] = [];
  setFetch((async (url: RequestInfo | URL, init?: RequestInit) => {
    sent.push({ url: String(url), body: init?.body, type: (init?.headers as Record<string, string> | undefined)?.['content-type'] });
    if (init?.method === 'POST') return new Response(JSON.stringify({ jobId: 5, status: 'queued', url: '/api/jobs/5' }), { status: 202, headers: { 'content-type': 'application/json' } });
    return new Response(JSON.stringify({ id: 5, kind: 'district-import', status: 'succeeded', progress: 1, error: null, result: REPORT }), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch);
  return sent;
}

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe('district import page', () => {
  it('uploads the package as the body and shows the problems and the mismatches', async () => {
    const sent = fakeServer();
    renderScreen(<DistrictImportPage />);
    const file = new File(['PK'], 'district.zip', { type: 'application/zip' });
    fireEvent.change(screen.getByLabelText('Package (.zip)'), { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: 'Check and compare' }));
    await waitFor(() => expect(screen.getByText('Refused: nothing was written')).toBeTruthy());
    expect(sent[0]).toMatchObject({ url: '/api/district-imports?dryRun=true', type: 'application/zip' });
    expect(sent[0]!.body).toBe(file);
    const rows = () => screen.getAllByRole('row').map((r) => r.textContent ?? '').filter((t) => t.includes('invalid-'));
    expect(rows()[0]).toContain('classes.csv');
    fireEvent.click(screen.getByRole('button', { name: 'code' }));
    expect(rows()[0]).toContain('invalid-boolean');
    const mismatch = screen.getByRole('link', { name: 'S0042' });
    expect(mismatch.getAttribute('href')).toBe('/students?q=S0042');
    expect(within(mismatch.closest('tr')!).getByText('3.50')).toBeTruthy();
  });
});
