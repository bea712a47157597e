/**
 * The head of a background job's panel (a scheduling run, a master-schedule build): its name and
 * status, a progress bar while it works, and its error in words if it failed.
 */
export function JobStatus({ noun, job, statuses }: { noun: 'Run' | 'Build' | 'Export'; job: { id: number; status: string; progress: number; error: string | null }; statuses: Record<string, string> }) {
  const id = noun.toLowerCase();
  const busy = job.status === 'queued' || job.status === 'running';
  return (
    <>
      <h3 id={`${id}-title`}>
        {noun} {job.id}: {statuses[job.status] ?? job.status}
      </h3>
      {busy ? (
        <>
          <label htmlFor={`${id}-progress`}>Progress</label>
          <progress id={`${id}-progress`} className="progress" max={1} value={job.progress}>
            {Math.round(job.progress * 100)}%
          </progress>
          <p role="status">
            {Math.round(job.progress * 100)}% done. You can leave this page; the {id} continues.
          </p>
        </>
      ) : null}
      {job.error ? <p className="notice notice-error">{job.error}</p> : null}
    </>
  );
}
