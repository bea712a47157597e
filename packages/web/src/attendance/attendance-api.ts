import type { z } from 'zod';
import type { sectionAttendance } from '@homeroom/core/api/attendance';
import type { PersonName } from '../api/types.ts';

/**
 * The attendance API (GET /api/sections/:sectionId/attendance?date=&period=, PUT …/attendance/:date)
 * as this screen reads it: the server's answer (its response schema's output type) with every
 * student's code already filled in (present until marked), mapped to what the screen shows.
 */

export type SectionAttendanceAnswer = z.output<typeof sectionAttendance>;

export type AttendanceCode = SectionAttendanceAnswer['codes'][number];

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
  { code: 'P', description: 'Present', countsAsAbsent: false },
  { code: 'A', description: 'Absent', countsAsAbsent: true },
  { code: 'T', description: 'Tardy', countsAsAbsent: false },
];

export function readSectionAttendance(answer: SectionAttendanceAnswer): SectionAttendance {
  const codes = answer.codes.filter((c) => c.code);
  return {
    sectionLabel: `${answer.section.course.title} — ${answer.section.code}`,
    period: answer.period?.code ?? null,
    date: answer.date,
    codes: codes.length > 0 ? codes : FALLBACK_CODES,
    students: answer.students.map((s) => ({ studentId: s.id, name: s.name, localId: s.localId, code: s.code })),
    takenAt: answer.takenAt,
  };
}

/** What a student is marked before the teacher changes anything: the first code that is not an absence. */
export function defaultCode(codes: AttendanceCode[]): string {
  return (codes.find((c) => !c.countsAsAbsent) ?? codes[0] ?? FALLBACK_CODES[0]!).code;
}
