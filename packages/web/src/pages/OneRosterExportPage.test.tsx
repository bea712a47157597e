import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setCsrfToken } from '../api/client.ts';
import { answer, fakeServer, renderScreen } from '../testing/render-screen.tsx';
import { OneRosterExportPage } from './OneRosterExportPage.tsx';

// The OneRoster export page against a fake server: the button starts the job, the page follows it
// and, once it has succeeded, offers the zip and the rows of each file.
function exportServer(finalStatus: 'succeeded' | 'failed') {
  let polls = 0;
  return fakeServer(({ method }) => {
    if (method === 'POST') return answer({ jobId: 7, status: 'queued', url: '/api/jobs/7' }, 202);
    polls++;
    const job = polls === 1
      ? { id: 7, kind: 'oneroster-export', status: 'running', progress: 0.5, error: null, result: null }
      : finalStatus === 'succeeded'
        ? { id: 7, kind: 'oneroster-export', status: 'succeeded', progress: 1, error: null, result: { schoolYear: '2026-27', files: { 'users.csv': 12, 'enrollments.csv': 30 }, bytes: 2048 } }
        : { id: 7, kind: 'oneroster-export', status: 'failed', progress: 0.2, error: 'the disk is full', result: null };
    return answer(job);
  });
}

const renderPage = () => renderScreen(<OneRosterExportPage />);

beforeEach(() => setCsrfToken('csrf-1'));
afterEach(() => cleanup());

describe('OneRoster export page', () => {
  it('starts the export for the school year asked, follows the job and offers the zip', async () => {
    const sent = exportServer('succeeded');
    renderPage();
    fireEvent.change(screen.getByLabelText('School year (blank for the current one)'), { target: { value: '2026-27' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export the district' }));
    await waitFor(() => expect(screen.getByText('Export 7: exporting')).toBeTruthy());
    expect(sent[0]).toMatchObject({ url: '/api/oneroster-exports', method: 'POST' });
    expect(JSON.parse(String(sent[0]!.body))).toEqual({ schoolYear: '2026-27' });
    const link = await screen.findByRole('link', { name: 'Download the package (2026-27)' }, { timeout: 3000 });
    expect(link.getAttribute('href')).toBe('/api/oneroster-exports/7/oneroster.zip');
    expect(within(screen.getByRole('row', { name: /users\.csv/ })).getByText('12')).toBeTruthy();
  });

  it('says why a failed export failed, and offers no download', async () => {
    exportServer('failed');
    renderPage();
    fireEvent.click(screen.getByRole('button', { name: 'Export the district' }));
    await screen.findByText('the disk is full', undefined, { timeout: 3000 });
    expect(screen.queryByRole('link', { name: /Download/ })).toBeNull();
  });
});
