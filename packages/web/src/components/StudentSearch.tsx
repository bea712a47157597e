import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { createColumnHelper, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useId, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { apiGet } from '../api/client.ts';
import type { SchoolPage, StudentListItem, StudentPage } from '../api/types.ts';
import { GRADES, gradeLabel, studentName } from '../format.ts';
import { useSession } from '../session.ts';
import { ErrorNotice } from './ErrorNotice.tsx';

const PAGE_SIZE = 100;
const ROW_HEIGHT = 44;
const DEBOUNCE_MS = 250;

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export function useSchools() {
  return useQuery({ queryKey: ['schools'], queryFn: ({ signal }) => apiGet<SchoolPage>('/api/schools?limit=500', signal), staleTime: 10 * 60_000 });
}

const column = createColumnHelper<StudentListItem>();
const columns = [
  column.accessor((s) => studentName(s.name), { id: 'name', header: 'Name' }),
  column.accessor('localId', { header: 'Student ID' }),
  column.accessor((s) => gradeLabel(s.grade), { id: 'grade', header: 'Grade' }),
  column.accessor((s) => s.school?.name ?? '—', { id: 'school', header: 'School' }),
];

/**
 * Student search by name or ID, school and grade. The criteria live in the address, so Back from a
 * profile returns to the same results. Results load 100 at a time as the list scrolls and only the
 * visible rows are drawn, so a search that matches thousands stays quick.
 */
export function StudentSearch({ autoFocus = false }: { autoFocus?: boolean }) {
  const [params, setParams] = useSearchParams();
  const [text, setText] = useState(params.get('q') ?? '');
  const schoolId = params.get('school') ?? '';
  const grade = params.get('grade') ?? '';
  const sort = params.get('sort') ?? 'name';
  const search = useDebounced(text.trim(), DEBOUNCE_MS);
  const schools = useSchools();
  const session = useSession();
  // Only the schools a person serves: a district-wide grant sees them all.
  const grants = session.data?.user.roles ?? [];
  const mySchools = grants.some((g) => g.schoolId === null) ? null : new Set(grants.map((g) => g.schoolId));
  const schoolChoices = (schools.data?.items ?? []).filter((school) => mySchools === null || mySchools.has(school.id));
  const inputRef = useRef<HTMLInputElement>(null);
  const ids = useId();

  const setParam = (name: string, value: string) => {
    setParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        if (value) next.set(name, value);
        else next.delete(name);
        return next;
      },
      { replace: true },
    );
  };
  useEffect(() => {
    if ((params.get('q') ?? '') !== search) setParam('q', search);
  }, [search]);

  // Listing every student of a school is an audited read of each; ask for a criterion first.
  const hasCriteria = search.length > 0 || schoolId !== '' || grade !== '';
  const results = useInfiniteQuery({
    queryKey: ['students', { search, schoolId, grade, sort }],
    enabled: hasCriteria,
    initialPageParam: 0,
    queryFn: ({ pageParam, signal }) => {
      const query = new URLSearchParams({ sort, limit: String(PAGE_SIZE), offset: String(pageParam) });
      if (search) query.set('search', search);
      if (schoolId) query.set('schoolId', schoolId);
      if (grade) query.set('grade', grade);
      return apiGet<StudentPage>(`/api/students?${query}`, signal);
    },
    getNextPageParam: (last) => (last.hasMore ? last.offset + last.limit : undefined),
  });
  const students = results.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="student-search">
      <form className="search-form" role="search" aria-label="Students" onSubmit={(e) => e.preventDefault()}>
        <div className="field grow">
          <label htmlFor={`${ids}-q`}>Name or student ID</label>
          <input
            id={`${ids}-q`}
            ref={inputRef}
            type="search"
            autoComplete="off"
            autoFocus={autoFocus}
            value={text}
            placeholder="e.g. Rivers or 1002"
            aria-describedby={`${ids}-keys`}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowDown' && students.length > 0) {
                e.preventDefault();
                document.querySelector<HTMLAnchorElement>(`[data-result-index="0"]`)?.focus();
              }
            }}
          />
        </div>
        <div className="field">
          <label htmlFor={`${ids}-school`}>School</label>
          <select id={`${ids}-school`} value={schoolId} onChange={(e) => setParam('school', e.target.value)}>
            <option value="">All my schools</option>
            {schoolChoices.map((school) => (
              <option key={school.id} value={school.id}>
                {school.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-grade`}>Grade</label>
          <select id={`${ids}-grade`} value={grade} onChange={(e) => setParam('grade', e.target.value)}>
            <option value="">All grades</option>
            {GRADES.map((g) => (
              <option key={g} value={g}>
                {gradeLabel(g)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${ids}-sort`}>Sort by</label>
          <select id={`${ids}-sort`} value={sort} onChange={(e) => setParam('sort', e.target.value === 'name' ? '' : e.target.value)}>
            <option value="name">Name</option>
            <option value="grade">Grade</option>
            <option value="localId">Student ID</option>
          </select>
        </div>
      </form>
      <p id={`${ids}-keys`} className="hint">
        Press ↓ to move into the results, ↑ and ↓ to move between students, Enter to open one, Esc to return to the search box.
      </p>
      <p role="status" className="result-count">
        {!hasCriteria
          ? 'Type a name or student ID, or choose a school or grade.'
          : results.isPending
            ? 'Searching…'
            : results.isError
              ? ''
              : students.length === 0
                ? 'No students match. Check the spelling, or try the student ID.'
                : `${students.length}${results.hasNextPage ? '+' : ''} ${students.length === 1 ? 'student' : 'students'} found${results.hasNextPage ? '; scroll for more' : ''}.`}
      </p>
      {results.isError ? <ErrorNotice error={results.error} onRetry={() => void results.refetch()} /> : null}
      {students.length > 0 ? (
        <StudentResults
          students={students}
          hasMore={results.hasNextPage}
          loadingMore={results.isFetchingNextPage}
          loadMore={() => void results.fetchNextPage()}
          backToSearch={() => inputRef.current?.focus()}
        />
      ) : null}
    </div>
  );
}

export function StudentResults({
  students,
  hasMore = false,
  loadingMore = false,
  loadMore,
  backToSearch,
  caption = 'Students found',
}: {
  students: StudentListItem[];
  hasMore?: boolean;
  loadingMore?: boolean;
  loadMore?: () => void;
  backToSearch?: () => void;
  caption?: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const table = useReactTable({ data: students, columns, getCoreRowModel: getCoreRowModel() });
  const rows = table.getRowModel().rows;
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const last = items[items.length - 1];

  useEffect(() => {
    if (last && last.index >= rows.length - 20 && hasMore && !loadingMore) loadMore?.();
  }, [last, rows.length, hasMore, loadingMore, loadMore]);

  const focusRow = (index: number) => {
    if (index < 0 || index >= rows.length) return;
    virtualizer.scrollToIndex(index, { align: 'auto' });
    // The row may not be drawn until the list has scrolled to it.
    requestAnimationFrame(() => requestAnimationFrame(() => document.querySelector<HTMLAnchorElement>(`[data-result-index="${index}"]`)?.focus()));
  };

  const paddingTop = items[0]?.start ?? 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;
  return (
    <div className="results" ref={scrollRef}>
      <table aria-rowcount={rows.length + 1}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id} aria-rowindex={1}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col">
                  {flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {paddingTop > 0 ? (
            <tr aria-hidden="true" style={{ height: paddingTop }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
          {items.map((item) => {
            const row = rows[item.index]!;
            const student = row.original;
            return (
              <tr key={row.id} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>
                    {cell.column.id === 'name' ? (
                      <Link
                        to={`/students/${student.id}`}
                        data-result-index={item.index}
                        onKeyDown={(e) => {
                          if (e.key === 'ArrowDown') {
                            e.preventDefault();
                            focusRow(item.index + 1);
                          } else if (e.key === 'ArrowUp') {
                            e.preventDefault();
                            if (item.index === 0) backToSearch?.();
                            else focusRow(item.index - 1);
                          } else if (e.key === 'Escape') {
                            backToSearch?.();
                          }
                        }}
                      >
                        {flexRender(cell.column.columnDef.cell, cell.getContext())}
                      </Link>
                    ) : (
                      flexRender(cell.column.columnDef.cell, cell.getContext())
                    )}
                  </td>
                ))}
              </tr>
            );
          })}
          {paddingBottom > 0 ? (
            <tr aria-hidden="true" style={{ height: paddingBottom }}>
              <td colSpan={columns.length} />
            </tr>
          ) : null}
        </tbody>
      </table>
      {loadingMore ? (
        <p className="loading" role="status">
          Loading more students…
        </p>
      ) : null}
    </div>
  );
}
