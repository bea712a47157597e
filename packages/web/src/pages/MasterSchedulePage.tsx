import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiGet, apiRequest, apiSend } from '../api/client.ts';
import type { GridSection, MasterBuild, MasterScheduleGrid, MovePreview } from '../api/master-schedule.ts';
import { useDistrict } from '../api/use-district.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { JobStatus } from '../components/JobStatus.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { useSchools } from '../components/StudentSearch.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useSession } from '../session.ts';
import { nextYearOf, previousYearOf } from '../format.ts';
import './master-schedule.css';


/**
 * The master schedule of a school's year for its administrators: the grid of periods by teacher
 * (or by room) with each section's fill, its checks, and the sections not yet placed; a section
 * opens to be locked or moved, with the clashes a move would cause shown before it is saved; and
 * a build that proposes a whole new schedule, previewed before it is committed.
 */
export function MasterSchedulePage() {
  usePageTitle('Master schedule');
  const { schoolId, picker } = useSchoolChoice();
  const schools = useSchools();
  const school = schools.data?.items.find((s) => s.id === schoolId);
  const district = useDistrict();
  const [params, setParams] = useSearchParams();
  const current = district.data?.schoolYear ?? null;
  const year = params.get('year') ?? current;
  // Kept in state as well as in the address: the address updates after the click, and a
  // controlled radio would otherwise flick back until it does.
  const [view, setView] = useState<'teachers' | 'rooms'>(params.get('view') === 'rooms' ? 'rooms' : 'teachers');
  const mayEdit = useSession().data?.user.roles.some((g) => g.role === 'school-admin' || g.role === 'district-admin') ?? false;
  const setParam = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    next.set(key, value);
    setParams(next, { replace: true });
  };
  return (
    <>
      <h1>Master schedule{school ? `: ${school.name}` : ''}</h1>
      <p>
        <Link to="/school">Back to school figures and scheduling</Link>
      </p>
      <div className="toolbar">
        {picker}
        {current ? (
          <div>
            <label htmlFor="master-year">School year</label>
            <select id="master-year" value={year ?? ''} onChange={(e) => setParam('year', e.target.value)}>
              {[current, nextYearOf(current)].map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
        ) : null}
        <fieldset className="view-choice">
          <legend>Show the grid by</legend>
          {(['teachers', 'rooms'] as const).map((v) => (
            <label key={v} className="checkbox inline">
              <input type="radio" name="master-view" value={v} checked={view === v} onChange={() => {
                  setView(v);
                  setParam('view', v);
                }} />
              {v === 'teachers' ? 'Teacher' : 'Room'}
            </label>
          ))}
        </fieldset>
      </div>
      {district.error ? <ErrorNotice error={district.error} /> : null}
      {schoolId === null || year === null ? <Loading what="your school" /> : <MasterSchedule key={`${schoolId}-${year}`} schoolId={schoolId} year={year} view={view} mayEdit={mayEdit} />}
    </>
  );
}

function MasterSchedule({ schoolId, year, view, mayEdit }: { schoolId: number; year: string; view: 'teachers' | 'rooms'; mayEdit: boolean }) {
  const client = useQueryClient();
  const key = ['master-schedule', schoolId, year];
  const grid = useQuery({ queryKey: key, queryFn: ({ signal }) => apiGet<MasterScheduleGrid>(`/api/schools/${schoolId}/master-schedule?schoolYear=${year}`, signal) });
  const [open, setOpen] = useState<{ sectionId: number; opener: HTMLElement | null } | null>(null);
  const refresh = () => void client.invalidateQueries({ queryKey: key });
  const copy = useMutation({
    mutationFn: () => apiSend('POST', `/api/schools/${schoolId}/master-schedule/copy`, { fromYear: previousYearOf(year), toYear: year }),
    onSuccess: refresh,
  });
  if (grid.isPending) return <Loading what="the master schedule" />;
  if (grid.error) return <ErrorNotice error={grid.error} onRetry={() => void grid.refetch()} />;
  const g = grid.data;
  const byId = new Map(g.sections.map((s) => [s.id, s]));
  const section = open ? byId.get(open.sectionId) : undefined;
  return (
    <>
      {g.sections.length === 0 ? (
        <div className="notice notice-warn">
          <p>The school has no sections in {year} yet.</p>
          {mayEdit ? (
            <button type="button" onClick={() => copy.mutate()} disabled={copy.isPending}>
              Start {year} from {previousYearOf(year)}’s master schedule
            </button>
          ) : null}
          {copy.error ? <ErrorNotice error={copy.error} /> : null}
        </div>
      ) : null}
      <Checks grid={g} />
      {mayEdit && g.sections.length > 0 ? <Build schoolId={schoolId} year={year} onCommitted={refresh} /> : null}
      <Grid grid={g} view={view} onOpen={(sectionId, opener) => setOpen({ sectionId, opener })} />
      {section ? (
        <SectionDialog
          key={section.id}
          grid={g}
          section={section}
          mayEdit={mayEdit}
          onChanged={refresh}
          onClose={() => {
            // A saved move re-renders the chip in its new cell: focus follows the section there.
            const opener = open?.opener?.isConnected ? open.opener : document.querySelector<HTMLElement>(`button.section-chip[data-section="${CSS.escape(section.code)}"]`);
            opener?.focus();
            setOpen(null);
          }}
        />
      ) : null}
    </>
  );
}

