import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CourseRefusal } from '@homeroom/core/graduation/course-standing';
import type { Actor, Role } from '../../auth/roles.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { Problem } from '../../http/problem.ts';
import { addCourseRulesSchool, lastAuditOf } from '../../testing/course-rules.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { passCourseRules } from './course-rules.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe('who may override the course rules', () => {
  const refusal: CourseRefusal = { code: 'course-already-passed', course: '310101', title: 'ALGEBRA 1A', passedWith: { course: '310101', mark: 'B', term: '2025-26 S1' } };
  const actor = (role: Role): Actor => ({ districtId: 1, userId: 1, username: role, displayName: role, roles: [{ role, schoolId: 1 }], staffId: 1, studentId: null, guardianId: null, viewedBy: null, via: 'session', tokenScopes: null, integration: null, timeZone: 'America/Los_Angeles', today: '2026-09-03' });
  const problemOf = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      return error instanceof Problem ? { status: error.status, code: error.code } : error;
    }
    return null;
  };

  it('refuses without an override, whoever asks', () => {
    expect(problemOf(() => passCourseRules(actor('counselor'), [refusal], undefined))).toEqual({ status: 409, code: 'course-already-passed' });
  });

  it('takes the override of a counselor or an administrator, with its reason', () => {
    for (const role of ['counselor', 'school-admin', 'district-admin'] as const) {
      expect(passCourseRules(actor(role), [refusal], { reason: 'transfer credit under review' })).toMatchObject({ reason: 'transfer credit under review', refusals: [{ code: 'course-already-passed' }] });
    }
  });

  it("refuses a teacher's, a clerk's or the help desk's override", () => {
    for (const role of ['teacher', 'attendance-clerk', 'help-desk', 'student', 'guardian'] as const) {
      expect(problemOf(() => passCourseRules(actor(role), [refusal], { reason: 'I think so' }))).toEqual({ status: 403, code: 'override-not-allowed' });
    }
  });

  it('records nothing when there is nothing to override', () => {
    expect(passCourseRules(actor('teacher'), [], { reason: 'just in case' })).toBeNull();
  });
});

