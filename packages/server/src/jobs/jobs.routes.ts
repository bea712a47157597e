import { notFound } from '../http/problem.ts';
import { route } from '../http/route.ts';
import { job as jobAnswer, queuedJob } from '@homeroom/core/api/accounts';
import { z } from 'zod';
import { findJob } from './jobs.ts';
import { startDistrictRecompute } from './start-district-recompute.ts';

/** A district-wide recompute started as a background job: created and audited together, then run. */
function districtRecomputeRoute(kind: 'gpa-recompute' | 'audit-recompute', operationId: string, summary: string) {
  return route({
    method: 'POST',
    url: `/api/jobs/${kind}`,
    operationId,
    summary,
    tag: 'jobs',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    response: { status: 202, description: 'The job, queued; follow it at /api/jobs/{jobId}', schema: queuedJob },
    async handler({ db, jobs, actor, origin, reply }) {
      const { job, background } = await startDistrictRecompute(db, jobs, actor, origin, kind);
      jobs.started(background);
      const queued: z.input<typeof queuedJob> = { jobId: job.id, status: job.status, url: `/api/jobs/${job.id}` };
      return reply.code(202).send(queued);
    },
  });
}

export const jobRoutes = [
  districtRecomputeRoute('gpa-recompute', 'startGpaRecompute', "Recompute every secondary student's GPAs and credits (a background job)"),
  districtRecomputeRoute('audit-recompute', 'startAuditRecompute', 'Audit every secondary student against the requirement set of their cohort (a background job)'),
  route({
    method: 'GET',
    url: '/api/jobs/:jobId',
    operationId: 'viewJob',
    summary: "A background job's status, progress and outcome",
    tag: 'jobs',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: z.strictObject({ jobId: z.coerce.number().int().positive() }),
    response: { description: 'The job', schema: jobAnswer },
    async handler({ db, actor, params }) {
      const job = await findJob(db, actor.districtId, params.jobId);
      if (!job) throw notFound('This job');
      // The instants as JSON writes them, said so for the type-check.
      return { ...job, requested_at: job.requested_at.toISOString(), started_at: job.started_at?.toISOString() ?? null, finished_at: job.finished_at?.toISOString() ?? null };
    },
  }),
];
