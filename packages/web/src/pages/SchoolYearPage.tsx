import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { apiGet, apiSend } from '../api/client.ts';
import type { SchoolYear, SchoolYears } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { hasRole, useSession } from '../session.ts';
import { CalendarPanel } from './school-year/CalendarPanel.tsx';
import { TermsForm } from './school-year/TermsForm.tsx';
import { TermsSummary } from './school-year/TermsSummary.tsx';

/**
 * School year & calendar: where the district office sets up next year's terms and grading periods,
 * and where a school's office keeps its calendar (holidays, minimum days).
 */
export function SchoolYearPage() {
  usePageTitle('School year & calendar');
  const session = useSession();
  const user = session.data?.user;
  const districtAdmin = user ? user.roles.some((g) => g.role === 'district-admin' && g.schoolId === null) : false;
  const years = useQuery({ queryKey: ['school-years'], queryFn: ({ signal }) => apiGet<SchoolYears>('/api/school-years', signal) });
  const list = years.data?.years ?? [];
  const current = list.findIndex((y) => y.isCurrent);
  const [chosen, setChosen] = useState<string | null>(null);
  // Next year by default: what the office sets up ahead of time.
  const yearName = chosen ?? list[current + 1]?.name ?? list[current]?.name ?? list.at(-1)?.name ?? null;
  const year = list.find((y) => y.name === yearName);
  const { schoolId, picker } = useSchoolChoice();
  const [month, setMonth] = useState(() => new Date().toISOString().slice(0, 7));
  const keepsCalendar = user ? hasRole(user, 'district-admin', 'school-admin') : false;
  // The year after the last one, for the district office to start: 1 August to 31 July until its dates are set.
  const last = list.at(-1);
  const following = last ? followingYear(last.name) : null;
  const client = useQueryClient();
  const start = useMutation({
    mutationFn: (name: string) => apiSend<SchoolYear>('POST', '/api/school-years', { name, startDate: `${name.slice(0, 4)}-08-01`, endDate: `${Number(name.slice(0, 4)) + 1}-07-31`, terms: [] }),
    onSuccess: async (created) => {
      setChosen(created.name);
      await client.invalidateQueries({ queryKey: ['school-years'] });
    },
  });
  return (
    <>
      <h1>School year &amp; calendar</h1>
      <p className="lead">Terms and grading periods are the district&apos;s; each school keeps its own calendar of school days, minimum days and holidays.</p>
      {years.isPending ? <Loading what="the school years" /> : null}
      {years.error ? <ErrorNotice error={years.error} onRetry={() => void years.refetch()} /> : null}
      {list.length > 0 ? (
        <div className="toolbar">
          <div>
            <label htmlFor="year-choice">School year</label>
            <select id="year-choice" value={yearName ?? ''} onChange={(e) => setChosen(e.target.value)}>
              {list.map((y) => (
                <option key={y.id} value={y.name}>
                  {y.name}
                  {y.isCurrent ? ' (this year)' : ''}
                </option>
              ))}
            </select>
          </div>
        </div>
      ) : null}
      {districtAdmin && following && current >= 0 && current === list.length - 1 ? (
        <p>
          <button type="button" onClick={() => start.mutate(following)} disabled={start.isPending}>
            Start school year {following}
          </button>
        </p>
      ) : null}
      {start.error ? <ErrorNotice error={start.error} /> : null}
      {year && districtAdmin ? <TermsForm key={year.id} year={year} /> : null}
      {year && !districtAdmin ? <TermsSummary year={year} /> : null}
      {picker}
      {schoolId !== null && keepsCalendar ? <CalendarPanel schoolId={schoolId} month={month} onMonth={setMonth} districtWide={districtAdmin} /> : null}
    </>
  );
}

/** The school year after '2026-27': '2027-28'. */
export function followingYear(name: string): string {
  const first = Number(name.slice(0, 4)) + 1;
  return `${first}-${String((first + 1) % 100).padStart(2, '0')}`;
}
