import { calendarDayIn } from '@homeroom/core/attendance/calendar';
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

let districtTimeZone: string | null = null;

/** The district's time zone, from the session: set at sign-in and whenever the session is read. */
export function setDistrictTimeZone(timeZone: string | null): void {
  districtTimeZone = timeZone;
}

export function currentDistrictTimeZone(): string {
  // Screens that show dates are behind sign-in, which reads the zone; reaching here without it is a bug.
  if (!districtTimeZone) throw new Error("The district's time zone is not known before sign-in");
  return districtTimeZone;
}

/**
 * Today in the district, as an ISO day: its own time zone's, never the browser's or UTC's, so a
 * laptop set to another zone (or a school day past 4 p.m. in Los Angeles) opens the right day.
 */
export function todayIso(now = new Date()): string {
  return calendarDayIn(now, currentDistrictTimeZone());
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
