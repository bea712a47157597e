import { useQuery } from '@tanstack/react-query';
import { useDeferredValue, useId, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import type { Course, CourseList } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../../components/ErrorNotice.tsx';
import { Field, refusedFields } from '../school-year/fields.tsx';
import { CheckboxField, options, SelectField, SetupForm, useSetupSave } from './SetupFields.tsx';
import { VirtualTable, type Column } from './VirtualTable.tsx';

const SUBJECTS = [['', 'None'], ['english', 'English'], ['math', 'Mathematics'], ['science', 'Science'], ['social', 'Social science'], ['language', 'World language'], ['arts', 'Arts'], ['pe', 'Physical education'], ['health', 'Health'], ['elective', 'Elective'], ['cte', 'Career technical'], ['rotc', 'ROTC']] as const;
const AG = [['', 'Not a-g'], ['a', 'a: History'], ['b', 'b: English'], ['c', 'c: Mathematics'], ['d', 'd: Laboratory science'], ['e', 'e: Language other than English'], ['f', 'f: Visual and performing arts'], ['g', 'g: College-prep elective']] as const;
const HONORS = [['none', 'Not honors'], ['honors', 'Honors'], ['ap', 'AP'], ['ib', 'IB'], ['college', 'College (dual enrollment)']] as const;
const TERM_LENGTHS = [['semester', 'Semester'], ['year', 'Year']] as const;
const MARKS = ['A+', 'A', 'A-', 'B+', 'B', 'B-', 'C+', 'C', 'C-', 'D+', 'D', 'D-', 'P', 'CR'];
const label = (list: ReadonlyArray<readonly [string, string]>, value: string | null) => list.find(([v]) => v === (value ?? ''))?.[1] ?? value ?? '';

/** The district's course catalog: searched as one types, thousands of rows drawn as they scroll into view. */
export function CoursesPanel({ mayEdit }: { mayEdit: boolean }) {
  const [search, setSearch] = useState('');
  const deferred = useDeferredValue(search.trim());
  const courses = useQuery({ queryKey: ['courses', deferred], queryFn: ({ signal }) => apiGet<CourseList>(`/api/courses?search=${encodeURIComponent(deferred)}`, signal) });
  const [editing, setEditing] = useState<Course | 'new' | null>(null);
  const [done, setDone] = useState('');
  const columns: Array<Column<Course>> = [
    { header: 'Code', cell: (c) => c.code, rowHeader: true },
    { header: 'Title', cell: (c) => `${c.title}${c.active ? '' : ' (inactive)'}` },
    { header: 'Credits', cell: (c) => c.credits, numeric: true },
    { header: 'Subject', cell: (c) => label(SUBJECTS, c.subject) },
    { header: 'a-g', cell: (c) => c.agArea ?? '' },
    { header: 'Honors', cell: (c) => (c.honors === 'none' ? '' : label(HONORS, c.honors)) },
    { header: 'Term', cell: (c) => label(TERM_LENGTHS, c.termLength) },
    { header: 'Repeatable', cell: (c) => (c.repeatableForCredit ? 'Yes' : '') },
    { header: 'Prerequisites', cell: (c) => c.prerequisites.map((p) => `${p.code} (${p.minimumMark})`).join(', ') },
  ];
  if (mayEdit) {
    columns.push({
      header: 'Change',
      cell: (c) => (
        <button type="button" className="secondary" aria-label={`Change ${c.code} ${c.title}`} onClick={() => { setDone(''); setEditing(c); }}>
          Change
        </button>
      ),
    });
  }
  const list = courses.data;
  return (
    <section aria-labelledby="courses-h">
      <h2 id="courses-h">Course catalog</h2>
      <div className="toolbar">
        <div>
          <label htmlFor="course-search">Find a course</label>
          <input id="course-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Code or title" />
        </div>
        {mayEdit ? (
          <div className="toolbar-button">
            <button type="button" onClick={() => { setDone(''); setEditing('new'); }}>
              New course
            </button>
          </div>
        ) : null}
      </div>
      {done ? <p className="notice notice-ok" role="status">{done}</p> : null}
      {editing ? <CourseForm key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`} course={editing === 'new' ? null : editing} onDone={(message) => { setEditing(null); setDone(message); }} onCancel={() => setEditing(null)} /> : null}
      <p className="result-count" role="status">
        {list ? `${list.total} ${list.total === 1 ? 'course' : 'courses'}${list.truncated ? `, the first ${list.items.length} shown: narrow the search` : ''}` : ''}
      </p>
      {courses.isPending ? <Loading what="the course catalog" /> : null}
      {courses.error ? <ErrorNotice error={courses.error} onRetry={() => void courses.refetch()} /> : null}
      {list && list.items.length > 0 ? <VirtualTable rows={list.items} columns={columns} rowKey={(c) => c.id} caption="Courses of the catalog" /> : null}
    </section>
  );
}

interface Draft {
  code: string; title: string; credits: string; subject: string; agArea: string; language: string; honors: string; termLength: string;
  lowGrade: string; highGrade: string; roomKind: string; department: string; repeatableForCredit: boolean; active: boolean;
  prerequisites: Array<{ code: string; minimumMark: string }>;
}

function draftOf(c: Course | null): Draft {
  return {
    code: c?.code ?? '', title: c?.title ?? '', credits: c ? String(Number(c.credits)) : '5', subject: c?.subject ?? '', agArea: c?.agArea ?? '', language: c?.language ?? '',
    honors: c?.honors ?? 'none', termLength: c?.termLength ?? 'semester', lowGrade: String(c?.lowGrade ?? 9), highGrade: String(c?.highGrade ?? 12), roomKind: c?.roomKind ?? 'classroom',
    department: c?.department ?? '', repeatableForCredit: c?.repeatableForCredit ?? false, active: c?.active ?? true,
    prerequisites: c?.prerequisites.map((p) => ({ code: p.code, minimumMark: p.minimumMark })) ?? [],
  };
}

function CourseForm({ course, onDone, onCancel }: { course: Course | null; onDone: (message: string) => void; onCancel: () => void }) {
  const ids = useId();
  const [draft, setDraft] = useState(() => draftOf(course));
  const set = <K extends keyof Draft>(field: K, value: Draft[K]) => setDraft({ ...draft, [field]: value });
  const save = useSetupSave<Course>(['courses'], (saved) => onDone(`${saved.code} ${saved.title} is saved.`));
  const refused = refusedFields(save.error);
  const title = course ? `Change ${course.code} ${course.title}` : 'New course';
  const text = (field: 'code' | 'title' | 'credits' | 'language' | 'roomKind' | 'department' | 'lowGrade' | 'highGrade', name: string, props: React.InputHTMLAttributes<HTMLInputElement> = {}) => (
    <Field id={`${ids}-${field}`} label={name} value={draft[field]} onChange={(e) => set(field, e.target.value)} error={refused[`body.${field}`]} {...props} />
  );
  return (
    <SetupForm
      title={title}
      error={save.error}
      pending={save.isPending}
      submit={course ? `Save ${course.code}` : 'Add the course'}
      onCancel={onCancel}
      onSubmit={() => {
        const body = {
          code: draft.code.trim(), title: draft.title.trim(), credits: draft.credits.trim(), subject: draft.subject || null, agArea: draft.agArea || null, language: draft.language.trim() || null,
          honors: draft.honors, termLength: draft.termLength, lowGrade: Number(draft.lowGrade), highGrade: Number(draft.highGrade), roomKind: draft.roomKind.trim(),
          department: draft.department.trim() || null, repeatableForCredit: draft.repeatableForCredit, active: draft.active,
          prerequisites: draft.prerequisites.filter((p) => p.code.trim()).map((p) => ({ code: p.code.trim(), minimumMark: p.minimumMark })),
        };
        save.mutate(course ? { method: 'PUT', path: `/api/courses/${course.id}`, body, version: course.version } : { method: 'POST', path: '/api/courses', body });
      }}
    >
      {text('code', 'Course code', { required: true, maxLength: 20 })}
      {text('title', 'Title', { required: true, maxLength: 120 })}
      {text('credits', 'Credits', { required: true, inputMode: 'decimal' })}
      <SelectField id={`${ids}-subject`} label="Subject" value={draft.subject} onChange={(e) => set('subject', e.target.value)} options={options(SUBJECTS)} error={refused['body.subject']} />
      <SelectField id={`${ids}-ag`} label="a-g area" value={draft.agArea} onChange={(e) => set('agArea', e.target.value)} options={options(AG)} error={refused['body.agArea']} />
      {draft.agArea === 'e' || refused['body.language'] ? text('language', 'Language', { maxLength: 40 }) : null}
      <SelectField id={`${ids}-honors`} label="Honors" value={draft.honors} onChange={(e) => set('honors', e.target.value)} options={options(HONORS)} />
      <SelectField id={`${ids}-term`} label="Term length" value={draft.termLength} onChange={(e) => set('termLength', e.target.value)} options={options(TERM_LENGTHS)} />
      {text('lowGrade', 'Lowest grade', { type: 'number', min: -1, max: 12 })}
      {text('highGrade', 'Highest grade', { type: 'number', min: -1, max: 12 })}
      {text('roomKind', 'Kind of room it needs', { maxLength: 30 })}
      {text('department', 'Department (optional)', { maxLength: 60 })}
      <CheckboxField id={`${ids}-repeat`} label="May be repeated for credit" checked={draft.repeatableForCredit} onChange={(v) => set('repeatableForCredit', v)} />
      <CheckboxField id={`${ids}-active`} label="Offered (active)" checked={draft.active} onChange={(v) => set('active', v)} />
      <fieldset>
        <legend>Prerequisites</legend>
        {draft.prerequisites.length === 0 ? <p className="hint">None.</p> : null}
        {draft.prerequisites.map((p, i) => (
          <div key={i} className="toolbar" role="group" aria-label={`Prerequisite ${i + 1}`}>
            <Field id={`${ids}-pre-${i}`} label="Course code" value={p.code} onChange={(e) => set('prerequisites', draft.prerequisites.map((x, j) => (j === i ? { ...x, code: e.target.value } : x)))} error={refused[`body.prerequisites.${i}.code`]} />
            <SelectField id={`${ids}-pre-mark-${i}`} label="Lowest passing mark" value={p.minimumMark} onChange={(e) => set('prerequisites', draft.prerequisites.map((x, j) => (j === i ? { ...x, minimumMark: e.target.value } : x)))} options={MARKS.map((m) => ({ value: m, label: m }))} />
            <div className="toolbar-button">
              <button type="button" className="secondary" onClick={() => set('prerequisites', draft.prerequisites.filter((_, j) => j !== i))}>
                Remove prerequisite {i + 1}
              </button>
            </div>
          </div>
        ))}
        <button type="button" className="secondary" onClick={() => set('prerequisites', [...draft.prerequisites, { code: '', minimumMark: 'D-' }])}>
          Add a prerequisite
        </button>
      </fieldset>
    </SetupForm>
  );
}
