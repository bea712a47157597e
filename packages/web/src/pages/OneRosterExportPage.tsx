import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiRequest } from '../api/client.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { JobStatus } from '../components/JobStatus.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

interface ExportJob { id: number; status: string; progress: number; error: string | null; result: { schoolYear: string; files: Record<string, number>; bytes: number } | null }

const STATUSES = { queued: 'waiting for a worker', running: 'exporting', succeeded: 'ready to download', failed: 'failed' };

/**
 * A district administrator exports the district as a OneRoster 1.2 CSV package for the learning
 * platforms and other systems that read rosters: starts the export (a background job), follows it,
 * and downloads the zip. Beside the district import, the way in.
 */
export function OneRosterExportPage() {
  usePageTitle('OneRoster export');
  const [schoolYear, setSchoolYear] = useState('');
  const [jobUrl, setJobUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const job = useQuery({
    queryKey: ['oneroster-export', jobUrl],
    enabled: jobUrl !== null,
    queryFn: ({ signal }) => apiGet<ExportJob>(jobUrl!, signal),
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'queued' || query.state.data.status === 'running') ? 1000 : false),
  });
  const busy = job.data ? job.data.status === 'queued' || job.data.status === 'running' : false;

  async function start(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const body = schoolYear.trim() ? { schoolYear: schoolYear.trim() } : {};
      const { data } = await apiRequest<{ url: string }>('/api/oneroster-exports', { method: 'POST', body });
      setJobUrl(data.url);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby="export-title">
      <h2 id="export-title">OneRoster export</h2>
      <p>
        The district&apos;s rosters as a OneRoster 1.2 CSV package (a .zip): schools, the school year&apos;s terms, courses, classes, people and enrollments, for the
        systems that read rosters. Students who opted out of the directory are written with their rostering fields only.
      </p>
      <form onSubmit={start}>
        <label htmlFor="school-year">School year (blank for the current one)</label>
        <input id="school-year" placeholder="2026-27" value={schoolYear} onChange={(e) => setSchoolYear(e.target.value)} />
        <button type="submit" disabled={busy}>Export the district</button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {job.data ? <JobStatus noun="Export" job={job.data} statuses={STATUSES} /> : null}
      {job.data?.status === 'succeeded' && job.data.result ? (
        <>
          <p>
            <a href={`/api/oneroster-exports/${job.data.id}/oneroster.zip`} download={`oneroster-${job.data.id}.zip`}>
              Download the package ({job.data.result.schoolYear})
            </a>
          </p>
          <table>
            <caption>Rows by file</caption>
            <thead><tr><th scope="col">File</th><th scope="col">Rows</th></tr></thead>
            <tbody>
              {Object.entries(job.data.result.files).map(([name, rows]) => (
                <tr key={name}><th scope="row">{name}</th><td>{rows}</td></tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
