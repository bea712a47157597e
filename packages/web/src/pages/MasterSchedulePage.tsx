import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiGet, apiSend } from '../api/client.ts';
import type { GridSection, MasterScheduleGrid } from '../api/master-schedule.ts';
import { useDistrict } from '../api/use-district.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { useSchools } from '../components/StudentSearch.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useSession } from '../session.ts';
import { nextYearOf, previousYearOf } from '../format.ts';
import './master-schedule.css';
import { Build } from './master-schedule/MasterBuild.tsx';
import { SectionDialog } from './master-schedule/SectionDialog.tsx';


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
