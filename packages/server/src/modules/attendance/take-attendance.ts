import { z } from 'zod';
import type { Kysely } from 'kysely';
import { auditOfStudents, listedStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { refuseWhileViewing } from '../../auth/access.ts';
import { Problem } from '../../http/problem.ts';
import { codeTableOf, findTaking, rosterWithMarks, auditedPart, takingId, takingPart } from './attendance.repository.ts';
import { storeSectionMarks, type StoredMark } from './attendance-marks.repository.ts';
import { periodForDay, requireSchoolDay, requireTeacherWindow, sectionForAttendance } from './section-day.ts';

export const takeAttendanceInput = z.strictObject({
  period: z.string().trim().min(1).max(20).optional(),
  /** Chosen by the page once per save; a retry of the same save sends the same key. */
  idempotencyKey: z.string().trim().min(8).max(100).regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only'),
  marks: z
    .array(
      z.strictObject({
        studentId: z.number().int().positive(),
        code: z.string().trim().min(1).max(10),
        minutesAbsent: z.number().int().min(0).max(600).nullable().optional(),
      }),
    )
    .max(300),
});

export interface TakeAttendanceResult {
  stored: true;
  /** True when this was a retry of a save already stored: nothing was written again. */
  replayed: boolean;
  takingId: number;
  sectionId: number;
  date: string;
  period: string | null;
  students: number;
  present: number;
  absent: number;
  tardy: number;
  changed: number;
}

export interface MarkProblem {
  field: string;
  message: string;
}

/**
 * A teacher takes attendance for a section meeting: the students listed get their codes, everyone
 * else on the roster that day is present. One transaction: every mark is checked first (nothing is
 * saved when one is wrong), the codes are written with their history, the day of each student whose
 * code changed is derived again, and the audit rows are written. The answer says what is stored and
 * is sent only after the commit. A retry with the same idempotency key returns the first answer and
 * writes nothing.
 */
export async function takeAttendance(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, sectionId: number, day: string, input: z.output<typeof takeAttendanceInput>): Promise<TakeAttendanceResult> {
  refuseWhileViewing(actor);
  try {
    return await db.transaction().execute(async (trx) => {
      // The lock makes two saves of this section take turns; a retry arriving while the original
      // is still saving waits here and then finds its key below.
      const { section, asTeacherOnly } = await sectionForAttendance(trx, actor, sectionId, day, { lock: true, idempotencyKey: input.idempotencyKey });
      if (section.earlier) return replay(section.earlier, section.id, day);
      requireSchoolDay(section, day);
      const rules = section.rules;
      if (asTeacherOnly) requireTeacherWindow(section, day, rules.teacherEditDays);
      const { period } = periodForDay(section, day, input.period);
      const codes = codeTableOf(section.codes);
      if (codes.codes.length === 0) throw new Problem(409, 'no-attendance-codes', 'The district has no attendance codes yet', 'A district administrator sets up the attendance codes before attendance can be taken.');
      const roster = await rosterWithMarks(trx, actor.districtId, section.id, day, period?.period_id ?? null);

      const onRoster = new Map(roster.map((s) => [s.student_id, s]));
      const errors: MarkProblem[] = [];
      const seen = new Set<number>();
      input.marks.forEach((mark, i) => {
        const student = onRoster.get(mark.studentId);
        if (!student) errors.push({ field: `marks[${i}].studentId`, message: `Student ${mark.studentId} is not on the roster of ${section.code} on ${day}.` });
        else if (seen.has(mark.studentId)) errors.push({ field: `marks[${i}].studentId`, message: `${student.first_name} ${student.last_name} is marked twice.` });
        seen.add(mark.studentId);
        if (!codes.has(mark.code)) {
          const who = student ? `${student.first_name} ${student.last_name}` : `student ${mark.studentId}`;
          errors.push({ field: `marks[${i}].code`, message: `"${mark.code}" (for ${who}) is not an attendance code; the codes are ${codes.codes.map((c) => c.code).join(', ')}.` });
        }
      });
      if (errors.length > 0) {
        throw new Problem(422, 'attendance-not-valid', 'Attendance was not saved: some marks are not valid', `${errors.map((e) => e.message).join(' ')} Nothing was saved; correct these and save again.`, { errors });
      }

      const listed = new Map(input.marks.map((m) => [m.studentId, m]));
      const desired = roster.map((s) => {
        const mark = listed.get(s.student_id);
        // A note from home already excuses this day: an uncleared absence is recorded as excused.
        const code = mark ? (s.noted ? codes.excuse(mark.code) : mark.code) : codes.presentCode;
        return { studentId: s.student_id, code, minutesAbsent: mark?.minutesAbsent ?? null };
      });
      const stored = new Map<number, StoredMark & { minutesAbsent: number | null }>(roster.map((s) => [s.student_id, { studentId: s.student_id, code: s.code, source: s.source, minutesAbsent: s.minutes_absent }]));
      const source = asTeacherOnly ? 'teacher' : 'clerk';
      let summary!: Omit<TakeAttendanceResult, 'stored' | 'replayed' | 'takingId'>;
      // The marks, their history, the taking and the audit rows: one statement (see storeSectionMarks).
      const { rows } = await storeSectionMarks<{ id: number }>(
        trx,
        { districtId: actor.districtId, sectionId: section.id, schoolId: section.school_id, day, periodId: period?.period_id ?? null, stored, desired, source, recordedBy: actor.staffId, reason: null, codes, rules },
        (changes) => {
          const changed = new Map(changes.map((c) => [c.studentId, c.newCode]));
          const finalCodes = desired.map((d) => changed.get(d.studentId) ?? stored.get(d.studentId)?.code ?? d.code);
          summary = {
            sectionId: section.id,
            date: day,
            period: period?.code ?? null,
            students: roster.length,
            present: finalCodes.filter((c) => !codes.isAbsent(c)).length,
            absent: finalCodes.filter((c) => codes.isAbsent(c)).length,
            tardy: finalCodes.filter((c) => codes.get(c)?.stateCategory === 'tardy').length,
            changed: changes.length,
          };
          const audit = auditOfStudents(
            actor,
            origin,
            { action: 'update', entity: 'attendance', entityId: takingId, schoolId: section.school_id, details: { sectionId: section.id, date: day, period: period?.code ?? null } },
            listedStudents(roster.map((s) => s.student_id)),
          );
          return {
            parts: [
              takingPart({ districtId: actor.districtId, sectionId: section.id, day, periodId: period?.period_id ?? null, takenBy: actor.staffId, idempotencyKey: input.idempotencyKey, result: summary, source }),
              auditedPart(audit),
            ],
            result: takingId,
          };
        },
      );
      const taking = rows[0]!;
      return { stored: true as const, replayed: false, takingId: taking.id, ...summary };
    });
  } catch (error) {
    // The same key saved at the same moment through another section's lock (or another server):
    // the unique key let one through; this one answers with what that one stored.
    if ((error as { code?: string }).code === '23505' && /idempotency/.test(String((error as { constraint?: string; detail?: string }).constraint ?? (error as Error).message))) {
      const earlier = await findTaking(db, actor.districtId, input.idempotencyKey);
      if (earlier) return replay(earlier, sectionId, day);
    }
    throw error;
  }
}

function replay(earlier: { id: number; section_id: number; day: string; result: unknown }, sectionId: number, day: string): TakeAttendanceResult {
  if (earlier.section_id !== sectionId || earlier.day !== day) {
    throw new Problem(409, 'idempotency-key-reused', 'This save was already used for another class or day', 'Reload the page and save again; nothing was changed.');
  }
  const result = (typeof earlier.result === 'string' ? JSON.parse(earlier.result) : earlier.result) as Omit<TakeAttendanceResult, 'stored' | 'replayed' | 'takingId'>;
  return { stored: true, replayed: true, takingId: earlier.id, ...result };
}