function Checks({ grid }: { grid: MasterScheduleGrid }) {
  const byId = new Map(grid.sections.map((s) => [s.id, s]));
  return (
    <section aria-labelledby="master-checks">
      <h2 id="master-checks">Checks ({grid.checks.length})</h2>
      {grid.checks.length === 0 ? (
        <p className="notice notice-ok">No problems found: no singleton clashes, no group all in one period, no double bookings, enough seats for the requests.</p>
      ) : (
        <ul className="notice notice-warn">
          {grid.checks.map((c, i) => (
            <li key={i}>
              <span aria-hidden="true">⚠ </span>
              {c.message}
            </li>
          ))}
        </ul>
      )}
      {grid.unplaced.length > 0 ? (
        <>
          <h3>Sections not fully placed ({grid.unplaced.length})</h3>
          <ul>
            {grid.unplaced.map((u) => (
              <li key={u.id}>
                {byId.get(u.id)?.code ?? u.code} ({byId.get(u.id)?.title}): no {u.missing.join(', no ')}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Grid({ grid, view, onOpen }: { grid: MasterScheduleGrid; view: 'teachers' | 'rooms'; onOpen: (sectionId: number, opener: HTMLElement) => void }) {
  const byId = new Map(grid.sections.map((s) => [s.id, s]));
  const rows =
    view === 'teachers'
      ? grid.byTeacher.map((t) => ({ key: `t${t.staffId}`, label: t.name, detail: `up to ${t.maxSections} a term`, cells: t.cells }))
      : grid.byRoom.map((r) => ({ key: `r${r.id}`, label: r.code, detail: `${r.type}, ${r.capacity} seats`, cells: r.cells }));
  return (
    <section aria-labelledby="master-grid">
      <h2 id="master-grid">Periods by {view === 'teachers' ? 'teacher' : 'room'}</h2>
      <p className="hint">
        Each section shows its code, course and fill (enrolled / seats); “locked” marks a section builds keep where it is, ⚠ one with a check. Choose a section to lock or move it.
      </p>
      <div className="table-wrap master-grid-wrap">
        <table className="master-grid">
          <caption className="visually-hidden">
            Master schedule {grid.schoolYear}: {view === 'teachers' ? 'teachers' : 'rooms'} by period
          </caption>
          <thead>
            <tr>
              <th scope="col">{view === 'teachers' ? 'Teacher' : 'Room'}</th>
              {grid.periods.map((p) => (
                <th scope="col" key={p.code}>
                  {p.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.key}>
                <th scope="row">
                  {row.label}
                  <span className="muted cell-detail">{row.detail}</span>
                </th>
                {grid.periods.map((p) => {
                  const ids = [...new Set(grid.terms.flatMap((t) => row.cells[`${t}-${p.code}`] ?? []))];
                  const doubled = grid.terms.some((t) => (row.cells[`${t}-${p.code}`]?.length ?? 0) > 1);
                  return (
                    <td key={p.code} className={doubled ? 'cell-clash' : undefined}>
                      {ids.map((id) => {
                        const s = byId.get(id)!;
                        return <SectionChip key={id} section={s} onOpen={onOpen} />;
                      })}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function SectionChip({ section: s, onOpen }: { section: GridSection; onOpen: (sectionId: number, opener: HTMLElement) => void }) {
  const full = s.enrolled >= s.capacity;
  // The visible text is the button's name (speech users say what they see); what only the icons
  // show is added for screen readers.
  return (
    <button type="button" className={`section-chip${s.checks.length ? ' has-check' : ''}${s.locked ? ' locked' : ''}`} onClick={(e) => onOpen(s.id, e.currentTarget)} data-section={s.code}>
      <span className="chip-code">
        {s.checks.length ? <span aria-hidden="true">⚠ </span> : null}
        {s.code}
        {s.term !== 'year' && s.term ? <span className="chip-term"> {s.term}</span> : null}
        {s.locked ? <span className="tag chip-locked">locked</span> : null}
      </span>{' '}
      <span className="chip-title">{s.title}</span>{' '}
      <span className={full ? 'chip-fill full' : 'chip-fill'}>
        {s.enrolled}/{s.capacity}
        {s.program ? ` · ${s.program.toUpperCase()}` : ''}
      </span>
      <span className="visually-hidden">
        {' '}seats filled
        {s.checks.length ? `, ${s.checks.length} check${s.checks.length > 1 ? 's' : ''}` : ''}
      </span>
    </button>
  );
}

function SectionDialog({ grid, section, mayEdit, onChanged, onClose }: { grid: MasterScheduleGrid; section: GridSection; mayEdit: boolean; onChanged: () => void; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const [period, setPeriod] = useState(section.period ?? grid.periods[0]?.code ?? '');
  const [term, setTerm] = useState(section.term === 'year' ? 'year' : (section.term ?? grid.terms[0] ?? 'S1'));
  const [staffId, setStaffId] = useState(section.teacher ? String(section.teacher.staffId) : '');
  const [roomId, setRoomId] = useState(section.room ? String(section.room.id) : '');
  const [preview, setPreview] = useState<MovePreview | null>(null);
  const [version, setVersion] = useState(section.version);
  const [locked, setLocked] = useState(section.locked);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const body = () => ({
    period,
    ...(term !== 'year' ? { term } : {}),
    ...(staffId ? { staffId: Number(staffId) } : {}),
    ...(roomId ? { roomId: Number(roomId) } : {}),
  });
  const check = useMutation({
    mutationFn: () => apiSend<MovePreview>('POST', `/api/master-schedule/sections/${section.id}/move`, { ...body(), dryRun: true }),
    onSuccess: setPreview,
  });
  const save = useMutation({
    mutationFn: () => apiRequest<MovePreview>(`/api/master-schedule/sections/${section.id}/move`, { method: 'POST', body: { ...body(), dryRun: false }, headers: { 'if-match': `"${version}"` } }),
    onSuccess: ({ data }) => {
      setPreview(data);
      if (data.version) setVersion(data.version);
      onChanged();
    },
  });
  const lock = useMutation({
    mutationFn: () => apiRequest<{ locked: boolean; version: number }>(`/api/master-schedule/sections/${section.id}/lock`, { method: 'POST', body: { locked: !locked }, headers: { 'if-match': `"${version}"` } }),
    onSuccess: ({ data }) => {
      setLocked(data.locked);
      setVersion(data.version);
      onChanged();
    },
  });
  const changed = () => {
    setPreview(null);
    save.reset();
  };
  const hard = preview?.clashes.filter((c) => c.hard) ?? [];
  const soft = preview?.clashes.filter((c) => !c.hard) ?? [];
  return (
    <dialog ref={ref} className="section-dialog" aria-labelledby="section-dialog-title" onClose={onClose} onCancel={onClose}>
      <h2 id="section-dialog-title" tabIndex={-1}>
        {section.code}: {section.title}
      </h2>
      <dl className="facts compact">
        <dt>When</dt>
        <dd>{section.slots.join(', ') || 'not placed'}</dd>
        <dt>Teacher</dt>
        <dd>{section.teacher?.name ?? 'none'}</dd>
        <dt>Room</dt>
        <dd>{section.room?.code ?? 'none'}</dd>
        <dt>Fill</dt>
        <dd>
          {section.enrolled} of {section.capacity} seats
        </dd>
        {section.program ? (
          <>
            <dt>Program</dt>
            <dd>{section.program === 'el' ? 'English learners' : section.program === 'sped' ? 'Special education' : section.program}</dd>
          </>
        ) : null}
        <dt>Locked</dt>
        <dd>{locked ? 'Yes: builds keep it where it is' : 'No'}</dd>
      </dl>
      {section.checks.length ? (
        <ul className="notice notice-warn">
          {section.checks.map((i) => (
            <li key={i}>{grid.checks[i]?.message}</li>
          ))}
        </ul>
      ) : null}
      {mayEdit ? (
        <>
          <button type="button" className="secondary" onClick={() => lock.mutate()} disabled={lock.isPending}>
            {locked ? 'Unlock this section' : 'Lock this section where it is'}
          </button>
          {lock.error ? <ErrorNotice error={lock.error} /> : null}
          <form
            className="move-form"
            onSubmit={(e) => {
              e.preventDefault();
              check.mutate();
            }}
          >
            <fieldset>
              <legend>Move the section</legend>
              <div className="move-fields">
                <div>
                  <label htmlFor="move-period">Period</label>
                  <select id="move-period" value={period} onChange={(e) => { setPeriod(e.target.value); changed(); }}>
                    {grid.periods.map((p) => (
                      <option key={p.code} value={p.code}>
                        {p.name}
                      </option>
                    ))}
                  </select>
                </div>
                {section.term !== 'year' ? (
                  <div>
                    <label htmlFor="move-term">Term</label>
                    <select id="move-term" value={term} onChange={(e) => { setTerm(e.target.value); changed(); }}>
                      {grid.terms.map((t) => (
                        <option key={t} value={t}>
                          {t}
                        </option>
                      ))}
                    </select>
                  </div>
                ) : null}
                <div>
                  <label htmlFor="move-teacher">Teacher</label>
                  <select id="move-teacher" value={staffId} onChange={(e) => { setStaffId(e.target.value); changed(); }}>
                    {section.teacher ? null : <option value="">No teacher yet</option>}
                    {grid.byTeacher.map((t) => (
                      <option key={t.staffId} value={t.staffId}>
                        {t.name}
                      </option>
                    ))}
                  </select>
                </div>
                <div>
                  <label htmlFor="move-room">Room</label>
                  <select id="move-room" value={roomId} onChange={(e) => { setRoomId(e.target.value); changed(); }}>
                    {section.room ? null : <option value="">No room yet</option>}
                    {grid.byRoom.map((r) => (
                      <option key={r.id} value={r.id}>
                        {r.code} ({r.type}, {r.capacity})
                      </option>
                    ))}
                  </select>
                </div>
              </div>
              <div className="actions">
                <button type="submit" disabled={check.isPending}>
                  Check the move
                </button>
                <button type="button" className="primary" disabled={!preview || !preview.canSave || preview.saved || save.isPending} onClick={() => save.mutate()}>
                  Save the move
                </button>
              </div>
            </fieldset>
          </form>
          {check.error ? <ErrorNotice error={check.error} /> : null}
          {save.error ? <ErrorNotice error={save.error} /> : null}
          <div aria-live="polite" className="move-preview">
            {preview ? (
              preview.saved ? (
                <p className="notice notice-ok">
                  Saved: {preview.code} now meets in {preview.to.slots.join(', ')}.{preview.studentsAffected ? ` ${preview.studentsAffected} enrolled students are affected.` : ''}
                </p>
              ) : (
                <>
                  {hard.length ? (
                    <div className="notice notice-error">
                      <p className="notice-title">The move cannot be saved:</p>
                      <ul>
                        {hard.map((c) => (
                          <li key={c.kind + c.message}>{c.message}</li>
                        ))}
                      </ul>
                    </div>
                  ) : (
                    <p className="notice notice-ok">No rule is broken: the move can be saved.</p>
                  )}
                  {soft.length ? (
                    <div className="notice notice-warn">
                      <p className="notice-title">What it would cost students:</p>
                      <ul>
                        {soft.map((c) => (
                          <li key={c.kind + c.message}>{c.message}</li>
                        ))}
                      </ul>
                    </div>
                  ) : null}
                </>
              )
            ) : null}
          </div>
        </>
      ) : null}
      <div className="actions dialog-close">
        <button type="button" className="secondary" onClick={() => ref.current?.close()}>
          Close
        </button>
      </div>
    </dialog>
  );
}

const STATUS: Record<string, string> = { queued: 'Waiting to start', running: 'Building', preview: 'Preview — nothing has changed yet', committed: 'Committed', discarded: 'Discarded', failed: 'Failed' };

function Build({ schoolId, year, onCommitted }: { schoolId: number; year: string; onCommitted: () => void }) {
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
