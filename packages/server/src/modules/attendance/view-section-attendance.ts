import { z } from 'zod';
import type { Kysely } from 'kysely';
import { auditOfStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { codeTableOf, rosterWithMarks } from './attendance.repository.ts';
import { periodForDay, requireSchoolDay, sectionForAttendance } from './section-day.ts';

export const viewSectionAttendanceInput = z.strictObject({
  date: z.iso.date().optional(),
  period: z.string().trim().min(1).max(20).optional(),
});

/**
 * The roster of a section on a day as the teacher takes attendance: every student on it that day
 * (effective-dated), with the code stored or present when nobody has marked them yet. Each student
 * listed is an audited read. Two statements and no transaction: the section (which also answers
 * whether the actor may see it), then the roster read and its audit rows in one statement, which
 * lands both or neither.
 */
export async function viewSectionAttendance(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, sectionId: number, input: z.output<typeof viewSectionAttendanceInput>) {
  {
    const { section } = await sectionForAttendance(db, actor, sectionId, input.date ?? null);
    const day = section.day;
    requireSchoolDay(section, day);
    const { period, periods } = periodForDay(section, day, input.period);
    const codes = codeTableOf(section.codes);
    const roster = await rosterWithMarks(db, actor.districtId, section.id, day, period?.period_id ?? null, {
      audit: (students) => auditOfStudents(actor, origin, { action: 'read', entity: 'attendance', schoolId: section.school_id, details: { sectionId: section.id, date: day } }, students),
    });
    const taking = section.takings.find((t) => period === null || t.period_id === null || t.period_id === period.period_id);
    return {
      section: { id: section.id, code: section.code, course: { code: section.course_code, title: section.course_title }, school: { id: section.school_id, name: section.school_name }, attendanceMode: section.attendance_mode },
      date: day,
      period: period ? { code: period.code, name: period.name } : null,
      periods: periods.map((p) => ({ code: p.code, name: p.name })),
      taken: taking !== undefined,
      takenAt: taking?.taken_at ?? null,
      takenBy: taking ? (taking.taken_by ?? taking.source) : null,
      codes: codes.codes.map((c) => ({ code: c.code, description: c.description, countsAsAbsent: c.countsAsAbsent })),
      students: roster.map((s) => ({
        id: s.student_id,
        localId: s.local_id,
        name: { first: s.first_name, last: s.last_name, preferred: s.preferred_name },
        code: s.code ?? codes.presentCode,
        minutesAbsent: s.minutes_absent,
        // Present is not stored: once the class is taken, everyone without a row was recorded present.
        recorded: s.code !== null || taking !== undefined,
        noteFromHome: s.noted,
      })),
    };
  }
}
