// The district import through the server (start-district-import.ts): the package is the request
// body, the import a background job whose result is the report, read at /api/jobs/{jobId}.
import { Readable } from 'node:stream';
import { queuedJob } from '@homeroom/core/api/accounts';
import { z } from 'zod';
import { Problem } from '../../http/problem.ts';
import { route } from '../../http/route.ts';
import { startDistrictImport } from './start-district-import.ts';

export const districtImportRoutes = [
  route({
    method: 'POST',
    url: '/api/district-imports',
    operationId: 'startDistrictImport',
    summary: 'Import the district from a OneRoster 1.2 package (a zip as the body; a background job whose result is the import report)',
    tag: 'jobs',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    query: z.strictObject({ dryRun: z.enum(['true', 'false']).optional() }),
    response: { status: 202, description: 'The import job, queued; follow it and read its report at /api/jobs/{jobId}', schema: queuedJob },
    async handler({ db, actor, origin, query, request, reply }) {
      if (!(request.body instanceof Readable)) {
        throw new Problem(400, 'package-required', 'Package required', 'Send the district package (a .zip) as the request body, with Content-Type application/zip.');
      }
      const job = await startDistrictImport(db, actor, origin, request.body, query.dryRun === 'true');
      const queued: z.input<typeof queuedJob> = { jobId: job.id, status: job.status, url: `/api/jobs/${job.id}` };
      return reply.code(202).send(queued);
    },
  }),
];
