import { z } from 'zod';
import { reportCard } from '@homeroom/core/api/report-cards';
import { preferredMediaType } from '../../http/negotiate.ts';
import { notAcceptable } from '../../http/problem.ts';
import { route } from '../../http/route.ts';
import { viewReportCard } from './view-report-card.ts';

const READERS = ['district-admin', 'school-admin', 'counselor', 'teacher', 'student', 'guardian'] as const;
const FORMS = ['application/json', 'application/pdf'] as const;

export const reportCardRoutes = [
  route({
    method: 'GET',
    url: '/api/students/:studentId/report-cards/:gradingPeriodId',
    operationId: 'viewReportCard',
    summary: "A student's report card for a grading period: each section's mark, teacher, absences, tardies and comment; with `Accept: application/pdf`, as a PDF",
    tag: 'marks',
    access: { kind: 'signed-in', roles: READERS },
    params: z.strictObject({ studentId: z.coerce.number().int().positive(), gradingPeriodId: z.coerce.number().int().positive() }),
    response: { description: 'The report card', schema: reportCard, alternatives: [{ mediaType: 'application/pdf', description: 'The report card (tagged PDF)' }] },
    async handler({ db, actor, origin, params, request, reply }) {
      const form = preferredMediaType(request.headers.accept, [...FORMS]);
      if (form === null) throw notAcceptable(FORMS);
      if (form === 'application/json') return (await viewReportCard(db, actor, origin, params.studentId, params.gradingPeriodId, 'json')) as z.input<typeof reportCard>;
      const pdf = await viewReportCard(db, actor, origin, params.studentId, params.gradingPeriodId, 'pdf');
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="report-card-${params.studentId}-${params.gradingPeriodId}.pdf"`).header('vary', 'Accept').send(pdf);
    },
  }),
];
