import { z } from 'zod';
import { enteredMarks, postedMarks, sectionMarks as sectionMarksAnswer } from '@homeroom/core/api/marks';
import { route } from '../../http/route.ts';
import { enterMarks, enterMarksInput, MARK_ENTRY_ROLES } from './enter-marks.ts';
import { postFinalMarks } from './post-final-marks.ts';
import { MARK_READERS, viewSectionMarks } from './view-section-marks.ts';

const params = z.strictObject({ sectionId: z.coerce.number().int().positive(), gradingPeriodId: z.coerce.number().int().positive() });

export const markRoutes = [
  route({
    method: 'GET',
    url: '/api/sections/:sectionId/marks/:gradingPeriodId',
    operationId: 'viewSectionMarks',
    summary: "A section's roster for a grading period with each student's mark",
    tag: 'marks',
    access: { kind: 'signed-in', roles: MARK_READERS },
    params,
    response: { description: 'The roster with marks', schema: sectionMarksAnswer },
    async handler({ db, actor, origin, params }) {
      return viewSectionMarks(db, actor, origin, params.sectionId, params.gradingPeriodId);
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
