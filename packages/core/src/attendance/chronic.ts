import { enrolledDaysByStudent, type EnrollmentSpan, type FullDayAbsence, type Ratio } from './ada.ts';
import type { IsoDate } from './calendar.ts';

export interface ChronicAbsenceRules {
  /**
   * Students enrolled fewer instructional days than this are not counted (the California School
   * Dashboard counts students enrolled 31 days or more; 0 counts everyone).
   */
  minimumDaysEnrolled: number;
}

export interface StudentAbsenceRate {
  studentId: number;
  daysEnrolled: number;
  daysAbsent: number;
  /** Absent on 10% or more of the days enrolled when school was taught (Education Code 60901). */
  chronic: boolean;
  /** Below the minimum days enrolled: listed, never counted. */
  counted: boolean;
}

export interface ChronicAbsence {
  students: StudentAbsenceRate[];
  studentsCounted: number;
  chronicallyAbsent: number;
  /** chronicallyAbsent ÷ studentsCounted. */
  rate: Ratio;
}

/**
 * Chronic absence: a student absent (full days) on at least 10% of the instructional days they
 * were enrolled. Compared in whole numbers — 10 × absent ≥ enrolled — so 3 of 30 is chronic and no
 * rounding decides a borderline student.
 */
export function chronicAbsence(
  input: { instructionalDays: readonly IsoDate[]; enrollments: readonly EnrollmentSpan[]; absences: readonly FullDayAbsence[] },
  rules: ChronicAbsenceRules = { minimumDaysEnrolled: 0 },
): ChronicAbsence {
  const enrolled = enrolledDaysByStudent(input.instructionalDays, input.enrollments);
  const absent = new Map<number, number>();
  const seen = new Set<string>();
  for (const { studentId, day } of input.absences) {
    const key = `${studentId}:${day}`;
    if (seen.has(key) || !enrolled.get(studentId)?.has(day)) continue;
    seen.add(key);
    absent.set(studentId, (absent.get(studentId) ?? 0) + 1);
  }
  const students: StudentAbsenceRate[] = [];
  for (const [studentId, days] of [...enrolled].sort((a, b) => a[0] - b[0])) {
    const daysEnrolled = days.size;
    const daysAbsent = absent.get(studentId) ?? 0;
    const counted = daysEnrolled > 0 && daysEnrolled >= rules.minimumDaysEnrolled;
    students.push({ studentId, daysEnrolled, daysAbsent, counted, chronic: counted && 10 * daysAbsent >= daysEnrolled });
  }
  const countedStudents = students.filter((s) => s.counted);
  const chronicallyAbsent = countedStudents.filter((s) => s.chronic).length;
  return { students, studentsCounted: countedStudents.length, chronicallyAbsent, rate: { numerator: chronicallyAbsent, denominator: countedStudents.length } };
}