describe.each(testDatabaseKinds())("a counselor's edit of a course request keeps to the course rules on the %s database", (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let school: Awaited<ReturnType<typeof addCourseRulesSchool>>;
  let counselor: SignedIn;
  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    school = await addCourseRulesSchool(handle.db, world);
    counselor = await signInAs(app, 'counselor');
  });

  const edit = (studentId: number, requestId: number, version: number, payload: Record<string, unknown>, headers = counselor.headers) =>
    app.inject({ method: 'PATCH', url: `/api/students/${studentId}/course-requests/${requestId}`, headers: { ...headers, 'if-match': `"${version}"` }, payload });
  const requestRow = (id: number) => handle.db.selectFrom('course_request').select(['version', 'priority', 'source', 'override_reason']).where('id', '=', id).executeTakeFirstOrThrow();
  const alternatesOf = (id: number) => handle.db.selectFrom('course_request_alternate').select('course_id').where('course_request_id', '=', id).orderBy('preference').execute();

  it('refuses to keep a request for a course the student passed, naming the mark and the term, and saves nothing', async () => {
    const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
    const request = await school.request(sam, school.courses.algebra);
    const refused = await edit(sam, request, 1, { priority: 2, reason: 'student asked' });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'course-already-passed', overridable: true, refusals: [{ course: '310101', passedWith: { mark: 'B', term: '2025-26 S1' }, message: 'ALGEBRA 1A (310101) was already passed with B in 2025-26 S1' }] });
    expect(await requestRow(request)).toMatchObject({ version: 1, priority: 1, source: 'import', override_reason: null });
  });

  it('refuses an alternate the student passed, or one whose prerequisite is not met', async () => {
    const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
    const request = await school.request(sam, school.courses.economics);
    const passed = await edit(sam, request, 1, { alternates: ['310101'], reason: 'a second choice' });
    expect(passed.statusCode, passed.body).toBe(409);
    expect(passed.json()).toMatchObject({ code: 'course-already-passed', refusals: [{ course: '310101' }] });
    const fresh = await school.student([]);
    const other = await school.request(fresh, school.courses.economics);
    const prerequisite = await edit(fresh, other, 1, { alternates: ['310201'], reason: 'a second choice' });
    expect(prerequisite.statusCode, prerequisite.body).toBe(409);
    expect(prerequisite.json()).toMatchObject({ code: 'prerequisite-not-met', refusals: [{ course: '310201', prerequisite: { course: '310101', minimumMark: 'C', best: null }, message: 'GEOMETRY A (310201) needs ALGEBRA 1A (310101) with C or better; it is not on the transcript' }] });
    expect(await alternatesOf(request)).toEqual([]);
    expect(await alternatesOf(other)).toEqual([]);
  });

  it('accepts the edit with a counselor override, keeps the reason on the request and in the audit row, and does not ask again', async () => {
    const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
    const request = await school.request(sam, school.courses.algebra);
    const saved = await edit(sam, request, 1, { priority: 2, reason: 'student asked', override: { reason: 'UC asked for the course to be retaken' } });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ version: 2, override: { reason: 'UC asked for the course to be retaken' } });
    expect(await requestRow(request)).toMatchObject({ version: 2, priority: 2, source: 'counselor', override_reason: 'UC asked for the course to be retaken' });
    expect(await lastAuditOf(handle.db, sam)).toMatchObject({ entity: 'course-request', reason: 'student asked', details: { requestId: request, override: { reason: 'UC asked for the course to be retaken', refusals: [{ code: 'course-already-passed', course: '310101' }] } } });
    const listed = await app.inject({ method: 'GET', url: `/api/students/${sam}/course-requests`, headers: counselor.headers });
    expect(listed.json().items).toEqual([expect.objectContaining({ course: '310101', overrideReason: 'UC asked for the course to be retaken' })]);
    const again = await edit(sam, request, 2, { priority: 3, reason: 'lower it' });
    expect(again.statusCode, again.body).toBe(200);
    expect(await requestRow(request)).toMatchObject({ version: 3, priority: 3, override_reason: 'UC asked for the course to be retaken' });
  });

  it('lets a course that may be repeated for credit be requested and chosen as an alternate', async () => {
    const sam = await school.student([['450101', 'A', '2025-26', 'S1']]);
    const request = await school.request(sam, school.courses.band);
    expect((await edit(sam, request, 1, { required: false, alternates: ['450101'], reason: 'band again' })).statusCode).toBe(200);
    expect(await requestRow(request)).toMatchObject({ version: 2, override_reason: null });
  });

  it('generates no request for a course the student chose without its prerequisite, nor for one the student passed', async () => {
    const generate = async (studentId: number) => (await app.inject({ method: 'POST', url: `/api/students/${studentId}/course-requests/generate`, headers: counselor.headers, payload: { dryRun: true } })).json().proposals.map((p: { course: string }) => p.course);
    const weak = await school.student([['310101', 'D', '2025-26', 'S1']]);
    const ready = await school.student([['310101', 'C', '2025-26', 'S1']]);
    for (const studentId of [weak, ready]) {
      await school.request(studentId, school.courses.geometry, { source: 'student-choice', required: false });
      await school.request(studentId, school.courses.algebra, { source: 'student-choice', required: false });
    }
    expect(await generate(weak)).not.toContain('310201');
    expect(await generate(ready)).toContain('310201');
    expect(await generate(ready)).not.toContain('310101');
  });

  it('does not let a teacher edit a request, override or not', async () => {
    const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
    const request = await school.request(sam, school.courses.algebra);
    const teacher = await signInAs(app, 'teacher');
    expect((await edit(sam, request, 1, { priority: 2, reason: 'student asked', override: { reason: 'a teacher says so' } }, teacher.headers)).statusCode).toBe(403);
    expect(await requestRow(request)).toMatchObject({ version: 1, override_reason: null });
  });
});
