import { z } from 'zod';
import { etagOf, requiredIfMatch } from '../../http/etag.ts';
import { changedCourseRequest, courseRequests, generatedRequests, graduationAudit, graduationList, startedJob } from '@homeroom/core/api/graduation';
import { route } from '../../http/route.ts';
import { changeCourseRequest, changeCourseRequestInput } from './change-course-request.ts';
import { listCourseRequests } from './list-course-requests.ts';
import { proposeCourseRequests } from './propose-course-requests.ts';
import { startSchoolCourseRequests } from './start-school-course-requests.ts';
import { viewGraduationAudit } from './view-graduation-audit.ts';
import { GRADUATION_LIST_KEEPERS, viewGraduationList } from './view-graduation-list.ts';

const studentParams = z.strictObject({ studentId: z.coerce.number().int().positive() });
const schoolParams = z.strictObject({ schoolId: z.coerce.number().int().positive() });
const READERS = ['district-admin', 'school-admin', 'counselor', 'teacher', 'student', 'guardian'] as const;
const KEEPERS = GRADUATION_LIST_KEEPERS;
const yearName = z.string().regex(/^\d{4}-\d{2}$/, 'must look like 2027-28');

export const graduationRoutes = [
  route({
    method: 'GET',
    url: '/api/students/:studentId/graduation-audit',
    operationId: 'viewGraduationAudit',
    summary: "The graduation audit: every requirement's diploma and A-G status, what is missing, on track or not",
    tag: 'graduation',
    access: { kind: 'signed-in', roles: READERS },
    params: studentParams,
    response: { description: 'The homeroom.audit/v1 document and its summary', schema: graduationAudit },
    async handler({ db, actor, origin, params }) {
      return viewGraduationAudit(db, actor, origin, params.studentId);
    },
  }),
  route({
    method: 'GET',
    url: '/api/students/:studentId/course-requests',
    operationId: 'listCourseRequests',
    summary: "A student's course requests for a school year (next year by default)",
    tag: 'graduation',
    access: { kind: 'signed-in', roles: READERS },
    params: studentParams,
    query: z.strictObject({ schoolYear: yearName.optional() }),
    response: { description: 'The requests, required first', schema: courseRequests },
    async handler({ db, actor, origin, params, query }) {
      return listCourseRequests(db, actor, origin, params.studentId, query.schoolYear);
    },
  }),
  route({
    method: 'POST',
    url: '/api/students/:studentId/course-requests/generate',
    operationId: 'generateCourseRequests',
    summary: "Propose a student's requests from the graduation audit (dryRun shows them; otherwise they replace earlier proposals)",
    tag: 'graduation',
    access: { kind: 'signed-in', roles: KEEPERS },
    params: studentParams,
    body: z.strictObject({ schoolYear: yearName.optional(), dryRun: z.boolean().default(false) }),
    example: { body: { dryRun: true } },
    response: { description: 'The proposed requests, with the reason for each', schema: generatedRequests },
    async handler({ db, actor, origin, params, body }) {
      return proposeCourseRequests(db, actor, origin, params.studentId, body);
    },
  }),
  route({
    method: 'PATCH',
    url: '/api/students/:studentId/course-requests/:requestId',
    operationId: 'changeCourseRequest',
    summary: 'A counselor changes a request: required, priority, alternates (If-Match required; audited). A course the student passed, or whose prerequisite is not met, needs an override with a reason',
    tag: 'graduation',
    access: { kind: 'signed-in', roles: KEEPERS },
    params: studentParams.extend({ requestId: z.coerce.number().int().positive() }),
    body: changeCourseRequestInput,
    example: { body: { priority: 2, reason: 'student prefers this over band' }, headers: { 'if-match': '"1"' } },
    response: { description: 'The new version, and the course rules overridden if any', schema: changedCourseRequest },
    async handler({ db, actor, origin, params, body, request, reply }) {
      const result = await changeCourseRequest(db, actor, origin, params.studentId, params.requestId, requiredIfMatch(request), body);
      reply.header('etag', etagOf(result.version));
      return result;
    },
  }),
  route({
    method: 'GET',
    url: '/api/schools/:schoolId/graduation-lists',
    operationId: 'viewGraduationLists',
    summary: 'Students not on track, and seniors who cannot graduate on their current schedule, each with what is missing',
    tag: 'graduation',
    access: { kind: 'signed-in', roles: KEEPERS },
    params: schoolParams,
    query: z.strictObject({ list: z.enum(['not-on-track', 'seniors-at-risk']).default('not-on-track'), limit: z.coerce.number().int().min(1).max(5000).default(500), offset: z.coerce.number().int().min(0).default(0) }),
    response: { description: 'The list', schema: graduationList },
    reads: 'replica',
    async handler({ db, primary, actor, origin, params, query }) {
      return viewGraduationList(db, primary, actor, origin, params.schoolId, query);
    },
  }),
  route({
    method: 'POST',
    url: '/api/schools/:schoolId/course-requests/generate',
    operationId: 'generateSchoolCourseRequests',
    summary: "Propose next year's requests for every secondary student of the school from their audits (a background job)",
    tag: 'graduation',
    access: { kind: 'signed-in', roles: ['school-admin', 'district-admin'] },
    params: schoolParams,
    body: z.strictObject({ schoolYear: yearName.optional() }),
    example: { body: {} },
    response: { status: 202, description: 'The job; follow it at /api/jobs/{jobId}', schema: startedJob },
    async handler({ db, jobs, actor, origin, params, body, reply }) {
      const { job, queued } = await startSchoolCourseRequests(db, jobs, actor, origin, params.schoolId, body.schoolYear);
      jobs.started(queued);
      const started: z.input<typeof startedJob> = { jobId: job.id, url: `/api/jobs/${job.id}` };
      return reply.code(202).send(started);
    },
  }),
];
