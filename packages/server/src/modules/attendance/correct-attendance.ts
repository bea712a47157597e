import { dayFromCode } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { enrolledSchoolOn, loadCodeTable, rosterWithMarks } from './attendance.repository.ts';
import { writeSectionMarks } from './attendance-marks.repository.ts';
import { dailyAttendanceOn, storeDayCorrection } from './student-attendance.repository.ts';
import { periodForDay, requireSchoolDay, sectionForAttendance } from './section-day.ts';
import { ATTENDANCE_OFFICE, servesSchool } from '../../auth/access.ts';

export const correctAttendanceInput = z.strictObject({
  date: z.iso.date(),
  /** The class meeting to correct; without it, the student's whole day is set. */
  sectionId: z.number().int().positive().optional(),
  period: z.string().trim().min(1).max(20).optional(),
  code: z.string().trim().min(1).max(10),
  reason: schoolText(500, 3),
});

/**
 * An attendance clerk corrects a student's attendance: one class meeting, or the whole day (an
 * elementary day, or a secondary day the office knows better than the periods — a student sent home
 * ill at 9). The old code stays in the history with who changed it and why; the audit row carries
 * the reason.
 */
export async function correctAttendance(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: z.output<typeof correctAttendanceInput>) {
  return withStudentRecord(db, actor, origin, studentId, { entity: 'attendance', action: 'correct', reason: input.reason, details: { date: input.date, sectionId: input.sectionId ?? null, code: input.code } }, async (trx) => {
    const codes = await loadCodeTable(trx, actor.districtId);
    if (!codes.has(input.code)) {
      throw new Problem(422, 'attendance-not-valid', `"${input.code}" is not an attendance code`, `The codes are ${codes.codes.map((c) => c.code).join(', ')}.`, { errors: [{ field: 'body.code', message: 'not an attendance code' }] });
    }
    if (input.sectionId !== undefined) {
      const { section } = await sectionForAttendance(trx, actor, input.sectionId, input.date, { lock: true });
      requireSchoolDay(section, input.date);
      const { period } = periodForDay(section, input.date, input.period);
      const roster = await rosterWithMarks(trx, actor.districtId, section.id, input.date, period?.period_id ?? null);
      const student = roster.find((s) => s.student_id === studentId);
      if (!student) {
        throw new Problem(422, 'not-on-roster', `The student was not in ${section.code} on ${input.date}`, 'Correct the class the student was in that day, or correct the whole day without a class.', { errors: [{ field: 'body.sectionId', message: 'student not on the roster that day' }] });
      }
      const changes = await writeSectionMarks(trx, {
        districtId: actor.districtId,
        sectionId: section.id,
        schoolId: section.school_id,
        day: input.date,
        periodId: period?.period_id ?? null,
        stored: new Map([[studentId, { studentId, code: student.code, source: student.source, minutesAbsent: student.minutes_absent }]]),
        desired: [{ studentId, code: input.code, minutesAbsent: student.minutes_absent }],
        source: 'clerk',
        recordedBy: actor.staffId,
        reason: input.reason,
        codes,
      });
      return { date: input.date, section: section.code, period: period?.code ?? null, oldCode: student.code ?? codes.presentCode, code: input.code, changed: changes.length > 0 };
    }
    const school = await enrolledSchoolOn(trx, actor.districtId, studentId, input.date);
    if (!school) throw new Problem(422, 'not-enrolled', `The student was not enrolled on ${input.date}`, 'Attendance is kept only for days a student was enrolled.');
    if (!servesSchool(actor, school.school_id, ATTENDANCE_OFFICE)) throw notFound('This student');
    requireSchoolDay({ ...school, today: actor.today }, input.date);
    const before = await dailyAttendanceOn(trx, actor.districtId, studentId, input.date);
    const oldCode = before ? (before.code ?? codes.presentCode) : codes.presentCode;
    await storeDayCorrection(trx, {
      districtId: actor.districtId, studentId, day: input.date, schoolId: school.school_id, set: dayFromCode(input.code, codes),
      oldCode: before ? oldCode : null, newCode: input.code, reason: input.reason, changedBy: actor.staffId,
    });
    return { date: input.date, section: null, period: null, oldCode, code: input.code, changed: oldCode !== input.code };
  });
}
