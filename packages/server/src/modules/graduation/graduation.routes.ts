import { z } from 'zod';
import { writeAudit, writeAuditForStudents } from '../../audit/audit.ts';
import { requireSchool } from '../../auth/access.ts';
import { withStudentRecord } from '../../auth/student-record.ts';
import { etagOf, requiredIfMatch } from '../../http/etag.ts';
import { Problem } from '../../http/problem.ts';
import { changedCourseRequest, courseRequests, generatedRequests, graduationAudit, graduationList, startedJob } from '@homeroom/core/api/graduation';
import { route } from '../../http/route.ts';
import type { BackgroundJob } from '../../jobs/background-job.ts';
import { createJob } from '../../jobs/jobs.ts';
import { loadStudentTranscripts } from '../transcripts/student-transcript.ts';
import { schoolYearByName } from '../district/district.repository.ts';
import { changeCourseRequest, changeCourseRequestInput } from './change-course-request.ts';
import { generateRequests, generationContext, requestsOf } from './course-requests.ts';
import { currentEnrollment, enrolledForGraduationList, requirementSetsFor } from './graduation.repository.ts';
import { auditStudent } from './student-audit.ts';

const studentParams = z.strictObject({ studentId: z.coerce.number().int().positive() });
const schoolParams = z.strictObject({ schoolId: z.coerce.number().int().positive() });
const READERS = ['district-admin', 'school-admin', 'counselor', 'teacher', 'student', 'guardian'] as const;
const KEEPERS = ['district-admin', 'school-admin', 'counselor'] as const;
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
      return withStudentRecord(db, actor, origin, params.studentId, { entity: 'graduation-audit', action: 'read' }, async (trx) => {
        const [student] = await loadStudentTranscripts(trx, actor.districtId, [params.studentId], { withInProgress: true, today: actor.today });
        const setFor = await requirementSetsFor(trx, actor.districtId);
        return auditStudent(student!, setFor(student!.transcript.student.cohort));
      });
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
      return withStudentRecord(db, actor, origin, params.studentId, { entity: 'course-request', action: 'read' }, async (trx) => {
        const year = await schoolYearByName(trx, actor.districtId, query.schoolYear, 'next');
        const rows = await requestsOf(trx, actor.districtId, params.studentId, year.id);
        return { schoolYear: year.name, items: rows.map((r) => ({ id: r.id, course: r.code, title: r.title, required: r.required, priority: r.priority, alternates: r.alternates ?? [], source: r.source, reason: r.reason, overrideReason: r.override_reason, version: r.version })) };
      });
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
      return withStudentRecord(db, actor, origin, params.studentId, { entity: 'course-request', action: body.dryRun ? 'read' : 'update', reason: 'generated from the graduation audit' }, async (trx) => {
        const year = await schoolYearByName(trx, actor.districtId, body.schoolYear, 'next');
        const enrollment = await currentEnrollment(trx, actor.districtId, params.studentId);
        if (!enrollment) throw new Problem(409, 'not-enrolled', 'The student is not enrolled', 'Requests are made for the school the student attends.');
        const [result] = await generateRequests(trx, await generationContext(trx, actor.districtId), actor.districtId, [params.studentId], { schoolId: enrollment.school_id, schoolYearId: year.id }, { dryRun: body.dryRun, userId: actor.userId });
        return { schoolYear: year.name, saved: !body.dryRun, proposals: result?.proposals ?? [] };
      });
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
    async handler({ db, actor, origin, params, query }) {
      return db.transaction().execute(async (trx) => {
        await requireSchool(trx, actor, params.schoolId, KEEPERS);
        const students = await enrolledForGraduationList(trx, actor, params.schoolId, query.list === 'seniors-at-risk' ? 12 : 9);
        const setFor = await requirementSetsFor(trx, actor.districtId);
        const transcripts = new Map((await loadStudentTranscripts(trx, actor.districtId, students.map((s) => s.id), { withInProgress: true, today: actor.today })).map((t) => [t.studentId, t]));
        const listed = students
          .map((s) => ({ s, summary: auditStudent(transcripts.get(s.id)!, setFor(transcripts.get(s.id)!.transcript.student.cohort)).summary }))
          .filter(({ summary }) => (query.list === 'not-on-track' ? !summary.onTrack : !summary.onScheduleToGraduate));
        const page = listed.slice(query.offset, query.offset + query.limit);
        await writeAuditForStudents(trx, actor, origin, { action: 'list', entity: 'graduation-audit', schoolId: params.schoolId, details: { list: query.list } }, page.map(({ s }) => s.id));
        return {
          list: query.list,
          total: listed.length,
          items: page.map(({ s, summary }) => ({ studentId: s.id, localId: s.local_id, name: { first: s.first_name, last: s.last_name }, grade: s.grade_level, onTrack: summary.onTrack, missing: summary.missing.filter((m) => m.status === 'missing') })),
        };
      });
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
      const { job, queued } = await db.transaction().execute(async (trx) => {
        await requireSchool(trx, actor, params.schoolId, ['school-admin', 'district-admin']);
        const year = await schoolYearByName(trx, actor.districtId, body.schoolYear, 'next');
        const job = await createJob(trx, { districtId: actor.districtId, kind: 'course-requests', params: { schoolId: params.schoolId, schoolYear: year.name }, requestedBy: actor.userId });
        await writeAudit(trx, actor, origin, { action: 'start-job', entity: 'job', entityId: job.id, schoolId: params.schoolId, details: { kind: 'course-requests' } });
        const queued: BackgroundJob = { kind: 'course-requests', jobId: job.id, districtId: actor.districtId, schoolId: params.schoolId, schoolYearId: year.id, schoolYear: year.name, userId: actor.userId };
        await jobs.enqueue(trx, queued);
        return { job, queued };
      });
      jobs.started(queued);
      const started: z.input<typeof startedJob> = { jobId: job.id, url: `/api/jobs/${job.id}` };
      return reply.code(202).send(started);
    },
  }),
];
