import { z } from 'zod';
import { writeAudit } from '../audit/audit.ts';
import { notFound } from '../http/problem.ts';
import { route } from '../http/route.ts';
import { recomputeDistrictAudits } from '../modules/graduation/recompute-audits.ts';
import { recomputeDistrictGpas } from '../modules/transcripts/recompute-gpas.ts';
import { createJob, findJob, runJob } from './jobs.ts';

export const jobRoutes = [
  route({
    method: 'POST',
    url: '/api/jobs/gpa-recompute',
    summary: "Recompute every secondary student's GPAs and credits (a background job)",
    tag: 'jobs',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    response: { status: 202, description: 'The job, queued; follow it at /api/jobs/{jobId}' },
    async handler({ db, actor, origin, reply }) {
      const job = await db.transaction().execute(async (trx) => {
        const created = await createJob(trx, { districtId: actor.districtId, kind: 'gpa-recompute', requestedBy: actor.userId });
        await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: created.id, details: { kind: 'gpa-recompute' } });
        return created;
      });
      void runJob(db, actor.districtId, job.id, async (progress) => ({ ...(await recomputeDistrictGpas(db, actor.districtId, { onProgress: (done, total) => progress(total ? done / total : 1) })) })).catch(() => undefined);
      return reply.code(202).send({ jobId: job.id, status: job.status, url: `/api/jobs/${job.id}` });
    },
  }),
  route({
    method: 'POST',
    url: '/api/jobs/audit-recompute',
    summary: 'Audit every secondary student against the requirement set of their cohort (a background job)',
    tag: 'jobs',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    response: { status: 202, description: 'The job, queued; follow it at /api/jobs/{jobId}' },
    async handler({ db, actor, origin, reply }) {
      const job = await db.transaction().execute(async (trx) => {
        const created = await createJob(trx, { districtId: actor.districtId, kind: 'audit-recompute', requestedBy: actor.userId });
        await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: created.id, details: { kind: 'audit-recompute' } });
        return created;
      });
      void runJob(db, actor.districtId, job.id, async (progress) => ({ ...(await recomputeDistrictAudits(db, actor.districtId, { onProgress: (done, total) => progress(total ? done / total : 1) })) })).catch(() => undefined);
      return reply.code(202).send({ jobId: job.id, status: job.status, url: `/api/jobs/${job.id}` });
    },
  }),
  route({
    method: 'GET',
    url: '/api/jobs/:jobId',
    summary: "A background job's status, progress and outcome",
    tag: 'jobs',
    access: { kind: 'signed-in', roles: ['district-admin'] },
    params: z.strictObject({ jobId: z.coerce.number().int().positive() }),
    response: { description: 'The job' },
    async handler({ db, actor, params }) {
      const job = await findJob(db, actor.districtId, params.jobId);
      if (!job) throw notFound('This job');
      return job;
    },
  }),
];
