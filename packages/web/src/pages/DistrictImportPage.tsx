import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { apiGet, apiRequest } from '../api/client.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { JobStatus } from '../components/JobStatus.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

interface ImportProblem { file: string; row: number | null; column: string | null; code: string; message: string }
interface Mismatch { student: string; figure: string; legacy: string; homeroom: string }
interface ImportReport {
  status: 'imported' | 'dry-run' | 'refused';
  counts: Record<string, { rows: number; created: number; updated: number; unchanged: number; ended: number }>;
  notImported: string[];
  problemCount: number;
  problems: ImportProblem[];
  reconciliation?: { students: number; figures: Record<string, { compared: number; mismatches: number }>; mismatches: Mismatch[] };
}
interface ImportJob { id: number; status: string; progress: number; error: string | null; result: ImportReport | null }

const STATUSES = { queued: 'waiting for the import before it', running: 'importing', succeeded: 'finished', failed: 'failed' };
const REPORT_STATUS = { imported: 'Imported', 'dry-run': 'Dry run: nothing was written', refused: 'Refused: nothing was written' };
type ProblemKey = 'file' | 'row' | 'column' | 'code';

function problemsCsv(problems: ImportProblem[]): string {
  const quote = (v: string | number | null) => {
    const s = v === null ? '' : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
  };
  return ['file,row,column,code,message', ...problems.map((p) => [p.file, p.row, p.column, p.code, p.message].map(quote).join(','))].join('\r\n') + '\r\n';
}

/**
 * A district administrator brings the district in from its old system: uploads the OneRoster
 * package, follows the import, reads its problems (sortable, downloadable) and the reconciliation
 * of the old system's GPAs with Homeroom's, each mismatch opening the student.
 */
export function DistrictImportPage() {
  usePageTitle('District import');
  const [file, setFile] = useState<File | null>(null);
  const [dryRun, setDryRun] = useState(true);
  const [jobUrl, setJobUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [sort, setSort] = useState<ProblemKey>('file');
  const job = useQuery({
    queryKey: ['district-import', jobUrl],
    enabled: jobUrl !== null,
    queryFn: ({ signal }) => apiGet<ImportJob>(jobUrl!, signal),
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'queued' || query.state.data.status === 'running') ? 1000 : false),
  });
  const report = job.data?.result ?? null;
  const problems = useMemo(() => {
    const list = [...(report?.problems ?? [])];
    return list.sort((a, b) => String(a[sort] ?? '').localeCompare(String(b[sort] ?? ''), undefined, { numeric: true }) || (a.row ?? 0) - (b.row ?? 0));
  }, [report, sort]);

  async function start(event: React.FormEvent) {
    event.preventDefault();
    if (!file) return;
    setError(null);
    try {
      const { data } = await apiRequest<{ url: string }>(`/api/district-imports${dryRun ? '?dryRun=true' : ''}`, { method: 'POST', body: file, headers: { 'content-type': 'application/zip' } });
      setJobUrl(data.url);
    } catch (e) {
      setError(e);
    }
  }

  function download() {
    const url = URL.createObjectURL(new Blob([problemsCsv(problems)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = 'import-problems.csv';
    a.click();
    URL.revokeObjectURL(url);
  }

  return (
    <section aria-labelledby="import-title">
      <h2 id="import-title">District import</h2>
      <p>
        A OneRoster 1.2 package (a .zip) from the old system, with Homeroom&apos;s files beside it. Everything is checked first; one problem refuses the whole
        package. Start with a dry run: it compares the old system&apos;s GPAs with Homeroom&apos;s without writing anything.
      </p>
      <form onSubmit={start}>
        <label htmlFor="package">Package (.zip)</label>
        <input id="package" type="file" accept=".zip,application/zip" onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        <label>
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} /> Dry run (write nothing)
        </label>
        <button type="submit" disabled={!file}>
          {dryRun ? 'Check and compare' : 'Import'}
        </button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {job.data ? <JobStatus noun="Run" job={job.data} statuses={STATUSES} /> : null}
      {report ? (
        <>
          <h3>{REPORT_STATUS[report.status]}</h3>
          <table>
            <caption>Rows by file</caption>
            <thead>
              <tr><th scope="col">File</th><th scope="col">Rows</th><th scope="col">Created</th><th scope="col">Updated</th><th scope="col">Unchanged</th><th scope="col">Ended</th></tr>
            </thead>
            <tbody>
              {Object.entries(report.counts).map(([name, c]) => (
                <tr key={name}><th scope="row">{name}</th><td>{c.rows}</td><td>{c.created}</td><td>{c.updated}</td><td>{c.unchanged}</td><td>{c.ended}</td></tr>
              ))}
            </tbody>
          </table>
          {report.notImported.length ? <p>Not imported: {report.notImported.join(', ')}</p> : null}
          {report.problemCount > 0 ? (
            <>
              <h3>
                {report.problemCount} problem{report.problemCount === 1 ? '' : 's'}
                {report.problemCount > report.problems.length ? ` (the first ${report.problems.length} listed)` : ''}
              </h3>
              <button type="button" onClick={download}>Download the problems (CSV)</button>
              <table>
                <thead>
                  <tr>
                    {(['file', 'row', 'column', 'code'] as const).map((k) => (
                      <th key={k} scope="col" aria-sort={sort === k ? 'ascending' : 'none'}>
                        <button type="button" onClick={() => setSort(k)}>{k}</button>
                      </th>
                    ))}
                    <th scope="col">What is wrong</th>
                  </tr>
                </thead>
                <tbody>
                  {problems.map((p, i) => (
                    <tr key={i}><td>{p.file}</td><td>{p.row ?? ''}</td><td>{p.column ?? ''}</td><td>{p.code}</td><td>{p.message}</td></tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {report.reconciliation ? (
            <>
              <h3>Reconciliation: {report.reconciliation.students} students compared</h3>
              <table>
                <thead><tr><th scope="col">Figure</th><th scope="col">Compared</th><th scope="col">Mismatches</th></tr></thead>
                <tbody>
                  {Object.entries(report.reconciliation.figures).map(([figure, f]) => (
                    <tr key={figure}><th scope="row">{figure}</th><td>{f.compared}</td><td>{f.mismatches}</td></tr>
                  ))}
                </tbody>
              </table>
              {report.reconciliation.mismatches.length ? (
                <table>
                  <caption>Every mismatch; open the student to read Homeroom&apos;s explanation of every mark</caption>
                  <thead><tr><th scope="col">Student</th><th scope="col">Figure</th><th scope="col">Old system</th><th scope="col">Homeroom</th></tr></thead>
                  <tbody>
                    {report.reconciliation.mismatches.map((m) => (
                      <tr key={`${m.student}-${m.figure}`}>
                        <td><Link to={`/students?q=${encodeURIComponent(m.student)}`}>{m.student}</Link></td>
                        <td>{m.figure}</td><td>{m.legacy}</td><td>{m.homeroom || '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : <p>Every compared figure matches.</p>}
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}
