import type { PersonName } from '../api/types.ts';

/**
 * The attendance API (GET /api/sections/:sectionId/attendance?date=&period=, PUT …/attendance/:date)
 * as this screen reads it. The server answers `{ section: { code, course }, date, period: { code },
 * periods, taken, takenAt, codes: [{ code, description, countsAsAbsent }], students: [{ id, localId,
 * name, code, recorded }] }` with every student's code already filled in (present until marked).
 * Reading stays tolerant (`studentId` or `id`, `code` or `mark.code`) so an older or newer server
 * does not leave a teacher with an empty screen on the first morning.
 */

export interface AttendanceCode {
  code: string;
  description: string;
  countsAsAbsent: boolean;
  isDefault: boolean;
}

export interface RosterStudent {
  studentId: number;
  name: PersonName;
  localId: string | null;
  /** The mark already saved for this date, if any. */
  code: string | null;
}

export interface SectionAttendance {
  sectionLabel: string;
  date: string;
  codes: AttendanceCode[];
  students: RosterStudent[];
  takenAt: string | null;
  /** The period this sheet is for, when the school takes attendance by period; sent back with the save. */
  period: string | null;
}

export interface AttendanceMark {
  studentId: number;
  code: string;
}

export interface SaveAttendanceBody {
  idempotencyKey: string;
  period?: string;
  marks: AttendanceMark[];
}

/**
 * Used only when the answer carries no code list: the codes every California district maps to the
 * state's present, absent and tardy categories, so a teacher can still take attendance.
 */
export const FALLBACK_CODES: AttendanceCode[] = [
  { code: 'P', description: 'Present', countsAsAbsent: false, isDefault: true },
  { code: 'A', description: 'Absent', countsAsAbsent: true, isDefault: false },
  { code: 'T', description: 'Tardy', countsAsAbsent: false, isDefault: false },
];

type Loose = Record<string, unknown>;
const isObject = (value: unknown): value is Loose => typeof value === 'object' && value !== null;
const text = (value: unknown): string | null => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : null);

function readName(raw: Loose): PersonName {
  const name = isObject(raw.name) ? raw.name : isObject(raw.student) && isObject(raw.student.name) ? raw.student.name : raw;
  return {
    first: text(name.first) ?? text(name.firstName) ?? '',
    last: text(name.last) ?? text(name.lastName) ?? '',
    preferred: text(name.preferred) ?? text(name.preferredName),
  };
}

export function readSectionAttendance(raw: unknown, sectionId: string, date: string): SectionAttendance {
  const body = isObject(raw) ? raw : {};
  const codes = Array.isArray(body.codes)
    ? body.codes.filter(isObject).map((c) => ({
        code: text(c.code) ?? '',
        description: text(c.description) ?? text(c.code) ?? '',
        countsAsAbsent: c.countsAsAbsent === true,
        isDefault: c.isDefault === true,
      }))
    : [];
  const list = Array.isArray(body.students) ? body.students : Array.isArray(body.roster) ? body.roster : [];
  const students = list.filter(isObject).map((s) => {
    const studentId = Number(s.studentId ?? (isObject(s.student) ? s.student.id : s.id));
    const mark = isObject(s.mark) ? text(s.mark.code) : text(s.mark);
    return { studentId, name: readName(s), localId: text(s.localId) ?? (isObject(s.student) ? text(s.student.localId) : null), code: text(s.code) ?? mark };
  });
  const section = isObject(body.section) ? body.section : {};
  const course = isObject(section.course) ? section.course : {};
  const sectionLabel = [text(course.title), text(section.code)].filter(Boolean).join(' — ') || `Section ${sectionId}`;
  const taken = isObject(body.taken) ? text(body.taken.at) : text(body.takenAt);
  const period = isObject(body.period) ? text(body.period.code) : text(body.period);
  return { sectionLabel, period, date: text(body.date) ?? date, codes: codes.length > 0 ? codes.filter((c) => c.code) : FALLBACK_CODES, students: students.filter((s) => Number.isFinite(s.studentId)), takenAt: taken };
}

export function defaultCode(codes: AttendanceCode[]): string {
  return (codes.find((c) => c.isDefault) ?? codes.find((c) => !c.countsAsAbsent) ?? codes[0] ?? FALLBACK_CODES[0]!).code;
}
