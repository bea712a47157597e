import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiRequest } from '../../api/client.ts';
import type { CalendarMonth } from '../../api/types.ts';
import { ErrorNotice, Loading } from '../../components/ErrorNotice.tsx';
import { Field, refusedFields } from './fields.tsx';

const KINDS = [
  { value: 'holiday', label: 'Holiday' },
  { value: 'minimum', label: 'Minimum day' },
  { value: 'pupil-free', label: 'Pupil-free day' },
  { value: 'break', label: 'Break' },
  { value: 'regular', label: 'School day' },
] as const;
const kindLabel = (value: string) => KINDS.find((k) => k.value === value)?.label ?? value;
const dayLabel = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString([], { weekday: 'short', month: 'short', day: 'numeric', timeZone: 'UTC' });

/**
 * A school's calendar, a month at a time, and the form that makes a day a holiday, a minimum day
 * or a school day again. A day that already has attendance stays a school day: the server says
 * how much attendance was taken.
 */
export function CalendarPanel({ schoolId, month, onMonth, districtWide }: { schoolId: number; month: string; onMonth: (month: string) => void; districtWide: boolean }) {
  const client = useQueryClient();
  const days = useQuery({ queryKey: ['calendar', schoolId, month], queryFn: ({ signal }) => apiGet<CalendarMonth>(`/api/schools/${schoolId}/calendar?month=${month}`, signal) });
  const [day, setDay] = useState('');
  const [kind, setKind] = useState<string>('holiday');
  const [note, setNote] = useState('');
  const [everySchool, setEverySchool] = useState(false);
  const [done, setDone] = useState('');
  const change = useMutation({
    mutationFn: async () => {
      const body = { dayType: kind, note: note.trim() || null };
      if (everySchool) return apiRequest(`/api/calendar/${day}`, { method: 'PUT', body });
      // The day's version, when it is already in the calendar, from its own month.
      const ofMonth = await apiGet<CalendarMonth>(`/api/schools/${schoolId}/calendar?month=${day.slice(0, 7)}`);
      const existing = ofMonth.days.find((d) => d.day === day);
      return apiRequest(`/api/schools/${schoolId}/calendar/${day}`, { method: 'PUT', body, headers: existing ? { 'if-match': `"${existing.version}"` } : {} });
    },
    onSuccess: async () => {
      setDone(`${dayLabel(day)} is now a ${kindLabel(kind).toLowerCase()}${everySchool ? ' at every school' : ''}.`);
      onMonth(day.slice(0, 7));
      await client.invalidateQueries({ queryKey: ['calendar'] });
    },
  });
  const refused = refusedFields(change.error);
  return (
    <section aria-labelledby="calendar-h" className="panel">
      <h2 id="calendar-h">Calendar</h2>
      <form
        aria-labelledby="day-h"
        onSubmit={(e) => {
          e.preventDefault();
          setDone('');
          change.mutate();
        }}
      >
        <h3 id="day-h">Add a holiday or minimum day</h3>
        <Field id="day-date" label="Date" type="date" required value={day} onChange={(e) => setDay(e.target.value)} error={refused['params.date']} />
        <div className="field">
          <label htmlFor="day-kind">The day is</label>
          <select id="day-kind" value={kind} onChange={(e) => setKind(e.target.value)} aria-invalid={refused['body.dayType'] ? true : undefined} aria-describedby={refused['body.dayType'] ? 'day-kind-error' : undefined}>
            {KINDS.map((k) => (
              <option key={k.value} value={k.value}>
                {k.label}
              </option>
            ))}
          </select>
          {refused['body.dayType'] ? (
            <p className="field-error" id="day-kind-error">
              The day is: {refused['body.dayType']}
            </p>
          ) : null}
        </div>
        <Field id="day-note" label="Note (shown on the calendar)" maxLength={200} value={note} onChange={(e) => setNote(e.target.value)} placeholder="Veterans Day" />
        {districtWide ? (
          <div className="checkbox">
            <input id="day-every-school" type="checkbox" checked={everySchool} onChange={(e) => setEverySchool(e.target.checked)} />
            <label htmlFor="day-every-school">At every school of the district</label>
          </div>
        ) : null}
        <button type="submit" className="primary" disabled={change.isPending || !day}>
          {change.isPending ? 'Saving…' : 'Save the day'}
        </button>
        {change.error ? <ErrorNotice error={change.error} /> : null}
        {done ? (
          <p className="notice notice-ok" role="status">
            {done}
          </p>
        ) : null}
      </form>

      <div className="toolbar">
        <div>
          <label htmlFor="calendar-month">Month</label>
          <input id="calendar-month" type="month" value={month} onChange={(e) => e.target.value && onMonth(e.target.value)} />
        </div>
      </div>
      {days.isPending ? <Loading what="the calendar" /> : null}
      {days.error ? <ErrorNotice error={days.error} onRetry={() => void days.refetch()} /> : null}
      {days.data && days.data.days.length === 0 ? <p>No day of this month is in the calendar yet.</p> : null}
      {days.data && days.data.days.length > 0 ? (
        <div className="table-wrap">
          <table>
            <caption>Calendar days of {month}</caption>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Kind</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {days.data.days.map((d) => (
                <tr key={d.day}>
                  <th scope="row">{dayLabel(d.day)}</th>
                  <td>{kindLabel(d.dayType)}</td>
                  <td>{d.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
