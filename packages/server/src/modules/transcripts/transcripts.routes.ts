import { createReadStream } from 'node:fs';
import { z } from 'zod';
import { queuedJob } from '@homeroom/core/api/accounts';
import { addedTranscriptEntry, correctedTranscriptEntry, transcript, transcriptDocuments } from '@homeroom/core/api/transcripts';
import { preferredMediaType } from '../../http/negotiate.ts';
import { notAcceptable } from '../../http/problem.ts';
import { route } from '../../http/route.ts';
import { addTranscriptEntry, addTranscriptEntryInput } from './add-transcript-entry.ts';
import { correctTranscriptEntry, correctTranscriptEntryInput } from './correct-transcript-entry.ts';
import { downloadTranscriptDocument } from './download-transcript-document.ts';
import { resumeTranscriptBatch, startTranscriptBatch, startTranscriptBatchInput, transcriptBatchFile } from './transcript-batch.ts';
import { viewTranscript } from './view-transcript.ts';

const studentParams = z.strictObject({ studentId: z.coerce.number().int().positive() });
const jobParams = z.strictObject({ jobId: z.coerce.number().int().positive() });
const READERS = ['district-admin', 'school-admin', 'counselor', 'teacher', 'student', 'guardian'] as const;
const KEEPERS = ['district-admin', 'school-admin', 'counselor'] as const;

export const transcriptRoutes = [
  route({
    method: 'GET',
    url: '/api/students/:studentId/transcript',
    operationId: 'viewTranscript',
    summary: 'The transcript: every semester mark by year and term, every GPA with its explanation, class rank',
    tag: 'transcripts',
    access: { kind: 'signed-in', roles: READERS , tokenScopes: ['transcripts.read'] },
    params: studentParams,
    response: { description: 'The transcript with its GPAs', schema: transcript },
    handler: ({ db, actor, origin, params }) => viewTranscript(db, actor, origin, params.studentId),
  }),
  route({
    method: 'GET',
    url: '/api/students/:studentId/transcript/document',
    operationId: 'downloadTranscriptDocument',
    summary:
      'The transcript as a homeroom.transcript/v1 document with its homeroom.gpa/v1 figures (what `homeroom gpa` reads and prints); with `Accept: application/pdf`, the official transcript as a PDF',
    tag: 'transcripts',
    access: { kind: 'signed-in', roles: KEEPERS },
    params: studentParams,
    response: { description: 'The transcript document and the GPA document of the same engine', schema: transcriptDocuments, alternatives: [{ mediaType: 'application/pdf', description: 'The official transcript (tagged PDF)' }] },
    async handler({ db, actor, origin, params, request, reply }) {
      const form = preferredMediaType(request.headers.accept, ['application/json', 'application/pdf']);
      if (form === null) throw notAcceptable(['application/json', 'application/pdf']);
      if (form === 'application/json') return downloadTranscriptDocument(db, actor, origin, params.studentId, 'json');
      const pdf = await downloadTranscriptDocument(db, actor, origin, params.studentId, 'pdf');
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="transcript-${params.studentId}.pdf"`).header('vary', 'Accept').send(pdf);
    },
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/transcript-entries',
    operationId: 'addTranscriptEntry',
    summary: 'Enter a transfer, summer-school or historical mark into the transcript',
    tag: 'transcripts',
    access: { kind: 'signed-in', roles: KEEPERS },
    params: studentParams,
    body: addTranscriptEntryInput,
    example: {
      body: { source: 'transfer', courseCode: 'XFER-ENG9A', title: 'ENGLISH 9A', gradeLevel: 9, schoolYear: '2024-25', term: 'S1', mark: 'B', credits: 5, ag: 'b', subject: 'english', sourceSchoolName: 'Harbor View High (out of district)', reason: 'records from previous school' },
    },
    response: { status: 201, description: 'The new entry and the student GPA after it', schema: addedTranscriptEntry },
    handler: ({ db, actor, origin, params, body }) => addTranscriptEntry(db, actor, origin, params.studentId, body),
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/transcript-entries/:entryId/corrections',
    operationId: 'correctTranscriptEntry',
    summary: 'Correct a posted mark: a new entry supersedes it, with who, when and why',
    tag: 'transcripts',
    access: { kind: 'signed-in', roles: KEEPERS },
    params: studentParams.extend({ entryId: z.coerce.number().int().positive() }),
    body: correctTranscriptEntryInput,
    example: { body: { mark: 'B+', reason: 'teacher reported a calculation error in the final mark' } },
    response: { status: 201, description: 'The correcting entry and the student GPA after it', schema: correctedTranscriptEntry },
    handler: ({ db, actor, origin, params, body }) => correctTranscriptEntry(db, actor, origin, params.studentId, params.entryId, body),
  }),
  route({
    method: 'POST',
    url: '/api/jobs/transcript-batches',
    operationId: 'startTranscriptBatch',
    summary: "Print the official transcript of every student of a grade (seniors by default), district-wide or at one school, into a zip (a background job)",
    tag: 'transcripts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    body: startTranscriptBatchInput,
    example: { body: { grade: 12 } },
    response: { status: 202, description: 'The job, queued; follow it at /api/jobs/{jobId}', schema: queuedJob },
    async handler({ db, actor, origin, body, reply }) {
      const { job, finished } = await startTranscriptBatch(db, actor, origin, body);
      void finished.catch(() => undefined);
      const queued: z.input<typeof queuedJob> = { jobId: job.id, status: job.status, url: `/api/jobs/${job.id}` };
      return reply.code(202).send(queued);
    },
  }),
  route({
    method: 'POST',
    url: '/api/jobs/transcript-batches/:jobId/resume',
    operationId: 'resumeTranscriptBatch',
    summary: 'Run a failed or abandoned transcript batch again; the students it already finished are not printed again',
    tag: 'transcripts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: jobParams,
    response: { status: 202, description: 'The job, running again; follow it at /api/jobs/{jobId}', schema: queuedJob },
    async handler({ db, actor, origin, params, reply }) {
      const { job, finished } = await resumeTranscriptBatch(db, actor, origin, params.jobId);
      void finished.catch(() => undefined);
      const queued: z.input<typeof queuedJob> = { jobId: job.id, status: job.status, url: `/api/jobs/${job.id}` };
      return reply.code(202).send(queued);
    },
  }),
  route({
    method: 'GET',
    url: '/api/jobs/transcript-batches/:jobId/transcripts.zip',
    operationId: 'downloadTranscriptBatch',
    summary: "A finished transcript batch's zip: one official transcript PDF per student",
    tag: 'transcripts',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: jobParams,
    response: { description: 'A zip of PDF files, one per student, named by student ID and name' },
    async handler({ db, actor, origin, params, reply }) {
      const file = await transcriptBatchFile(db, actor, origin, params.jobId);
      return reply.type('application/zip').header('content-disposition', `attachment; filename="transcripts-${params.jobId}.zip"`).header('cache-control', 'no-store').send(createReadStream(file));
    },
  }),
];
