import { useQuery } from '@tanstack/react-query';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { Role, StaffList, StaffListEntry } from '../api/types.ts';
import { ErrorNotice, Loading } from '../components/ErrorNotice.tsx';
import { NewStaffMemberForm } from '../components/people/NewStaffMemberForm.tsx';
import { useSchoolChoice } from '../components/SchoolPicker.tsx';
import { usePageTitle } from '../components/usePageTitle.ts';
import { counted, roleName } from '../format.ts';
import { hasRole, useSession } from '../session.ts';

const ROW_HEIGHT = 44;

/**
 * People and accounts: a school's staff (or the district's, thousands of them) with their posts,
 * their account and the roles it holds today. Only the rows in view are drawn; the search and the
 * school live in the address, so Back from a staff member's page returns to the same list.
 */
export function PeoplePage() {
  usePageTitle('People and accounts');
  const session = useSession();
  const user = session.data?.user;
  const mayChange = user ? hasRole(user, 'district-admin', 'school-admin', 'attendance-clerk') && !user.viewedBy : false;
  const { schoolId, picker } = useSchoolChoice({ wholeDistrict: 'Whole district' });
  const [params, setParams] = useSearchParams();
  const search = params.get('q') ?? '';
  const [typed, setTyped] = useState(search);
  const [created, setCreated] = useState('');
  const [adding, setAdding] = useState(false);
  useEffect(() => {
    const timer = setTimeout(() => {
      if (typed.trim() === search) return;
      const next = new URLSearchParams(params);
      if (typed.trim()) next.set('q', typed.trim());
      else next.delete('q');
      setParams(next, { replace: true });
    }, 250);
    return () => clearTimeout(timer);
  }, [typed, search, params, setParams]);
  const query = new URLSearchParams();
  if (schoolId !== null) query.set('schoolId', String(schoolId));
  if (search) query.set('search', search);
  const staff = useQuery({ queryKey: ['people', 'staff', schoolId, search], queryFn: ({ signal }) => apiGet<StaffList>(`/api/people/staff?${query.toString()}`, signal) });

  return (
    <>
      <h1>People and accounts</h1>
      <p className="lead">Staff and their assignments, their accounts, and the roles each account holds at each school, from one day to another.</p>
      {picker}
      <div className="toolbar">
        <div>
          <label htmlFor="staff-search">Find a staff member</label>
          <input id="staff-search" type="search" value={typed} onChange={(e) => setTyped(e.target.value)} placeholder="Name or employee number" autoComplete="off" />
        </div>
        {mayChange && !adding ? (
          <button type="button" className="secondary" onClick={() => setAdding(true)}>
            Add a staff member
          </button>
        ) : null}
      </div>
      {created ? (
        <p className="notice notice-ok" role="status">
          {created}
        </p>
      ) : null}
      {adding ? (
        <NewStaffMemberForm
          schoolId={schoolId}
          onCancel={() => setAdding(false)}
          onDone={(message) => {
            setAdding(false);
            setCreated(message);
          }}
        />
      ) : null}
      {staff.isPending ? <Loading what="the staff" /> : null}
      {staff.error ? <ErrorNotice error={staff.error} onRetry={() => void staff.refetch()} /> : null}
      {staff.data ? (
        <>
          <p role="status" className="hint">
            {counted(staff.data.staff.length, 'staff member', 'staff members')}
            {staff.data.truncated ? ': more match, narrow the search' : ''}.
          </p>
          <StaffTable staff={staff.data.staff} />
        </>
      ) : null}
    </>
  );
}

const postsOf = (s: StaffListEntry) => s.assignments.map((a) => `${a.title ?? a.role} at ${a.schoolName}`).join('; ') || 'No current assignment';
const rolesOf = (s: StaffListEntry) => {
  if (!s.account) return 'No account';
  if (s.account.disabled) return 'Account turned off';
  return s.account.roles.map((r) => roleName(r.role as Role)).join(', ') || 'No role today';
};

/** The staff list, virtualized: a district's thousands of staff draw only the rows in view. Arrow keys move between names. */
function StaffTable({ staff }: { staff: StaffListEntry[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: staff.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];
  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  const focusRow = (index: number) => {
    if (index < 0 || index >= staff.length) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector<HTMLAnchorElement>(`[data-staff-index="${index}"]`)?.focus()));
  };
  if (staff.length === 0) return <p>No staff match.</p>;
  return (
    <div className="results" ref={scrollRef}>
      <table aria-rowcount={staff.length + 1}>
        <caption className="visually-hidden">Staff, by last name</caption>
        <thead>
          <tr aria-rowindex={1}>
            <th scope="col">Name</th>
            <th scope="col">Employee number</th>
            <th scope="col">Assignments</th>
            <th scope="col">Account</th>
            <th scope="col">Roles today</th>
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={5} />
            </tr>
          ) : null}
          {items.map((item) => {
            const s = staff[item.index]!;
            return (
              <tr key={s.id} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                <td>
                  <Link
                    to={`/people/staff/${s.id}`}
                    data-staff-index={item.index}
                    onKeyDown={(e) => {
                      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
                        e.preventDefault();
                        focusRow(item.index + (e.key === 'ArrowDown' ? 1 : -1));
                      }
                    }}
                  >
                    {s.lastName}, {s.firstName}
                  </Link>
                </td>
                <td>{s.employeeId}</td>
                <td>{postsOf(s)}</td>
                <td>{s.account?.username ?? '—'}</td>
                <td>{rolesOf(s)}</td>
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={5} />
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
