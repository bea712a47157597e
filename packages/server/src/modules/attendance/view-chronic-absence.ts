import { chronicAbsence, ratioValue } from '@homeroom/core/attendance/index';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { loadAttendanceRules } from './attendance.repository.ts';
import { enrollmentSpans, findSchool, fullDayAbsences, instructionalDays } from './attendance-figures.repository.ts';
import { ATTENDANCE_OFFICE, servesSchool } from '../../auth/access.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { studentNamesOf } from './student-attendance.repository.ts';

export const viewChronicAbsenceInput = z.strictObject({
  year: z.string().regex(/^\d{4}-\d{2}$/, 'a school year such as 2026-27').optional(),
  asOf: z.iso.date().optional(),
});

/**
 * The school's chronically absent students this school year so far: absent on 10% or more of the
 * days they were enrolled. Each student listed is an audited read.
 */
export async function viewChronicAbsence(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, schoolId: number, input: z.output<typeof viewChronicAbsenceInput>) {
  return db.transaction().execute(async (trx) => {
    const school = await findSchool(trx, actor.districtId, schoolId);
    if (!school || !servesSchool(actor, school.id, ATTENDANCE_OFFICE)) throw notFound('This school');
    const year = await schoolYearByName(trx, actor.districtId, input.year, 'current');
    const asOf = input.asOf ?? actor.today;
    const through = asOf < year.end_date ? asOf : year.end_date;
    const rules = await loadAttendanceRules(trx, actor.districtId);
    const days = await instructionalDays(trx, actor.districtId, school.id, year.start_date, through);
    const enrollments = await enrollmentSpans(trx, actor.districtId, school.id, year.start_date, through);
    const absences = await fullDayAbsences(trx, actor.districtId, school.id, year.start_date, through);
    const result = chronicAbsence({ instructionalDays: days, enrollments, absences }, { minimumDaysEnrolled: rules.chronicMinimumDays });
    const chronic = result.students.filter((s) => s.chronic);
    const names = await studentNamesOf(trx, actor.districtId, chronic.map((s) => s.studentId));
    const byId = new Map(names.map((n) => [n.id, n]));
    await writeAuditForStudents(trx, actor, origin, { action: 'list', entity: 'chronic-absence', schoolId: school.id }, chronic.map((s) => s.studentId));
    return {
      school: { id: school.id, name: school.name },
      schoolYear: year.name,
      through,
      daysTaught: days.length,
      minimumDaysEnrolled: rules.chronicMinimumDays,
      studentsCounted: result.studentsCounted,
      chronicallyAbsent: result.chronicallyAbsent,
      rate: { numerator: result.rate.numerator, denominator: result.rate.denominator, percent: ratioValue({ numerator: 100 * result.rate.numerator, denominator: result.rate.denominator }, 1) },
      students: chronic.map((s) => {
        const n = byId.get(s.studentId);
        return { id: s.studentId, localId: n?.local_id ?? null, name: n ? { first: n.first_name, last: n.last_name } : null, daysEnrolled: s.daysEnrolled, daysAbsent: s.daysAbsent, percentAbsent: ratioValue({ numerator: 100 * s.daysAbsent, denominator: s.daysEnrolled }, 1) };
      }),
    };
  });
}
