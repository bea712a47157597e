import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { ApiProblem, apiGet, apiRequest, apiSend } from '../../api/client.ts';
import type { CourseRequest, CourseRequestProposals, CourseRequests } from '../../api/records.ts';
import { CourseRuleOverride, courseRefusalsOf, overrideOf } from '../CourseRuleOverride.tsx';
import { ErrorNotice, Loading } from '../ErrorNotice.tsx';

export function CourseRequestsPanel({ studentId, mayChange }: { studentId: number; mayChange: boolean }) {
  const client = useQueryClient();
  const requests = useQuery({ queryKey: ['course-requests', studentId], queryFn: ({ signal }) => apiGet<CourseRequests>(`/api/students/${studentId}/course-requests`, signal) });
  const [preview, setPreview] = useState<CourseRequestProposals | null>(null);
  const [message, setMessage] = useState('');
  const generate = useMutation({
    mutationFn: (dryRun: boolean) => apiSend<CourseRequestProposals>('POST', `/api/students/${studentId}/course-requests/generate`, { dryRun }),
    onSuccess: async (result) => {
      if (result.saved) {
        setPreview(null);
        setMessage(`Saved ${result.proposals.length} proposed ${result.proposals.length === 1 ? 'request' : 'requests'} for ${result.schoolYear}.`);
        await client.invalidateQueries({ queryKey: ['course-requests', studentId] });
      } else {
        setMessage('');
        setPreview(result);
      }
    },
  });
  if (requests.isPending) return <Loading what="the course requests" />;
  if (requests.error) return <ErrorNotice error={requests.error} onRetry={() => void requests.refetch()} />;
  const r = requests.data;
  return (
    <>
      <h3>Requests for {r.schoolYear}</h3>
      {message ? (
        <p className="notice notice-ok" role="status">
          {message}
        </p>
      ) : null}
      {r.items.length === 0 ? <p>No course requests for {r.schoolYear} yet.</p> : null}
      {r.items.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Course requests for {r.schoolYear}</caption>
            <thead>
              <tr>
                <th scope="col">Course</th>
                <th scope="col">Required</th>
                <th scope="col">Priority</th>
                <th scope="col">Why</th>
                {mayChange ? <th scope="col">Change</th> : null}
              </tr>
            </thead>
            <tbody>
              {r.items.map((item) => (
                <RequestRow key={`${item.id}-${item.version}`} studentId={studentId} item={item} mayChange={mayChange} />
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mayChange ? (
        <div className="panel proposals">
          <h3>Propose requests from the graduation audit</h3>
          <p className="hint">See the proposals first; saving them replaces earlier proposals from the audit (requests the student chose stay).</p>
          {generate.error ? <ErrorNotice error={generate.error} /> : null}
          <button type="button" onClick={() => generate.mutate(true)} disabled={generate.isPending}>
            Preview proposals
          </button>
          {preview ? (
            <>
              {preview.proposals.length === 0 ? <p>The audit proposes nothing: every requirement is met or in progress.</p> : null}
              <ul>
                {preview.proposals.map((p) => (
                  <li key={p.course}>
                    <strong>{p.course}</strong> — {p.required ? 'required' : 'optional'}, priority {p.priority}: {p.reason}
                  </li>
                ))}
              </ul>
              {preview.proposals.length > 0 ? (
                <button type="button" className="primary" onClick={() => generate.mutate(false)} disabled={generate.isPending}>
                  {preview.proposals.length === 1 ? 'Save this proposal' : `Save these ${preview.proposals.length} proposals`}
                </button>
              ) : null}
            </>
          ) : null}
        </div>
      ) : null}
    </>
  );
}

export function RequestRow({ studentId, item, mayChange }: { studentId: number; item: CourseRequest; mayChange: boolean }) {
  const client = useQueryClient();
  const ids = useId();
  const [required, setRequired] = useState(item.required);
  const [priority, setPriority] = useState(item.priority);
  const [reason, setReason] = useState('');
  const [override, setOverride] = useState('');
  const save = useMutation({
    mutationFn: () =>
      apiRequest(`/api/students/${studentId}/course-requests/${item.id}`, { method: 'PATCH', body: { required, priority, reason: reason.trim(), override: overrideOf(override) }, headers: { 'if-match': `"${item.version}"` } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['course-requests', studentId] }),
  });
  const stale = save.error instanceof ApiProblem && save.error.status === 412;
  // A course passed or a prerequisite missing: the counselor may keep the request with a reason.
  const refusals = courseRefusalsOf(save.error);
  const changed = required !== item.required || priority !== item.priority;
  return (
    <tr>
      <th scope="row">
        {item.title ?? item.course} <span className="muted">{item.course}</span>
      </th>
      <td>
        {mayChange ? (
          <span className="checkbox inline">
            <input id={`${ids}-req`} type="checkbox" checked={required} onChange={(e) => setRequired(e.target.checked)} />
            <label htmlFor={`${ids}-req`}>
              Required<span className="visually-hidden"> for {item.title ?? item.course}</span>
            </label>
          </span>
        ) : item.required ? (
          'Required'
        ) : (
          'Optional'
        )}
      </td>
      <td>
        {mayChange ? (
          <>
            <label htmlFor={`${ids}-pri`} className="visually-hidden">
              Priority of {item.title ?? item.course}
            </label>
            <input id={`${ids}-pri`} type="number" min={1} max={99} value={priority} className="narrow" onChange={(e) => setPriority(Number(e.target.value) || 1)} />
          </>
        ) : (
          item.priority
        )}
      </td>
      <td>
        {item.reason ?? item.source}
        {item.overrideReason ? <span className="muted"> (course rules overridden: {item.overrideReason})</span> : null}
      </td>
      {mayChange ? (
        <td>
          {changed ? (
            <form
              className="inline-form"
              onSubmit={(e) => {
                e.preventDefault();
                save.mutate();
              }}
            >
              <label htmlFor={`${ids}-why`} className="visually-hidden">
                Reason for changing {item.title ?? item.course}
              </label>
              <input id={`${ids}-why`} placeholder="Reason" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="submit" className="primary" disabled={save.isPending || (refusals.length > 0 && !overrideOf(override))}>
                {refusals.length > 0 ? 'Save with the override' : 'Save'}
              </button>
            </form>
          ) : (
            <span className="muted">—</span>
          )}
          {refusals.length > 0 ? (
            <CourseRuleOverride refusals={refusals} reason={override} onReason={setOverride} />
          ) : save.error ? (
            <ErrorNotice error={save.error}>
              {stale ? (
                <button type="button" onClick={() => void client.invalidateQueries({ queryKey: ['course-requests', studentId] })}>
                  Reload the requests
                </button>
              ) : null}
            </ErrorNotice>
          ) : null}
        </td>
      ) : null}
    </tr>
  );
}

/**
 * Drop/add for one student. "Check" asks the server for a dry run (clashes, seats) and only a clean
 * check can be saved, so a counselor never saves a change whose consequences they have not seen.
 */
