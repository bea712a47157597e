import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { RequestOrigin } from '../../audit/audit.repository.ts';
import { schoolsWhere, type Actor } from '../../auth/roles.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import type { Database } from '../../db/schema.ts';
import { Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { loadCodeTable } from './attendance.repository.ts';
import { recomputeDailyAttendance, writeSectionMarks } from './attendance-marks.repository.ts';
import { insertAttendanceNote, isUnrestrictedGuardian, meetingsMarked, recodeDirectDays } from './student-attendance.repository.ts';

export const recordAttendanceNoteInput = z
  .strictObject({
    from: z.iso.date(),
    to: z.iso.date(),
    reason: schoolText(500, 3),
    guardianId: z.number().int().positive().optional(),
  })
  .refine((n) => n.from <= n.to, { message: 'the note must end on or after its first day', path: ['to'] })
  .refine((n) => (Date.parse(n.to) - Date.parse(n.from)) / 86_400_000 <= 366, { message: 'a note covers at most a year', path: ['to'] });

/**
 * A clerk records a note from a guardian that excuses the days from `from` to `to`: every uncleared
 * absence in those days at the clerk's schools becomes excused, with the note's reason in the
 * history. Absences recorded later in those days at those schools are excused when they are saved.
 * The student's other schools have their own office, which has not seen the note.
 */
export async function recordAttendanceNote(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, studentId: number, input: z.output<typeof recordAttendanceNoteInput>) {
  const schools = schoolsWhere(actor, 'district-admin', 'school-admin', 'attendance-clerk');
  return withStudentRecord(db, actor, origin, studentId, { entity: 'attendance-note', action: 'create', reason: input.reason, details: { from: input.from, to: input.to, schools } }, async (trx) => {
    if (input.guardianId !== undefined) {
      if (!(await isUnrestrictedGuardian(trx, actor.districtId, studentId, input.guardianId))) throw new Problem(422, 'not-a-guardian', 'That person is not a guardian of this student', 'A note must come from a guardian on file (without a court restriction).', { errors: [{ field: 'body.guardianId', message: 'not a guardian of this student' }] });
    }
    const codes = await loadCodeTable(trx, actor.districtId);
    const excused = codes.excusedCode;
    if (excused === null) throw new Problem(409, 'no-excused-code', 'The district has no excused-absence code', 'A district administrator adds an attendance code in the excused category first.');
    const noteId = await insertAttendanceNote(trx, {
      districtId: actor.districtId, studentId, from: input.from, to: input.to, reason: input.reason, guardianId: input.guardianId ?? null, receivedBy: actor.staffId, schoolIds: schools === 'all' ? null : schools,
    });
    const unexcused = codes.codes.filter((c) => c.countsAsAbsent && c.stateCategory === 'unexcused').map((c) => c.code);
    if (unexcused.length === 0) return { noteId, periodsExcused: 0, daysExcused: 0 };

    const periods = await meetingsMarked(trx, actor.districtId, studentId, input.from, input.to, unexcused, schools);
    const reason = `Note from home: ${input.reason}`;
    for (const p of periods) {
      await writeSectionMarks(trx, {
        districtId: actor.districtId,
        sectionId: p.section_id,
        schoolId: p.school_id,
        day: p.day,
        periodId: p.period_id,
        stored: new Map([[studentId, { studentId, code: p.code, source: p.source, minutesAbsent: p.minutes_absent }]]),
        desired: [{ studentId, code: codes.excuse(p.code), minutesAbsent: p.minutes_absent }],
        source: 'parent-note',
        recordedBy: actor.staffId,
        reason,
        codes,
      });
    }
    // Days recorded directly (elementary, or set by the office) are excused on the day itself.
    const daysExcused = await recodeDirectDays(trx, {
      districtId: actor.districtId, studentId, from: input.from, to: input.to, codes: unexcused, newCode: excused, schools, reason, changedBy: actor.staffId,
    });
    // Derived days keep their status (still absent) and take the excused code from their periods.
    const bySchool = new Map<number, Set<string>>();
    for (const p of periods) bySchool.set(p.school_id, (bySchool.get(p.school_id) ?? new Set()).add(p.day));
    for (const [schoolId, schoolDays] of bySchool) for (const day of schoolDays) await recomputeDailyAttendance(trx, { districtId: actor.districtId, schoolId, day, studentIds: [studentId], codes });
    return { noteId, periodsExcused: periods.length, daysExcused };
  });
}
