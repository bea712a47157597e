import type { Kysely } from 'kysely';
import { z } from 'zod';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSection } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound, Problem } from '../../http/problem.ts';
import { schoolText } from '../../http/text.ts';
import { MARKS } from '../transcripts/correct-transcript-entry.ts';
import { findGradingPeriod, insertMarks, postedStudents, sectionMarks } from './marks.repository.ts';

export const MARK_ENTRY_ROLES = ['teacher', 'school-admin', 'district-admin'] as const;

export const enterMarksInput = z.strictObject({
  marks: z
    .array(
      z.strictObject({
        studentId: z.number().int().positive(),
        mark: z.enum(MARKS),
        comment: schoolText(500).nullable().optional(),
        workHabits: z.enum(['E', 'S', 'U']).nullable().optional(),
        cooperation: z.enum(['E', 'S', 'U']).nullable().optional(),
      }),
    )
    .min(1)
    .max(300),
  reason: schoolText(500, 3).optional(),
});

/**
 * A teacher enters the marks of a grading period for a section. Marks are appended: a changed
 * mark is a new row that supersedes the last, with the reason; after the marks were due a reason
 * is required, and a final mark already posted to the transcript is corrected there instead.
 */
export async function enterMarks(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, sectionId: number, gradingPeriodId: number, input: z.output<typeof enterMarksInput>, today: string) {
  return db.transaction().execute(async (trx) => {
    await requireSection(trx, actor, sectionId, MARK_ENTRY_ROLES);
    const period = await findGradingPeriod(trx, actor.districtId, gradingPeriodId);
    if (!period) throw notFound('This grading period');
    const roster = new Map((await sectionMarks(trx, actor.districtId, sectionId, period)).map((r) => [r.student_id, r]));
    const seen = new Set<number>();
    const problems: Array<{ field: string; message: string }> = [];
    input.marks.forEach((m, i) => {
      if (!roster.has(m.studentId)) problems.push({ field: `body.marks.${i}.studentId`, message: `student ${m.studentId} is not in this section during ${period.name}` });
      if (seen.has(m.studentId)) problems.push({ field: `body.marks.${i}.studentId`, message: `student ${m.studentId} is listed twice` });
      seen.add(m.studentId);
    });
    const posted = period.is_final ? await postedStudents(trx, actor.districtId, sectionId, period) : new Set<number>();
    input.marks.forEach((m, i) => {
      if (posted.has(m.studentId) && roster.get(m.studentId)?.mark !== m.mark) {
        problems.push({ field: `body.marks.${i}.mark`, message: `the final mark of student ${m.studentId} is already on the transcript: a counselor corrects it there` });
      }
    });
    if (problems.length) throw new Problem(400, 'validation-failed', 'Some marks cannot be saved', `${problems.map((p) => p.message).join('; ')}. Nothing was saved.`, { errors: problems });
    const late = period.marks_due !== null && today > period.marks_due;
    let entered = 0;
    let changed = 0;
    const rows = [];
    for (const m of input.marks) {
      const current = roster.get(m.studentId)!;
      const same = current.mark === m.mark && (current.comment ?? null) === (m.comment ?? null) && (current.work_habits ?? null) === (m.workHabits ?? null) && (current.cooperation ?? null) === (m.cooperation ?? null);
      if (same) continue;
      if (current.mark_id !== null && late && !input.reason) {
        throw new Problem(400, 'reason-required', 'Say why the mark changes', `Marks for ${period.name} were due ${period.marks_due}: a change after that needs a reason. Nothing was saved.`);
      }
      if (current.mark_id === null) entered++;
      else changed++;
      rows.push({
        district_id: actor.districtId, student_id: m.studentId, section_id: sectionId, grading_period_id: period.id, mark: m.mark, comment: m.comment ?? null,
        work_habits: m.workHabits ?? null, cooperation: m.cooperation ?? null, supersedes_id: current.mark_id,
        reason: current.mark_id === null ? null : (input.reason ?? 'changed before the marks were due'), entered_by: actor.userId,
      });
    }
    await insertMarks(trx, rows);
    await writeAuditForStudents(trx, actor, origin, { action: 'update', entity: 'mark', entityId: `${sectionId}/${period.id}`, reason: input.reason ?? null }, rows.map((r) => r.student_id));
    return { gradingPeriod: period.code, entered, changed, unchanged: input.marks.length - rows.length };
  });
}
