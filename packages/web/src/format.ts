import type { PersonName, Role } from './api/types.ts';

/** "Stone, Avery (Ave)": last name first, as rosters are read in schools. */
export function studentName(name: PersonName): string {
  const preferred = name.preferred && name.preferred !== name.first ? ` (${name.preferred})` : '';
  return `${name.last}, ${name.first}${preferred}`;
}

export function gradeLabel(grade: number | null | undefined): string {
  if (grade === null || grade === undefined) return '—';
  if (grade === -1) return 'TK';
  if (grade === 0) return 'K';
  return String(grade);
}

export const GRADES = [-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

const ROLE_NAMES: Record<Role, string> = {
  'district-admin': 'District administrator',
  'school-admin': 'School administrator',
  counselor: 'Counselor',
  teacher: 'Teacher',
  'attendance-clerk': 'Attendance clerk',
  'help-desk': 'Help desk',
  student: 'Student',
  guardian: 'Parent or guardian',
};

export function roleName(role: Role): string {
  return ROLE_NAMES[role] ?? role;
}

/** Dates from the API are ISO days (2026-09-03); shown in the reader's own format without a time-zone shift. */
export function formatDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  if (!y || !m || !d) return iso;
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** Today as an ISO day in the browser's time zone (a teacher's "today" is local). */
export function todayIso(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function yesNo(value: boolean | null | undefined): string {
  if (value === null || value === undefined) return 'Not recorded';
  return value ? 'Yes' : 'No';
}

/** "1 row", "3 rows": counts read as people say them. */
export function counted(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** The school year after '2026-27': '2027-28'. */
export const nextYearOf = (name: string) => `${Number(name.slice(0, 4)) + 1}-${String((Number(name.slice(5, 7)) + 1) % 100).padStart(2, '0')}`;
/** The school year before '2026-27': '2025-26'. */
export const previousYearOf = (name: string) => `${Number(name.slice(0, 4)) - 1}-${String((Number(name.slice(5, 7)) + 99) % 100).padStart(2, '0')}`;
