import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { addCourseRulesSchool, lastAuditOf } from '../../testing/course-rules.ts';
import { signInAs, waitForRun, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe.each(testDatabaseKinds())('drop/add and walk-in placement keep to the course rules on the %s database', (kind) => {
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

  const change = (studentId: number, payload: Record<string, unknown>, headers = counselor.headers) => app.inject({ method: 'POST', url: `/api/students/${studentId}/schedule-changes`, headers, payload });
  const place = (studentId: number, payload: Record<string, unknown>, headers = counselor.headers) => app.inject({ method: 'POST', url: `/api/students/${studentId}/placement`, headers, payload });
  const seats = (studentId: number) => handle.db.selectFrom('section_roster').select(['section_id', 'override_reason', 'source']).where('student_id', '=', studentId).where('end_date', 'is', null).orderBy('section_id').execute();

  describe('drop/add', () => {
    it('refuses a course the student passed, naming the mark and the term, and saves nothing', async () => {
      const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
      const preview = await change(sam, { add: [school.sections.algebra], reason: 'wants it again', dryRun: true });
      expect(preview.json()).toMatchObject({ ok: false, overridable: true, refusals: [{ code: 'course-already-passed', course: '310101', passedWith: { mark: 'B', term: '2025-26 S1' } }] });
      const saved = await change(sam, { add: [school.sections.algebra], reason: 'wants it again' });
      expect(saved.statusCode, saved.body).toBe(409);
      expect(saved.json()).toMatchObject({ code: 'course-already-passed', overridable: true, refusals: [{ course: '310101', message: 'ALGEBRA 1A (310101) was already passed with B in 2025-26 S1' }] });
      expect(saved.json().detail).toContain('ALGEBRA 1A (310101) was already passed with B in 2025-26 S1');
      expect(await seats(sam)).toEqual([]);
    });

    it('refuses a course whose prerequisite is below its minimum mark', async () => {
      const riley = await school.student([['310101', 'D', '2025-26', 'S1']]);
      const saved = await change(riley, { add: [school.sections.geometry], reason: 'next in math' });
      expect(saved.statusCode, saved.body).toBe(409);
      expect(saved.json()).toMatchObject({ code: 'prerequisite-not-met', refusals: [{ course: '310201', prerequisite: { course: '310101', minimumMark: 'C', best: { mark: 'D', term: '2025-26 S1' } } }] });
      expect(await seats(riley)).toEqual([]);
    });

    it('accepts the course with a counselor override, and keeps the reason on the seat and in the audit row', async () => {
      const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
      const saved = await change(sam, { add: [school.sections.algebra], reason: 'wants it again', override: { reason: 'transfer mark under review by the district' } });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ saved: true, override: { reason: 'transfer mark under review by the district', refusals: [{ code: 'course-already-passed' }] } });
      expect(await seats(sam)).toEqual([{ section_id: school.sections.algebra, override_reason: 'transfer mark under review by the district', source: 'counselor' }]);
      const audit = await lastAuditOf(handle.db, sam);
      expect(audit).toMatchObject({ action: 'update', entity: 'schedule', details: { override: { reason: 'transfer mark under review by the district', refusals: [{ code: 'course-already-passed', course: '310101' }] } } });
    });

    it('adds a course that may be repeated for credit without an override', async () => {
      const sam = await school.student([['450101', 'A', '2025-26', 'S1']]);
      const saved = await change(sam, { add: [school.sections.band], reason: 'band again' });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(await seats(sam)).toEqual([{ section_id: school.sections.band, override_reason: null, source: 'counselor' }]);
    });

    it('lets a student move to another section of a course they keep: a period change is no new course', async () => {
      const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
      const d = world.districtId;
      const section = await handle.db.selectFrom('section').selectAll().where('id', '=', school.sections.algebra).executeTakeFirstOrThrow();
      const meeting = await handle.db.selectFrom('section_meeting').select('term_id').where('section_id', '=', section.id).executeTakeFirstOrThrow();
      const { id: period } = await handle.db.insertInto('period').values({ district_id: d, school_id: section.school_id, code: 'P9', name: 'Period 9', sort_order: 9 }).returning('id').executeTakeFirstOrThrow();
      const { id: other } = await handle.db.insertInto('section').values({ district_id: d, school_id: section.school_id, school_year_id: section.school_year_id, course_id: section.course_id, code: 'ALGEBRA-02', capacity: 30 }).returning('id').executeTakeFirstOrThrow();
      await handle.db.insertInto('section_meeting').values({ district_id: d, section_id: other, term_id: meeting.term_id, period_id: period }).execute();
      await handle.db.insertInto('section_roster').values({ district_id: d, section_id: section.id, student_id: sam, start_date: '2026-08-10', source: 'import' }).execute();
      const moved = await change(sam, { drop: [section.id], add: [other], reason: 'period change' });
      expect(moved.statusCode, moved.body).toBe(200);
      expect(await seats(sam)).toEqual([{ section_id: other, override_reason: null, source: 'counselor' }]);
    });

    it('does not let a teacher change a schedule, override or not', async () => {
      const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
      const teacher = await signInAs(app, 'teacher');
      const refused = await change(sam, { add: [school.sections.algebra], reason: 'wants it again', override: { reason: 'a teacher says so' } }, teacher.headers);
      expect(refused.statusCode).toBe(403);
      expect(await seats(sam)).toEqual([]);
    });
  });

  describe('a scheduling run', () => {
    it('does not schedule a request for a passed course, reports it as unmet with why, and schedules one a counselor let through', async () => {
      const sam = await school.student([['310101', 'B', '2025-26', 'S1']]);
      const kept = await school.student([['310101', 'B', '2025-26', 'S1']]);
      await school.request(sam, school.courses.algebra, { year: 'current' });
      await school.request(sam, school.courses.economics, { year: 'current' });
      const request = await school.request(kept, school.courses.algebra, { year: 'current' });
      await handle.db.updateTable('course_request').set({ override_reason: 'retaking for the district exam' }).where('id', '=', request).execute();
      const principal = await signInAs(app, 'south-principal');
      const started = await app.inject({ method: 'POST', url: `/api/schools/${world.schools.south}/scheduling-runs`, headers: principal.headers, payload: { timeLimitSeconds: 1 } });
      expect(started.statusCode, started.body).toBe(202);
      const run = await waitForRun(app, started.json().url, principal.headers);
      expect(run.status, JSON.stringify(run)).toBe('preview');
      expect(run.unmet.filter((u: { studentId: number }) => u.studentId === sam)).toEqual([
        expect.objectContaining({ course: '310101', required: true, reason: 'ALGEBRA 1A (310101) was already passed with B in 2025-26 S1' }),
      ]);
      const assigned = (studentId: number) => handle.db.selectFrom('scheduling_run_assignment').select('section_id').where('scheduling_run_id', '=', started.json().runId).where('student_id', '=', studentId).orderBy('section_id').execute();
      expect((await assigned(sam)).map((a) => a.section_id)).toEqual([school.sections.economics]);
      expect((await assigned(kept)).map((a) => a.section_id)).toEqual([school.sections.algebra]);
    });
  });

  describe('walk-in placement', () => {
    it('does not place a passed course or one without its prerequisite, says why, and places an alternate the student may take', async () => {
      const wren = await school.student([['310101', 'B', '2025-26', 'S1'], ['450101', 'A', '2025-26', 'S1']]);
      const fresh = await school.student([]);
      await school.request(wren, school.courses.algebra, { year: 'current' });
      await school.request(wren, school.courses.band, { year: 'current', required: false });
      await school.request(fresh, school.courses.geometry, { year: 'current', alternates: [school.courses.economics] });
      const placed = await place(wren, {});
      expect(placed.statusCode, placed.body).toBe(200);
      expect(placed.json()).toMatchObject({
        saved: true, overridable: true,
        placed: [{ section: 'BAND-01' }],
        unmet: [{ course: '310101', reason: 'ALGEBRA 1A (310101) was already passed with B in 2025-26 S1' }],
        refusals: [{ code: 'course-already-passed', course: '310101', passedWith: { mark: 'B', term: '2025-26 S1' } }],
      });
      expect((await seats(wren)).map((s) => s.section_id)).toEqual([school.sections.band]);
      const alternate = await place(fresh, {});
      expect(alternate.json()).toMatchObject({ placed: [{ section: 'ECONOMICS-01' }], refusals: [{ code: 'prerequisite-not-met', course: '310201', prerequisite: { course: '310101', best: null } }] });
    });

    it('places the passed course with a counselor override, and keeps the reason on the seat and in the audit row', async () => {
      const wren = await school.student([['310101', 'B', '2025-26', 'S1']]);
      await school.request(wren, school.courses.algebra, { year: 'current' });
      const placed = await place(wren, { override: { reason: 'repeating for a college entrance requirement' } });
      expect(placed.statusCode, placed.body).toBe(200);
      expect(placed.json()).toMatchObject({ saved: true, overridable: false, placed: [{ section: 'ALGEBRA-01' }], unmet: [] });
      expect(await seats(wren)).toEqual([{ section_id: school.sections.algebra, override_reason: 'repeating for a college entrance requirement', source: 'walk-in' }]);
      expect(await lastAuditOf(handle.db, wren)).toMatchObject({ entity: 'schedule', details: { override: { reason: 'repeating for a college entrance requirement', refusals: [{ code: 'course-already-passed' }] } } });
    });

    it('places a course the counselor already let through on the request, with the reason given there', async () => {
      const wren = await school.student([['310101', 'B', '2025-26', 'S1']]);
      const request = await school.request(wren, school.courses.algebra, { year: 'current' });
      const kept = await app.inject({ method: 'PATCH', url: `/api/students/${wren}/course-requests/${request}`, headers: { ...counselor.headers, 'if-match': '"1"' }, payload: { priority: 2, reason: 'keep it', override: { reason: 'retaking for the district exam' } } });
      expect(kept.statusCode, kept.body).toBe(200);
      const placed = await place(wren, {});
      expect(placed.statusCode, placed.body).toBe(200);
      expect(placed.json()).toMatchObject({ saved: true, placed: [{ section: 'ALGEBRA-01' }], refusals: [], overridable: false });
      expect(await seats(wren)).toEqual([{ section_id: school.sections.algebra, override_reason: 'retaking for the district exam', source: 'walk-in' }]);
    });

    it('does not let a teacher place a student, override or not', async () => {
      const wren = await school.student([['310101', 'B', '2025-26', 'S1']]);
      await school.request(wren, school.courses.algebra, { year: 'current' });
      const teacher = await signInAs(app, 'teacher');
      expect((await place(wren, { override: { reason: 'a teacher says so' } }, teacher.headers)).statusCode).toBe(403);
      expect(await seats(wren)).toEqual([]);
    });
  });
});
