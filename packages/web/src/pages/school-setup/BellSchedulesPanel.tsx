import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { apiGet } from '../../api/client.ts';
import type { BellSchedule, BellSchedules, Period } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../../components/ErrorNotice.tsx';
import { Field, refusedFields } from '../school-year/fields.tsx';
import { CheckboxField, SetupForm, useSetupSave } from './SetupFields.tsx';

/**
 * A school's periods and its bell schedules. A period that sections meet in stays: removing it is
 * refused and the server names the sections.
 */
export function BellSchedulesPanel({ schoolId, mayEdit }: { schoolId: number; mayEdit: boolean }) {
  const bells = useQuery({ queryKey: ['bell-schedules', schoolId], queryFn: ({ signal }) => apiGet<BellSchedules>(`/api/schools/${schoolId}/bell-schedules`, signal) });
  const [done, setDone] = useState('');
  const [editing, setEditing] = useState<BellSchedule | 'new' | null>(null);
  const remove = useSetupSave<{ code: string }>(['bell-schedules', 'school-sections'], (r) => setDone(`Period ${r.code} is removed.`));
  const periods = bells.data?.periods ?? [];
  return (
    <section aria-labelledby="bells-h">
      <h2 id="bells-h">Periods and bell schedules</h2>
      {bells.isPending ? <Loading what="the bell schedules" /> : null}
      {bells.error ? <ErrorNotice error={bells.error} onRetry={() => void bells.refetch()} /> : null}
      {done ? <p className="notice notice-ok" role="status">{done}</p> : null}
      {remove.error ? <ErrorNotice error={remove.error} /> : null}
      {bells.data ? (
        <div className="table-wrap">
          <table>
            <caption>Periods of the school day</caption>
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">Name</th>
                <th scope="col" className="number">Order</th>
                <th scope="col" className="number">Sections</th>
                {bells.data.bellSchedules.map((b) => (
                  <th scope="col" key={b.id}>
                    {b.name}
                    {b.isDefault ? ' (default)' : ''}
                  </th>
                ))}
                {mayEdit ? <th scope="col">Remove</th> : null}
              </tr>
            </thead>
            <tbody>
              {periods.map((p) => (
                <tr key={p.id}>
                  <th scope="row">{p.code}</th>
                  <td>{p.name}</td>
                  <td className="number">{p.sortOrder}</td>
                  <td className="number">{p.sections}</td>
                  {bells.data.bellSchedules.map((b) => {
                    const t = b.periods.find((x) => x.periodId === p.id);
                    return <td key={b.id}>{t ? `${t.startsAt}–${t.endsAt}` : '—'}</td>;
                  })}
                  {mayEdit ? (
                    <td>
                      <button type="button" className="secondary" disabled={remove.isPending} onClick={() => { setDone(''); remove.mutate({ method: 'DELETE', path: `/api/schools/${schoolId}/periods/${p.id}`, version: p.version }); }}>
                        Remove period {p.code}
                      </button>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {mayEdit && bells.data ? (
        <>
          <PeriodForm schoolId={schoolId} next={periods.length + 1} onDone={setDone} />
          <div className="toolbar">
            {bells.data.bellSchedules.map((b) => (
              <button key={b.id} type="button" className="secondary" onClick={() => { setDone(''); setEditing(b); }}>
                Change the {b.name} bell schedule
              </button>
            ))}
            <button type="button" onClick={() => { setDone(''); setEditing('new'); }}>
              New bell schedule
            </button>
          </div>
          {editing ? <BellScheduleForm key={editing === 'new' ? 'new' : `${editing.id}-${editing.version}`} schoolId={schoolId} periods={periods} schedule={editing === 'new' ? null : editing} onDone={(m) => { setEditing(null); setDone(m); }} onCancel={() => setEditing(null)} /> : null}
        </>
      ) : null}
    </section>
  );
}

function PeriodForm({ schoolId, next, onDone }: { schoolId: number; next: number; onDone: (message: string) => void }) {
  const ids = useId();
  const [draft, setDraft] = useState({ code: '', name: '', sortOrder: '' });
  const save = useSetupSave<BellSchedules>(['bell-schedules', 'school-sections'], () => {
    onDone(`Period ${draft.code.trim()} is added.`);
    setDraft({ code: '', name: '', sortOrder: '' });
  });
  const refused = refusedFields(save.error);
  return (
    <SetupForm
      title="Add a period"
      error={save.error}
      pending={save.isPending}
      submit="Add the period"
      disabled={!draft.code.trim()}
      onSubmit={() => {
        save.mutate({ method: 'POST', path: `/api/schools/${schoolId}/periods`, body: { code: draft.code.trim(), name: draft.name.trim() || `Period ${draft.code.trim()}`, sortOrder: Number(draft.sortOrder || next) } });
      }}
    >
      <Field id={`${ids}-code`} label="Period code" required maxLength={12} value={draft.code} onChange={(e) => setDraft({ ...draft, code: e.target.value })} error={refused['body.code']} placeholder={`P${next}`} />
      <Field id={`${ids}-name`} label="Name" maxLength={40} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} error={refused['body.name']} placeholder={`Period ${next}`} />
      <Field id={`${ids}-order`} label="Place in the day" type="number" min={0} max={99} value={draft.sortOrder} onChange={(e) => setDraft({ ...draft, sortOrder: e.target.value })} placeholder={String(next)} />
    </SetupForm>
  );
}

function BellScheduleForm({ schoolId, periods, schedule, onDone, onCancel }: { schoolId: number; periods: Period[]; schedule: BellSchedule | null; onDone: (message: string) => void; onCancel: () => void }) {
  const ids = useId();
  const [name, setName] = useState(schedule?.name ?? '');
  const [isDefault, setDefault] = useState(schedule?.isDefault ?? false);
  const [times, setTimes] = useState(() => periods.map((p) => {
    const t = schedule?.periods.find((x) => x.periodId === p.id);
    return { code: p.code, startsAt: t?.startsAt ?? '', endsAt: t?.endsAt ?? '' };
  }));
  const save = useSetupSave<BellSchedules>(['bell-schedules'], () => onDone(`The ${name.trim()} bell schedule is saved.`));
  const refused = refusedFields(save.error);
  const kept = times.filter((t) => t.startsAt && t.endsAt);
  const errorOf = (code: string, field: 'startsAt' | 'endsAt') => refused[`body.periods.${kept.findIndex((t) => t.code === code)}.${field}`];
  return (
    <SetupForm
      title={schedule ? `Change the ${schedule.name} bell schedule` : 'New bell schedule'}
      error={save.error}
      pending={save.isPending}
      submit="Save the bell schedule"
      disabled={!name.trim()}
      onCancel={onCancel}
      onSubmit={() => {
        const body = { name: name.trim(), isDefault, periods: kept };
        save.mutate(schedule ? { method: 'PUT', path: `/api/schools/${schoolId}/bell-schedules/${schedule.id}`, body, version: schedule.version } : { method: 'POST', path: `/api/schools/${schoolId}/bell-schedules`, body });
      }}
    >
      <Field id={`${ids}-name`} label="Bell schedule name" required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} error={refused['body.name']} placeholder="Regular day" />
      <CheckboxField id={`${ids}-default`} label="The school's usual day (default)" checked={isDefault} onChange={setDefault} />
      <p className="hint">Leave a period&apos;s times empty when it does not meet on days of this schedule.</p>
      {times.map((t, i) => (
        <div key={t.code} className="toolbar" role="group" aria-label={`${t.code} bell times`}>
          <Field id={`${ids}-start-${i}`} label={`${t.code} starts`} type="time" value={t.startsAt} onChange={(e) => setTimes(times.map((x, j) => (j === i ? { ...x, startsAt: e.target.value } : x)))} error={errorOf(t.code, 'startsAt')} />
          <Field id={`${ids}-end-${i}`} label={`${t.code} ends`} type="time" value={t.endsAt} onChange={(e) => setTimes(times.map((x, j) => (j === i ? { ...x, endsAt: e.target.value } : x)))} error={errorOf(t.code, 'endsAt')} />
        </div>
      ))}
      {refused['body.periods'] ? <p className="field-error">{refused['body.periods']}</p> : null}
    </SetupForm>
  );
}
