import { z } from 'zod';
import { committedRun, copiedMasterSchedule, discardedRun, incompleteSchedules, masterScheduleChecks, placement, queuedRun, scheduleChange, scheduleReport, runComparison, schedulingRunPage, schedulingRunPreview } from '@homeroom/core/api/scheduling';
import { route } from '../../http/route.ts';
import { changeScheduleInput, changeStudentSchedule, SCHEDULE_CHANGE_ROLES } from './change-student-schedule.ts';
import { commitSchedulingRun, discardSchedulingRun, RUN_ROLES } from './commit-scheduling-run.ts';
import { compareSchedulingRuns } from './compare-scheduling-runs.ts';
import { checkMasterSchedule, listSchedulingRuns } from './view-school-schedules.ts';
import { copyMasterSchedule, copyMasterScheduleInput } from './copy-master-schedule.ts';
import { INCOMPLETE_SCHEDULE_VIEWERS, listIncompleteSchedules } from './incomplete-schedules.ts';
import { courseRuleOverride } from '../graduation/course-rules.ts';
import { placeStudent } from './place-student.ts';
import { queueSchedulingRun } from './scheduling-runs.ts';
import { viewScheduleReport } from './view-schedule-report.ts';
import { viewSchedulingRun } from './view-scheduling-run.ts';

