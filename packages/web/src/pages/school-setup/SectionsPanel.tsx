import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import type { CourseList, SchoolSections, SchoolYears, SetupSection } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../../components/ErrorNotice.tsx';
import { Field, refusedFields } from '../school-year/fields.tsx';
import { CheckboxField, SelectField, SetupForm, useSetupSave } from './SetupFields.tsx';
import { VirtualTable, type Column } from './VirtualTable.tsx';

const termName = (term: string | null) => (term === null ? 'Not scheduled' : term === 'year' ? 'Year' : term);

/** A school's sections of a year: a big high school's few hundred (or a few thousand) drawn as they scroll into view. */
export function SectionsPanel({ schoolId, mayEdit }: { schoolId: number; mayEdit: boolean }) {
  const years = useQuery({ queryKey: ['school-years'], queryFn: ({ signal }) => apiGet<SchoolYears>('/api/school-years', signal) });
  const [year, setYear] = useState('');
  const sections = useQuery({
    queryKey: ['school-sections', schoolId, year],
    queryFn: ({ signal }) => apiGet<SchoolSections>(`/api/schools/${schoolId}/sections${year ? `?schoolYear=${year}` : ''}`, signal),
  });
  const [filter, setFilter] = useState('');
  const [editing, setEditing] = useState<SetupSection | 'new' | null>(null);
  const [done, setDone] = useState('');
  const data = sections.data;
  const needle = filter.trim().toLowerCase();
  const rows = (data?.items ?? []).filter((s) => !needle || `${s.code} ${s.course.code} ${s.course.title} ${s.teacher?.name ?? ''} ${s.room?.code ?? ''}`.toLowerCase().includes(needle));
  const columns: Array<Column<SetupSection>> = [
    { header: 'Section', cell: (s) => s.code, rowHeader: true },
    { header: 'Course', cell: (s) => `${s.course.code} ${s.course.title}` },
    { header: 'Term', cell: (s) => termName(s.term) },
    { header: 'Period', cell: (s) => s.period?.code ?? '' },
    { header: 'Teacher', cell: (s) => s.teacher?.name ?? 'No teacher yet' },
    { header: 'Room', cell: (s) => s.room?.code ?? '' },
    { header: 'Students / seats', cell: (s) => `${s.enrolled} / ${s.capacity}`, numeric: true },
    { header: 'Locked', cell: (s) => (s.locked ? 'Locked' : '') },
    { header: 'Program', cell: (s) => s.program ?? '' },
  ];
  if (mayEdit) {
    columns.push({
      header: 'Change',
      cell: (s) => (
        <button type="button" className="secondary" aria-label={`Change section ${s.code}`} onClick={() => { setDone(''); setEditing(s); }}>
          Change
        </button>
      ),
    });
  }
  return (
    <section aria-labelledby="sections-h">
      <h2 id="sections-h">Sections</h2>
      <div className="toolbar">
        <div>
          <label htmlFor="sections-year">School year</label>
          <select id="sections-year" value={year || data?.schoolYear.name || ''} onChange={(e) => setYear(e.target.value)}>
            {(years.data?.years ?? []).map((y) => (
              <option key={y.id} value={y.name}>
                {y.name}
                {y.isCurrent ? ' (this year)' : ''}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="sections-filter">Find a section</label>
          <input id="sections-filter" type="search" value={filter} onChange={(e) => setFilter(e.target.value)} placeholder="Section, course, teacher or room" />
        </div>
        {mayEdit ? (
          <div className="toolbar-button">
            <button type="button" onClick={() => { setDone(''); setEditing('new'); }}>
              New section
            </button>
          </div>
        ) : null}
      </div>
      {done ? <p className="notice notice-ok" role="status">{done}</p> : null}
      {editing && data ? <SectionForm key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`} schoolId={schoolId} data={data} section={editing === 'new' ? null : editing} onDone={(m) => { setEditing(null); setDone(m); }} onCancel={() => setEditing(null)} /> : null}
      {sections.isPending ? <Loading what="the sections" /> : null}
      {sections.error ? <ErrorNotice error={sections.error} onRetry={() => void sections.refetch()} /> : null}
      {data ? (
        <p className="result-count" role="status">
          {rows.length} {rows.length === 1 ? 'section' : 'sections'} in {data.schoolYear.name}
        </p>
      ) : null}
      {rows.length > 0 ? <VirtualTable rows={rows} columns={columns} rowKey={(s) => s.id} caption={`Sections of ${data?.schoolYear.name ?? ''}`} /> : null}
    </section>
  );
}

function SectionForm({ schoolId, data, section, onDone, onCancel }: { schoolId: number; data: SchoolSections; section: SetupSection | null; onDone: (message: string) => void; onCancel: () => void }) {
  const ids = useId();
  const [find, setFind] = useState('');
  const search = useDeferredValue(find.trim());
  const courses = useQuery({ queryKey: ['courses', search], enabled: search.length > 0, queryFn: ({ signal }) => apiGet<CourseList>(`/api/courses?search=${encodeURIComponent(search)}`, signal) });
  const [draft, setDraft] = useState({
    courseId: section ? String(section.course.id) : '',
    code: section?.code ?? '',
    term: section?.term ?? '',
    periodId: section?.period ? String(section.period.id) : '',
    staffId: section?.teacher ? String(section.teacher.staffId) : '',
    roomId: section?.room ? String(section.room.id) : '',
    capacity: String(section?.capacity ?? 34),
    locked: section?.locked ?? false,
    program: section?.program ?? '',
  });
  const set = (field: keyof typeof draft) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => setDraft({ ...draft, [field]: e.target.value });
  const save = useSetupSave<SetupSection>(['school-sections', 'rooms', 'bell-schedules'], (saved) => onDone(`${saved.code} is saved: ${saved.course.code} ${saved.course.title}, ${termName(saved.term)}${saved.period ? ` ${saved.period.code}` : ''}, ${saved.teacher?.name ?? 'no teacher yet'}${saved.room ? `, room ${saved.room.code}` : ''}.`));
  const refused = refusedFields(save.error);
  const found = (courses.data?.items ?? []).slice(0, 200);
  const courseOptions = [
    { value: '', label: search ? (found.length ? 'Choose the course' : 'No course matches') : 'Find the course first' },
    ...(section && !found.some((c) => c.id === section.course.id) ? [{ value: String(section.course.id), label: `${section.course.code} ${section.course.title}` }] : []),
    ...found.filter((c) => c.active || c.id === section?.course.id).map((c) => ({ value: String(c.id), label: `${c.code} ${c.title}${c.termLength === 'year' ? ' (year)' : ''}` })),
  ];
  const id = (value: string) => (value ? Number(value) : null);
  return (
    <SetupForm
      title={section ? `Change section ${section.code}` : `New section in ${data.schoolYear.name}`}
      error={save.error}
      pending={save.isPending}
      submit={section ? `Save ${section.code}` : 'Open the section'}
      onCancel={onCancel}
      onSubmit={() => {
        const body = {
          courseId: Number(draft.courseId), code: draft.code.trim(), term: draft.term || null, periodId: id(draft.periodId), staffId: id(draft.staffId), roomId: id(draft.roomId),
          capacity: Number(draft.capacity), locked: draft.locked, program: draft.program.trim() || null,
        };
        save.mutate(section ? { method: 'PUT', path: `/api/sections/${section.id}`, body, version: section.version } : { method: 'POST', path: `/api/schools/${schoolId}/sections`, body: { ...body, schoolYear: data.schoolYear.name } });
      }}
    >
      <Field id={`${ids}-find`} label="Find the course" type="search" value={find} onChange={(e) => setFind(e.target.value)} placeholder="Code or title" />
      <SelectField id={`${ids}-course`} label="Course" required value={draft.courseId} onChange={set('courseId')} options={courseOptions} error={refused['body.courseId']} />
      <Field id={`${ids}-code`} label="Section code" required maxLength={20} value={draft.code} onChange={set('code')} error={refused['body.code']} placeholder="ENG10-04" />
      <SelectField id={`${ids}-term`} label="Term" value={draft.term} onChange={set('term')} error={refused['body.term']} options={[{ value: '', label: 'Not scheduled yet' }, ...data.choices.terms.map((t) => ({ value: t.code, label: `${t.code} ${t.name}` })), { value: 'year', label: 'All year' }]} />
      <SelectField id={`${ids}-period`} label="Period" value={draft.periodId} onChange={set('periodId')} error={refused['body.periodId']} options={[{ value: '', label: 'Not scheduled yet' }, ...data.choices.periods.map((p) => ({ value: String(p.id), label: `${p.code} ${p.name}` }))]} />
      <SelectField id={`${ids}-teacher`} label="Teacher" value={draft.staffId} onChange={set('staffId')} error={refused['body.staffId']} options={[{ value: '', label: 'No teacher yet' }, ...data.choices.teachers.map((t) => ({ value: String(t.staffId), label: t.name }))]} />
      <SelectField id={`${ids}-room`} label="Room" value={draft.roomId} onChange={set('roomId')} error={refused['body.roomId']} options={[{ value: '', label: 'No room yet' }, ...data.choices.rooms.map((r) => ({ value: String(r.id), label: `${r.code} (${r.kind}, ${r.capacity} seats)` }))]} />
      <Field id={`${ids}-seats`} label="Seats" type="number" min={0} max={1000} required value={draft.capacity} onChange={set('capacity')} error={refused['body.capacity']} />
      <CheckboxField id={`${ids}-locked`} label="Locked: master-schedule builds keep it where it is" checked={draft.locked} onChange={(locked) => setDraft({ ...draft, locked })} />
      <Field id={`${ids}-program`} label="Program (optional)" maxLength={40} value={draft.program} onChange={set('program')} error={refused['body.program']} placeholder="sped, el" />
    </SetupForm>
  );
}
