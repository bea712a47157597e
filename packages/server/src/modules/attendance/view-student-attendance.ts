import { chronicAbsence, enrolledDaysByStudent, ratioValue } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { instructionalDays } from './attendance-figures.repository.ts';
import { loadAttendanceRules, loadCodeTable } from './attendance.repository.ts';
import { absentDays, daysNotPresent, meetingsNotPresent, primaryEnrollmentsDuring } from './student-attendance.repository.ts';

export const viewStudentAttendanceInput = z.strictObject({
  year: z.string().regex(/^\d{4}-\d{2}$/, 'a school year such as 2026-27').optional(),
  asOf: z.iso.date().optional(),
});

/** How many days and class meetings the profile lists: the most recent first, enough for a clerk to find the one to correct. */
const RECENT_LIMIT = 200;

/**
 * A student's attendance this year, as the profile and the attendance clerk read it: days enrolled
 * and absent (the same count as chronic absence, by the core's rule, school by school), whether the
 * student is chronically absent, and the recent days and class meetings that were not simply present.
 */
export async function viewStudentAttendance(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: z.output<typeof viewStudentAttendanceInput>) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'attendance', action: 'read' }, async (trx) => {
    const d = actor.districtId;
    const year = await schoolYearByName(trx, d, input.year, 'current');
    const asOf = input.asOf ?? actor.today;
    const through = asOf < year.end_date ? asOf : year.end_date;
    const codes = await loadCodeTable(trx, d);
    const rules = await loadAttendanceRules(trx, d);
    const enrollments = await primaryEnrollmentsDuring(trx, d, studentId, year.start_date, through);
    const absences = (await absentDays(trx, d, studentId, year.start_date, through)).map((day) => ({ studentId, day }));

    // The days enrolled come from each school's own calendar; once gathered, the core's chronic
    // absence rule decides on them as a whole, exactly as a school's list would.
    const enrolledDays = new Set<string>();
    for (const schoolId of [...new Set(enrollments.map((e) => e.school_id))]) {
      const taught = await instructionalDays(trx, d, schoolId, year.start_date, through);
      const spans = enrollments.filter((e) => e.school_id === schoolId).map((e) => ({ studentId, start: e.entry_date, end: e.exit_date }));
      for (const day of enrolledDaysByStudent(taught, spans).get(studentId) ?? []) enrolledDays.add(day);
    }
    const figures = chronicAbsence(
      { instructionalDays: [...enrolledDays].sort(), enrollments: [{ studentId, start: year.start_date, end: null }], absences },
      { minimumDaysEnrolled: rules.chronicMinimumDays },
    ).students[0] ?? { daysEnrolled: 0, daysAbsent: 0, chronic: false };

    const days = await daysNotPresent(trx, d, studentId, year.start_date, through, RECENT_LIMIT);
    const meetings = await meetingsNotPresent(trx, d, studentId, codes.presentCode, year.start_date, through, RECENT_LIMIT);

    return {
      schoolYear: year.name,
      through,
      daysEnrolled: figures.daysEnrolled,
      daysAbsent: figures.daysAbsent,
      daysAttended: figures.daysEnrolled - figures.daysAbsent,
      percentAbsent: ratioValue({ numerator: 100 * figures.daysAbsent, denominator: figures.daysEnrolled }, 1),
      chronicallyAbsent: figures.chronic,
      codes: codes.codes.map((c) => ({ code: c.code, description: c.description, absent: c.countsAsAbsent })),
      days: days.map((r) => ({ date: r.day, status: r.status, code: r.code, source: r.source, school: r.school })),
      classMeetings: meetings.map((r) => ({ date: r.day, sectionId: r.section_id, section: r.section, course: r.course, period: r.period, code: r.code, source: r.source, minutesAbsent: r.minutes_absent })),
    };
  });
}