const schoolParams = z.strictObject({ schoolId: z.coerce.number().int().positive() });
const runParams = z.strictObject({ runId: z.coerce.number().int().positive() });
const yearQuery = z.strictObject({ schoolYear: z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2026-27').optional() });
const VIEWERS = [...RUN_ROLES, 'counselor'] as const;

export const schedulingRoutes = [
  route({
    method: 'POST',
    url: '/api/schools/:schoolId/scheduling-runs',
    operationId: 'startSchedulingRun',
    summary: 'Start a student scheduling run for the school (a background job ending in a preview)',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: schoolParams,
    body: z.strictObject({ schoolYear: z.string().regex(/^\d{4}-\d{2}$/).optional(), seed: z.number().int().min(1).max(2 ** 31 - 1).default(1), timeLimitSeconds: z.number().int().min(1).max(600).default(30) }),
    example: { body: { timeLimitSeconds: 5 } },
    response: { status: 202, description: 'The run, started; follow it at /api/scheduling-runs/{runId}', schema: queuedRun },
    async handler({ db, jobs, actor, origin, params, body, reply }) {
      const run = await queueSchedulingRun(db, jobs, actor, origin, { schoolId: params.schoolId, schoolYear: body.schoolYear, kind: 'students', seed: body.seed, timeLimitSeconds: body.timeLimitSeconds });
      const queued: z.input<typeof queuedRun> = { runId: run.id, status: 'queued', url: `/api/scheduling-runs/${run.id}` };
      return reply.code(202).send(queued);
    },
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/scheduling-runs',
    operationId: 'listSchedulingRuns',
    summary: "The school's scheduling runs, newest first, with their figures",
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: VIEWERS },
    params: schoolParams,
    query: z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20), offset: z.coerce.number().int().min(0).default(0) }),
    response: { description: 'A page of runs', schema: schedulingRunPage },
    reads: 'replica',
    async handler({ db, actor, params, query }) {
      return listSchedulingRuns(db, actor, params.schoolId, query);
    },
  }),
  route({
    method: 'GET',
    url: '/api/scheduling-runs/:runId',
    operationId: 'viewSchedulingRun',
    summary: 'A scheduling run: progress, and in preview what would change and who is left without a complete schedule, and why',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: VIEWERS },
    params: runParams,
    query: z.strictObject({ unmetLimit: z.coerce.number().int().min(0).max(5000).default(200) }),
    response: { description: 'The run and its preview', schema: schedulingRunPreview },
    handler: ({ db, actor, origin, params, query }) => viewSchedulingRun(db, actor, origin, params.runId, { unmetLimit: query.unmetLimit, roles: VIEWERS }),
  }),
  route({
    method: 'POST',
    url: '/api/scheduling-runs/:runId/commit',
    operationId: 'commitSchedulingRun',
    summary: "Make a previewed run the school's schedules, atomically",
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: runParams,
    response: { description: 'What changed', schema: committedRun },
    handler: ({ db, actor, origin, params }) => commitSchedulingRun(db, actor, origin, params.runId),
  }),
  route({
    method: 'POST',
    url: '/api/scheduling-runs/:runId/discard',
    operationId: 'discardSchedulingRun',
    summary: 'Discard a run: nothing changes',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: runParams,
    response: { description: 'The run, discarded', schema: discardedRun },
    handler: ({ db, actor, params }) => discardSchedulingRun(db, actor, params.runId),
  }),
  route({
    method: 'GET',
    url: '/api/scheduling-runs/:runId/compare/:otherRunId',
    operationId: 'compareSchedulingRuns',
    summary: 'Compare two runs of a school: their figures side by side and how many students differ',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: VIEWERS },
    params: runParams.extend({ otherRunId: z.coerce.number().int().positive() }),
    response: { description: 'The comparison', schema: runComparison },
    async handler({ db, actor, params }) {
      return compareSchedulingRuns(db, actor, params.runId, params.otherRunId);
    },
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/schedule-report',
    operationId: 'viewScheduleReport',
    summary: 'Students without a (complete) schedule, unmet required requests, section fill — as schedules stand now',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: VIEWERS },
    params: schoolParams,
    query: yearQuery,
    response: { description: 'The report', schema: scheduleReport },
    handler: ({ db, actor, origin, params, query }) => viewScheduleReport(db, actor, origin, params.schoolId, { schoolYear: query.schoolYear, roles: VIEWERS }),
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/incomplete-schedules',
    operationId: 'listIncompleteSchedules',
    summary: 'Students without a complete schedule (no class at all first), with the required courses still missing: the counselor worklist',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: INCOMPLETE_SCHEDULE_VIEWERS },
    params: schoolParams,
    query: yearQuery,
    response: { description: 'The students, each with their requests met and required courses missing', schema: incompleteSchedules },
    reads: 'replica',
    handler: ({ db, primary, actor, origin, params, query }) => listIncompleteSchedules(db, primary, actor, origin, params.schoolId, query.schoolYear),
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/master-schedule/checks',
    operationId: 'checkMasterSchedule',
    summary: 'Checks of the master schedule before a run: singleton clashes, all AP (or EL core) in one period, more requests than seats',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: VIEWERS },
    params: schoolParams,
    query: yearQuery,
    response: { description: 'Warnings with figures', schema: masterScheduleChecks },
    async handler({ db, actor, params, query }) {
      return checkMasterSchedule(db, actor, params.schoolId, query.schoolYear);
    },
  }),
  route({
    method: 'POST',
    url: '/api/schools/:schoolId/master-schedule/copy',
    operationId: 'copyMasterSchedule',
    summary: "Start next year's master schedule from this year's sections, periods, teachers and rooms",
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: RUN_ROLES },
    params: schoolParams,
    body: copyMasterScheduleInput,
    example: { body: { fromYear: '2026-27', toYear: '2027-28' } },
    response: { status: 201, description: 'How many sections were copied', schema: copiedMasterSchedule },
    handler: ({ db, actor, origin, params, body }) => copyMasterSchedule(db, actor, origin, params.schoolId, body),
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/schedule-changes',
    operationId: 'changeStudentSchedule',
    summary: "Drop/add for one student: dryRun shows clashes and seats; a save takes the seat inside the transaction",
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: SCHEDULE_CHANGE_ROLES },
    params: z.strictObject({ studentId: z.coerce.number().int().positive() }),
    body: changeScheduleInput,
    example: { body: { add: [1], reason: 'needs Economics to graduate', dryRun: true } },
    response: { description: 'The change, its clashes and seats, and whether it was saved', schema: scheduleChange },
    handler: ({ db, actor, origin, params, body }) => changeStudentSchedule(db, actor, origin, params.studentId, body),
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/placement',
    operationId: 'placeStudent',
    summary: 'Place one student (a walk-in) into open seats by their requests, moving nobody else',
    tag: 'scheduling',
    access: { kind: 'signed-in', roles: SCHEDULE_CHANGE_ROLES },
    params: z.strictObject({ studentId: z.coerce.number().int().positive() }),
    body: z.strictObject({ dryRun: z.boolean().default(false), override: courseRuleOverride.optional() }),
    example: { body: { dryRun: true } },
    response: { description: 'The sections placed, the requests left unmet with reasons, and what the course rules refused (a course passed, a prerequisite not met)', schema: placement },
    handler: ({ db, actor, origin, params, body }) => placeStudent(db, actor, origin, params.studentId, body),
  }),
];
