import type { Kysely } from 'kysely';
import { writeAuditForStudents, type RequestOrigin } from '../../audit/audit.repository.ts';
import { requireSection } from '../../auth/access.ts';
import type { Actor } from '../../auth/roles.ts';
import type { Database } from '../../db/schema.ts';
import { notFound } from '../../http/problem.ts';
import { MARK_ENTRY_ROLES } from './enter-marks.ts';
import { findGradingPeriod, sectionMarks } from './marks.repository.ts';

export const MARK_READERS = [...MARK_ENTRY_ROLES, 'counselor'] as const;

/** A section's roster for a grading period with each student's mark, by name; every student listed is an audited read. */
export async function viewSectionMarks(db: Kysely<Database>, actor: Actor, origin: RequestOrigin, sectionId: number, gradingPeriodId: number) {
  return db.transaction().execute(async (trx) => {
    const section = await requireSection(trx, actor, sectionId, MARK_READERS);
    const period = await findGradingPeriod(trx, actor.districtId, gradingPeriodId);
    if (!period) throw notFound('This grading period');
    const rows = await sectionMarks(trx, actor.districtId, sectionId, period);
    await writeAuditForStudents(trx, actor, origin, { action: 'read', entity: 'mark', entityId: `${section.id}/${period.id}` }, rows.map((r) => r.student_id));
    return {
      section: { id: section.id, code: section.code },
      gradingPeriod: { id: period.id, code: period.code, name: period.name, final: period.is_final, due: period.marks_due, term: `${period.school_year} ${period.term}` },
      students: rows
        .sort((a, b) => a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name))
        .map((r) => ({ studentId: r.student_id, localId: r.local_id, name: { first: r.first_name, last: r.last_name }, mark: r.mark, comment: r.comment, workHabits: r.work_habits, cooperation: r.cooperation, enteredAt: r.entered_at?.toISOString() ?? null, left: r.end_date })),
    };
  });
}
