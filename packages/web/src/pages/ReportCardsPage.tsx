import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReportCardBatchResult, SchoolSections, SchoolYears, StartReportCardBatchInput } from '../api/types.ts';
import { apiGet, apiRequest } from '../api/client.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { JobStatus } from '../components/JobStatus.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';

interface BatchJob { id: number; status: string; progress: number; error: string | null; result: ReportCardBatchResult | null }

const STATUSES = { queued: 'waiting for a worker', running: 'printing report cards', succeeded: 'ready to download', failed: 'failed' };
const GRADES = [9, 10, 11, 12, 8, 7, 6, 5, 4, 3, 2, 1, 0];

/**
 * A principal (or the office, or the district) prints a school's report cards for a grading
 * period, or one grade's, or one section's: starts the batch (a background job), follows it, and
 * downloads the zip of PDFs, one per student.
 */
export function ReportCardsPage() {
  usePageTitle('Report cards');
  const { schoolId, picker } = useSchoolChoice();
  const [gradingPeriodId, setGradingPeriodId] = useState('');
  const [grade, setGrade] = useState('');
  const [sectionId, setSectionId] = useState('');
  const [jobUrl, setJobUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const years = useQuery({ queryKey: ['school-years'], queryFn: ({ signal }) => apiGet<SchoolYears>('/api/school-years', signal) });
  const sections = useQuery({ queryKey: ['school-sections', schoolId], enabled: schoolId !== null, queryFn: ({ signal }) => apiGet<SchoolSections>(`/api/schools/${schoolId}/sections`, signal) });
  const job = useQuery({
    queryKey: ['report-card-batch', jobUrl],
    enabled: jobUrl !== null,
    queryFn: ({ signal }) => apiGet<BatchJob>(jobUrl!, signal),
    refetchInterval: (query) => (query.state.data && (query.state.data.status === 'queued' || query.state.data.status === 'running') ? 1000 : false),
  });
  const busy = job.data ? job.data.status === 'queued' || job.data.status === 'running' : false;
  const current = years.data?.years.find((y) => y.isCurrent) ?? years.data?.years.at(-1);
  const periods = current?.terms.flatMap((t) => t.gradingPeriods) ?? [];

  async function start(event: React.FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      const body: StartReportCardBatchInput = { schoolId: schoolId!, gradingPeriodId: Number(gradingPeriodId), grade: grade === '' ? null : Number(grade), sectionId: sectionId === '' ? null : Number(sectionId) };
      const { data } = await apiRequest<{ url: string }>('/api/jobs/report-card-batches', { method: 'POST', body });
      setJobUrl(data.url);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby="report-cards-title">
      <h1 id="report-cards-title">Report cards</h1>
      <p>
        The report cards of a grading period for every student enrolled at the school at its end (or of one grade, or one section): each section&apos;s mark, teacher,
        absences, tardies and comments, one PDF per student in a .zip.
      </p>
      {picker}
      {years.error ? <ErrorNotice error={years.error} /> : null}
      <form onSubmit={start}>
        <label htmlFor="grading-period">Grading period{current ? ` (${current.name})` : ''}</label>
        <select id="grading-period" required value={gradingPeriodId} onChange={(e) => setGradingPeriodId(e.target.value)}>
          <option value="">Choose a grading period</option>
          {periods.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.startDate} to {p.endDate})
            </option>
          ))}
        </select>
        <label htmlFor="report-card-grade">Grade</label>
        <select id="report-card-grade" value={grade} onChange={(e) => setGrade(e.target.value)}>
          <option value="">Every grade</option>
          {GRADES.map((g) => (
            <option key={g} value={g}>
              {g === 0 ? 'Kindergarten' : `Grade ${g}`}
            </option>
          ))}
        </select>
        <label htmlFor="report-card-section">Section</label>
        <select id="report-card-section" value={sectionId} onChange={(e) => setSectionId(e.target.value)}>
          <option value="">Every section</option>
          {(sections.data?.items ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.code} {s.course.title}
            </option>
          ))}
        </select>
        <button type="submit" disabled={busy || schoolId === null}>
          Print the report cards
        </button>
      </form>
      {error ? <ErrorNotice error={error} /> : null}
      {job.data ? <JobStatus noun="Export" job={job.data} statuses={STATUSES} /> : null}
      {job.data?.status === 'succeeded' && job.data.result ? (
        <p>
          <a href={`/api/jobs/report-card-batches/${job.data.id}/report-cards.zip`} download={`report-cards-${job.data.id}.zip`}>
            Download the report cards ({job.data.result.documents} {job.data.result.documents === 1 ? 'student' : 'students'})
          </a>
        </p>
      ) : null}
    </section>
  );
}
