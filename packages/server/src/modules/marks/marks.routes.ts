import { z } from 'zod';
import { writeAuditForStudents } from '../../audit/audit.ts';
import { requireSection } from '../../auth/access.ts';
import { notFound } from '../../http/problem.ts';
import { enteredMarks, postedMarks, sectionMarks as sectionMarksAnswer } from '@homeroom/core/api/marks';
import { route } from '../../http/route.ts';
import { enterMarks, enterMarksInput, MARK_ENTRY_ROLES } from './enter-marks.ts';
import { findGradingPeriod, sectionMarks } from './marks.repository.ts';
import { postFinalMarks } from './post-final-marks.ts';

const params = z.strictObject({ sectionId: z.coerce.number().int().positive(), gradingPeriodId: z.coerce.number().int().positive() });

export const markRoutes = [
  route({
    method: 'GET',
    url: '/api/sections/:sectionId/marks/:gradingPeriodId',
    operationId: 'viewSectionMarks',
    summary: "A section's roster for a grading period with each student's mark",
    tag: 'marks',
    access: { kind: 'signed-in', roles: [...MARK_ENTRY_ROLES, 'counselor'] },
    params,
    response: { description: 'The roster with marks', schema: sectionMarksAnswer },
    async handler({ db, actor, origin, params }) {
      return db.transaction().execute(async (trx) => {
        const section = await requireSection(trx, actor, params.sectionId, [...MARK_ENTRY_ROLES, 'counselor']);
        const period = await findGradingPeriod(trx, actor.districtId, params.gradingPeriodId);
        if (!period) throw notFound('This grading period');
        const rows = await sectionMarks(trx, actor.districtId, params.sectionId, period);
        await writeAuditForStudents(trx, actor, origin, { action: 'read', entity: 'mark', entityId: `${section.id}/${period.id}` }, rows.map((r) => r.student_id));
        return {
          section: { id: section.id, code: section.code },
          gradingPeriod: { id: period.id, code: period.code, name: period.name, final: period.is_final, due: period.marks_due, term: `${period.school_year} ${period.term}` },
          students: rows
            .sort((a, b) => a.last_name.localeCompare(b.last_name) || a.first_name.localeCompare(b.first_name))
            .map((r) => ({ studentId: r.student_id, localId: r.local_id, name: { first: r.first_name, last: r.last_name }, mark: r.mark, comment: r.comment, workHabits: r.work_habits, cooperation: r.cooperation, enteredAt: r.entered_at?.toISOString() ?? null, left: r.end_date })),
        };
      });
    },
  }),
  route({
    method: 'PUT',
    url: '/api/sections/:sectionId/marks/:gradingPeriodId',
    operationId: 'enterMarks',
    summary: 'Enter or change marks for a grading period (appended; changes after the due date need a reason)',
    tag: 'marks',
    access: { kind: 'signed-in', roles: MARK_ENTRY_ROLES },
    params,
    body: enterMarksInput,
    example: { body: { marks: [{ studentId: 1, mark: 'B' }] } },
    response: { description: 'How many marks were entered and changed', schema: enteredMarks },
    handler: ({ db, actor, origin, params, body }) => enterMarks(db, actor, origin, params.sectionId, params.gradingPeriodId, body, actor.today),
  }),
  route({
    method: 'POST',
    url: '/api/sections/:sectionId/marks/:gradingPeriodId/post',
    operationId: 'postFinalMarks',
    summary: "Post a section's final marks to the transcript",
    tag: 'marks',
    access: { kind: 'signed-in', roles: MARK_ENTRY_ROLES },
    params,
    response: { description: 'How many were posted, and who has no mark yet', schema: postedMarks },
    handler: ({ db, actor, origin, params }) => postFinalMarks(db, actor, origin, params.sectionId, params.gradingPeriodId),
  }),
];
