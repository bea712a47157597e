import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiSend } from '../../api/client.ts';
import type { MasterBuild } from '../../api/master-schedule.ts';
import { ErrorNotice, Loading } from '../../components/ErrorNotice.tsx';
import { JobStatus } from '../../components/JobStatus.tsx';

const STATUS: Record<string, string> = { queued: 'Waiting to start', running: 'Building', preview: 'Preview — nothing has changed yet', committed: 'Committed', discarded: 'Discarded', failed: 'Failed' };

export function Build({ schoolId, year, onCommitted }: { schoolId: number; year: string; onCommitted: () => void }) {
  const client = useQueryClient();
  const [seconds, setSeconds] = useState('20');
  const [keepTeachers, setKeepTeachers] = useState(false);
  const [buildId, setBuildId] = useState<number | null>(null);
  const runs = useQuery({ queryKey: ['scheduling-runs', schoolId], queryFn: ({ signal }) => apiGet<{ items: Array<{ id: number; kind: string; status: string }> }>(`/api/schools/${schoolId}/scheduling-runs`, signal) });
  const shown = buildId ?? runs.data?.items.find((r) => r.kind === 'master' && ['queued', 'running', 'preview'].includes(r.status))?.id ?? null;
  const start = useMutation({
    mutationFn: () => apiSend<{ runId: number }>('POST', `/api/schools/${schoolId}/master-schedule/builds`, { schoolYear: year, timeLimitSeconds: Number(seconds) || 20, keepTeachers }),
    onSuccess: (r) => setBuildId(r.runId),
  });
  return (
    <section aria-labelledby="master-build">
      <h2 id="master-build">Build a master schedule</h2>
      <p className="hint">The builder places every section that is not locked in the period, with the teacher and room, that serve students’ requests best. It ends in a preview: nothing changes until you commit it.</p>
      <form
        className="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          start.mutate();
        }}
      >
        <div>
          <label htmlFor="build-seconds">Time limit (seconds)</label>
          <input id="build-seconds" className="narrow" type="number" min={2} max={600} value={seconds} onChange={(e) => setSeconds(e.target.value)} />
        </div>
        <div className="checkbox inline toolbar-button">
          <input id="build-keep-teachers" type="checkbox" checked={keepTeachers} onChange={(e) => setKeepTeachers(e.target.checked)} />
          <label htmlFor="build-keep-teachers">Teachers keep their sections (build only times and rooms)</label>
        </div>
        <div className="toolbar-button">
          <button type="submit" className="primary" disabled={start.isPending}>
            Build
          </button>
        </div>
      </form>
      {start.error ? <ErrorNotice error={start.error} /> : null}
      {shown !== null ? (
        <BuildView
          key={shown}
          runId={shown}
          onSettled={(committed) => {
            void client.invalidateQueries({ queryKey: ['scheduling-runs', schoolId] });
            if (committed) onCommitted();
          }}
        />
      ) : null}
    </section>
  );
}

function BuildView({ runId, onSettled }: { runId: number; onSettled: (committed: boolean) => void }) {
  const client = useQueryClient();
  const run = useQuery({
    queryKey: ['master-build', runId],
    queryFn: ({ signal }) => apiGet<MasterBuild>(`/api/master-builds/${runId}`, signal),
    refetchInterval: (query) => (query.state.data && !['queued', 'running'].includes(query.state.data.status) ? false : 1000),
  });
  const act = useMutation({
    mutationFn: (action: 'commit' | 'discard') => apiSend('POST', `/api/master-builds/${runId}/${action}`),
    onSuccess: async (_, action) => {
      await client.invalidateQueries({ queryKey: ['master-build', runId] });
      onSettled(action === 'commit');
    },
  });
  if (run.isPending) return <Loading what="the build" />;
  if (run.error) return <ErrorNotice error={run.error} />;
  const r = run.data;
  const s = r.summary;
  const figure = (j: { requiredMet: number; requiredTotal: number } | null | undefined) => (j ? `${j.requiredMet} / ${j.requiredTotal}` : '—');
  return (
    <div className="panel run" aria-labelledby="build-title">
      <JobStatus noun="Build" job={r} statuses={STATUS} />
      {s ? (
        <div className="table-wrap">
          <table className="build-compare">
            <caption>The student scheduler on the master schedule as it stands and on the proposal</caption>
            <thead>
              <tr>
                <th scope="col">Figure</th>
                <th scope="col" className="number">As it stands</th>
                <th scope="col" className="number">Proposed</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row">Required requests met</th>
                <td className="number">{figure(s.current)}</td>
                <td className="number">{figure(s.proposed)}</td>
              </tr>
              <tr>
                <th scope="row">Complete schedules</th>
                <td className="number">{s.current ? `${s.current.studentsComplete} / ${s.students}` : '—'}</td>
                <td className="number">{s.proposed ? `${s.proposed.studentsComplete} / ${s.students}` : '—'}</td>
              </tr>
            </tbody>
          </table>
          {s.moreStudentsComplete != null ? (
            <p className="build-gain">
              {s.moreStudentsComplete > 0
                ? `The proposal completes ${s.moreStudentsComplete} more students' schedules than the schedule as it stands.`
                : s.moreStudentsComplete === 0
                  ? 'The proposal completes as many students\' schedules as the schedule as it stands.'
                  : `The proposal completes ${-s.moreStudentsComplete} fewer students' schedules than the schedule as it stands.`}
            </p>
          ) : null}
          {s.chosen === 'incumbent' ? (
            <p className="notice">No better master schedule was found than the one the school has: the build keeps it as it is, and committing it changes nothing.</p>
          ) : null}
          <p>
            {s.keepTeachers ? 'Teachers kept their sections. ' : ''}
            {s.sectionsMoved} of {s.sections} sections move to another period, {s.teachersChanged} change teacher, {s.roomsChanged} change room; {s.locksKept} locked sections kept.
            {s.studentsAffected ? ` ${s.studentsAffected} enrolled seats are in sections that move.` : ''}
          </p>
          {s.notes?.length ? (
            <ul className="notice notice-warn">
              {s.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {r.status === 'preview' ? (
        <div className="actions">
          <button type="button" className="primary" onClick={() => act.mutate('commit')} disabled={act.isPending}>
            Commit: make this the master schedule
          </button>
          <button type="button" className="secondary" onClick={() => act.mutate('discard')} disabled={act.isPending}>
            Discard the build
          </button>
        </div>
      ) : null}
      {r.status === 'committed' ? (
        <p className="notice notice-ok" role="status">
          Committed. The grid shows the new master schedule.
        </p>
      ) : null}
      {r.status === 'discarded' ? (
        <p className="notice" role="status">
          Discarded. Nothing changed.
        </p>
      ) : null}
      {act.error ? <ErrorNotice error={act.error} /> : null}
    </div>
  );
}
