// The OneRoster CSV export through the server: a background job on the job queue that writes the
// package under the documents folder, and the download of the finished zip.
import { createReadStream } from 'node:fs';
import { queuedJob } from '@homeroom/core/api/accounts';
import { z } from 'zod';
import { route } from '../../http/route.ts';
import { downloadOneRosterExport } from './download-oneroster-export.ts';
import { startOneRosterExport, startOneRosterExportInput } from './start-oneroster-export.ts';

export const oneRosterExportRoutes = [
  route({
    method: 'POST',
    url: '/api/oneroster-exports',
    operationId: 'startOneRosterExport',
    summary: 'Export the district as a OneRoster 1.2 CSV package (a background job; the current school year unless one is named)',
    tag: 'jobs',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    body: startOneRosterExportInput,
    example: { body: {} },
    response: { status: 202, description: 'The job, queued; follow it at /api/jobs/{jobId}, then download /api/oneroster-exports/{jobId}/oneroster.zip', schema: queuedJob },
    async handler({ db, jobs, actor, origin, body, reply }) {
      const job = await startOneRosterExport(db, jobs, actor, origin, body);
      const queued: z.input<typeof queuedJob> = { jobId: job.id, status: job.status, url: `/api/jobs/${job.id}` };
      return reply.code(202).send(queued);
    },
  }),
  route({
    method: 'GET',
    url: '/api/oneroster-exports/:jobId/oneroster.zip',
    operationId: 'downloadOneRosterExport',
    summary: "A finished OneRoster export's package: manifest.csv and the data files of the CSV binding 1.2.1, zipped",
    tag: 'jobs',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: z.strictObject({ jobId: z.coerce.number().int().positive() }),
    response: { description: 'A zip: the OneRoster 1.2 bulk package (CSV binding 1.2.1) and homeroom-courses.csv' },
    async handler({ db, actor, origin, params, reply }) {
      const file = await downloadOneRosterExport(db, actor, origin, params.jobId);
      return reply.type('application/zip').header('content-disposition', `attachment; filename="oneroster-${params.jobId}.zip"`).header('cache-control', 'no-store').send(createReadStream(file));
    },
  }),
];
