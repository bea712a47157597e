import { z } from 'zod';
import { requiredIfMatch } from '../../http/etag.ts';
import { committedMasterBuild, discardedRun, lockedSection, masterBuild, masterScheduleGrid as gridAnswer, queuedRun, sectionMove } from '@homeroom/core/api/scheduling';
import { route } from '../../http/route.ts';
import { RUN_ROLES } from './commit-scheduling-run.ts';
import { lockSection } from './lock-section.ts';
import { commitMasterBuild, discardMasterBuild, masterBuildFor, type MasterBuildSummary } from './master-builds.ts';
import { viewMasterScheduleGrid } from './view-school-schedules.ts';
import { moveSection, moveSectionInput } from './move-section.ts';
import { queueSchedulingRun } from './scheduling-runs.ts';

const schoolParams = z.strictObject({ schoolId: z.coerce.number().int().positive() });
const sectionParams = z.strictObject({ sectionId: z.coerce.number().int().positive() });
const runParams = z.strictObject({ runId: z.coerce.number().int().positive() });
const schoolYear = z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2027-28');
const VIEWERS = [...RUN_ROLES, 'counselor'] as const;

function describeBuild(run: { id: number; school_id: number; status: string; progress: number; seed: number; time_limit_seconds: number | null; summary: unknown; error: string | null; requested_at: Date; finished_at: Date | null; committed_at: Date | null }) {
  // The fingerprint is the commit's check, not a figure for people.
  const { fingerprint: _fingerprint, ...summary } = (run.summary ?? {}) as MasterBuildSummary;
  return { id: run.id, schoolId: run.school_id, status: run.status, progress: run.progress, seed: run.seed, timeLimitSeconds: run.time_limit_seconds, summary: run.summary ? summary : null, error: run.error, requestedAt: run.requested_at.toISOString(), finishedAt: run.finished_at?.toISOString() ?? null, committedAt: run.committed_at?.toISOString() ?? null };
}

export const masterScheduleRoutes = [
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/master-schedule',
    operationId: 'viewMasterSchedule',
    summary: "The master-schedule grid: periods by teachers and by rooms, each section's fill, lock and program, the checks on the sections they concern, and sections still missing a period, teacher or room",
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: VIEWERS },
    params: schoolParams,
    query: z.strictObject({ schoolYear: schoolYear.optional() }),
    response: { description: 'The grid', schema: gridAnswer },
    async handler({ db, actor, params, query }) {
      return viewMasterScheduleGrid(db, actor, params.schoolId, query.schoolYear);
    },
  }),
  route({
    method: 'POST',
    url: '/api/master-schedule/sections/:sectionId/move',
    operationId: 'moveSection',
    summary: 'Move a section to another period, term, teacher or room: dryRun shows the clashes; a save (If-Match) re-checks, refuses a broken rule and is audited',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: sectionParams,
    body: moveSectionInput,
    example: { body: { period: 'P1', dryRun: true } },
    response: { description: 'The move, its clashes, and whether it was saved', schema: sectionMove },
    handler: ({ db, actor, origin, params, body, request }) => moveSection(db, actor, origin, params.sectionId, body, body.dryRun ? null : requiredIfMatch(request)),
  }),
  route({
    method: 'POST',
    url: '/api/master-schedule/sections/:sectionId/lock',
    operationId: 'lockSection',
    summary: 'Lock a section where it is (builds keep it) or unlock it (If-Match; audited)',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: sectionParams,
    body: z.strictObject({ locked: z.boolean() }),
    example: { body: { locked: true }, headers: { 'if-match': '"1"' } },
    response: { description: 'The section, locked or not, and its new version', schema: lockedSection },
    handler: ({ db, actor, origin, params, body, request }) => lockSection(db, actor, origin, params.sectionId, body.locked, requiredIfMatch(request)),
  }),
  route({
    method: 'POST',
    url: '/api/schools/:schoolId/master-schedule/builds',
    operationId: 'startMasterBuild',
    summary: "Build the school's master schedule for a year (a background job ending in a preview)",
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: schoolParams,
    body: z.strictObject({ schoolYear: schoolYear.optional(), seed: z.number().int().min(1).max(2 ** 31 - 1).default(1), timeLimitSeconds: z.number().int().min(2).max(600).default(20), keepTeachers: z.boolean().default(false) }),
    example: { body: { timeLimitSeconds: 2 } },
    response: { status: 202, description: 'The build, started; follow it at /api/master-builds/{runId}', schema: queuedRun },
    async handler({ db, jobs, actor, origin, params, body, reply }) {
      const run = await queueSchedulingRun(db, jobs, actor, origin, { schoolId: params.schoolId, schoolYear: body.schoolYear, kind: 'master', seed: body.seed, timeLimitSeconds: body.timeLimitSeconds, keepTeachers: body.keepTeachers });
      const queued: z.input<typeof queuedRun> = { runId: run.id, status: 'queued', url: `/api/master-builds/${run.id}` };
      return reply.code(202).send(queued);
    },
  }),
  route({
    method: 'GET',
    url: '/api/master-builds/:runId',
    operationId: 'viewMasterBuild',
    summary: 'A master-schedule build: progress, and in preview the student scheduler on the proposal against the schedule as it stands, and what moves',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: VIEWERS },
    params: runParams,
    response: { description: 'The build and its preview', schema: masterBuild },
    async handler({ db, actor, params }) {
      return describeBuild(await masterBuildFor(db, actor, params.runId, VIEWERS));
    },
  }),
  route({
    method: 'POST',
    url: '/api/master-builds/:runId/commit',
    operationId: 'commitMasterBuild',
    summary: "Make a previewed build the school's master schedule, atomically; refused when the master schedule changed since it started",
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: runParams,
    response: { description: 'What changed', schema: committedMasterBuild },
    handler: ({ db, actor, origin, params }) => commitMasterBuild(db, actor, origin, params.runId),
  }),
  route({
    method: 'POST',
    url: '/api/master-builds/:runId/discard',
    operationId: 'discardMasterBuild',
    summary: 'Discard a build: nothing changes',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: runParams,
    response: { description: 'The build, discarded', schema: discardedRun },
    handler: ({ db, actor, params }) => discardMasterBuild(db, actor, params.runId),
  }),
];
