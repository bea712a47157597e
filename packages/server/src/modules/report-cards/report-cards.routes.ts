import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { job as jobAnswer, queuedJob } from '@homeroom/core/api/accounts';
import { reportCard, startReportCardBatchInput } from '@homeroom/core/api/report-cards';
import { preferredMediaType } from '../../http/negotiate.ts';
import { notAcceptable } from '../../http/problem.ts';
import { route } from '../../http/route.ts';
import { REPORT_CARD_PRINTERS, REPORT_CARD_READERS, reportCardBatchFile, resumeReportCardBatch, startReportCardBatch, viewReportCardBatch } from './report-card-batch.ts';
import { viewReportCard } from './view-report-card.ts';

const READERS = ['district-admin', 'school-admin', 'counselor', 'teacher', 'student', 'guardian'] as const;
const FORMS = ['application/json', 'application/pdf'] as const;
const jobParams = z.strictObject({ jobId: z.coerce.number().int().positive() });
const queued = (job: { id: number; status: string }): z.input<typeof queuedJob> => ({ jobId: job.id, status: job.status, url: `/api/jobs/report-card-batches/${job.id}` });

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
  route({
    method: 'POST',
    url: '/api/jobs/report-card-batches',
    operationId: 'startReportCardBatch',
    summary: "Print the report card of every student enrolled at a school in a grading period (or of one grade, or one section) into a zip (a background job)",
    tag: 'marks',
    access: { kind: 'signed-in', roles: REPORT_CARD_PRINTERS },
    body: startReportCardBatchInput,
    example: { body: { schoolId: 1, gradingPeriodId: 1, grade: 9 } },
    response: { status: 202, description: 'The job, queued; follow it at /api/jobs/report-card-batches/{jobId}', schema: queuedJob },
    async handler({ db, actor, origin, body, reply }) {
      const { job, finished } = await startReportCardBatch(db, actor, origin, body);
      void finished.catch(() => undefined);
      return reply.code(202).send(queued(job));
    },
  }),
  route({
    method: 'GET',
    url: '/api/jobs/report-card-batches/:jobId',
    operationId: 'viewReportCardBatch',
    summary: "A report-card batch's status, progress and outcome, for the staff of its school",
    tag: 'marks',
    access: { kind: 'signed-in', roles: REPORT_CARD_READERS },
    params: jobParams,
    response: { description: 'The job', schema: jobAnswer },
    handler: ({ db, actor, params }) => viewReportCardBatch(db, actor, params.jobId),
  }),
  route({
    method: 'POST',
    url: '/api/jobs/report-card-batches/:jobId/resume',
    operationId: 'resumeReportCardBatch',
    summary: 'Run a failed or abandoned report-card batch again; the students it already finished are not printed again',
    tag: 'marks',
    access: { kind: 'signed-in', roles: REPORT_CARD_PRINTERS },
    params: jobParams,
    response: { status: 202, description: 'The job, running again; follow it at /api/jobs/report-card-batches/{jobId}', schema: queuedJob },
    async handler({ db, actor, origin, params, reply }) {
      const { job, finished } = await resumeReportCardBatch(db, actor, origin, params.jobId);
      void finished.catch(() => undefined);
      return reply.code(202).send(queued(job));
    },
  }),
  route({
    method: 'GET',
    url: '/api/jobs/report-card-batches/:jobId/report-cards.zip',
    operationId: 'downloadReportCardBatch',
    summary: "A finished report-card batch's zip: one report card PDF per student",
    tag: 'marks',
    access: { kind: 'signed-in', roles: REPORT_CARD_READERS },
    params: jobParams,
    response: { description: 'A zip of PDF files, one per student, named by student ID and name' },
    async handler({ db, actor, origin, params, reply }) {
      const file = await reportCardBatchFile(db, actor, origin, params.jobId);
      return reply.type('application/zip').header('content-disposition', `attachment; filename="report-cards-${params.jobId}.zip"`).header('cache-control', 'no-store').send(createReadStream(file));
    },
  }),
];
