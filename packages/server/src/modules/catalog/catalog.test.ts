import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';

type World = Awaited<ReturnType<typeof createSmallDistrict>>;
interface Course { id: number; code: string; title: string; credits: string; honors: string; repeatableForCredit: boolean; prerequisites: Array<{ code: string; minimumMark: string }>; version: number }
interface Section { id: number; code: string; term: string | null; period: { id: number; code: string } | null; teacher: { staffId: number; name: string } | null; room: { id: number; code: string } | null; capacity: number; enrolled: number; locked: boolean; program: string | null; version: number; course: { id: number; code: string } }

describe.each(testDatabaseKinds())('school setup: the course catalog, rooms, bell schedules and sections on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: World;
  let admin: SignedIn;
  let principal: SignedIn;
  let clerk: SignedIn;
  let counselor: SignedIn;
  let teacherStaffId: number;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createSmallDistrict(handle.db);
    const d = world.districtId;
    // Terry Teach teaches at North this year; a mark was given in ENG10-01.
    teacherStaffId = (await handle.db.selectFrom('staff').select('id').where('district_id', '=', d).where('local_id', '=', 'E100').executeTakeFirstOrThrow()).id;
    await handle.db.insertInto('staff_assignment').values({ district_id: d, staff_id: teacherStaffId, school_id: world.schools.north, school_year_id: world.schoolYears.current, role: 'teacher', start_date: '2026-08-01' }).execute();
    await handle.db.insertInto('mark').values({ district_id: d, student_id: world.students.avery, section_id: world.section, grading_period_id: world.gradingPeriods.progress, mark: 'B' }).execute();
    app = await buildApp({ db: handle.db });
    admin = await signInAs(app, 'admin');
    principal = await signInAs(app, 'principal');
    clerk = await signInAs(app, 'clerk');
    counselor = await signInAs(app, 'counselor');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const send = (who: SignedIn, method: 'POST' | 'PUT' | 'DELETE', url: string, payload?: object, version?: number) =>
    app.inject({ method, url, headers: { ...who.headers, ...(version !== undefined ? { 'if-match': `"${version}"` } : {}) }, ...(payload ? { payload } : {}) });
  const get = async <T>(who: SignedIn, url: string) => {
    const response = await app.inject({ method: 'GET', url, headers: who.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<T>();
  };
  const audits = (entity: string) => handle.db.selectFrom('audit_event').select(['action', 'entity_id', 'school_id']).where('entity', '=', entity).execute();
  const honors = { code: '230501', title: 'English 11 Honors A', credits: '5', subject: 'english', agArea: 'b', honors: 'honors', termLength: 'semester', lowGrade: 11, highGrade: 11, prerequisites: [{ code: '230201', minimumMark: 'C' }] };

  describe('the course catalog', () => {
    it('lets a district administrator add and change a course with its prerequisites, against the version seen, audited', async () => {
      const created = await send(admin, 'POST', '/api/courses', honors);
      expect(created.statusCode, created.body).toBe(201);
      const course = created.json<Course>();
      expect(course).toMatchObject({ code: '230501', credits: '5.00', honors: 'honors', repeatableForCredit: false, prerequisites: [{ code: '230201', minimumMark: 'C' }], version: 1 });
      expect(created.headers.etag).toBe('"1"');

      expect((await send(admin, 'PUT', `/api/courses/${course.id}`, { ...honors, repeatableForCredit: true })).statusCode).toBe(428);
      const changed = await send(admin, 'PUT', `/api/courses/${course.id}`, { ...honors, title: 'English 11 Honors A (UC)', repeatableForCredit: true, credits: '2.5' }, 1);
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ repeatableForCredit: true, credits: '2.50', version: 2 });
      const stale = await send(admin, 'PUT', `/api/courses/${course.id}`, honors, 1);
      expect(stale.statusCode).toBe(412);
      expect(stale.json().code).toBe('stale-version');
      expect((await audits('course')).filter((a) => a.entity_id === String(course.id)).map((a) => a.action)).toEqual(['create', 'update']);

      const found = await get<{ items: Course[]; total: number }>(counselor, '/api/courses?search=honors');
      expect(found.items.map((c) => c.code)).toEqual(['230501']);
      expect((await get<{ items: Course[] }>(admin, '/api/courses?search=2302')).items.map((c) => c.code)).toEqual(['230201']);
    });

    it('refuses a course that breaks the rules, naming the field, and lets only the district change the catalog', async () => {
      const bad = await send(admin, 'POST', '/api/courses', { ...honors, code: '230502', agArea: 'e', lowGrade: 12, highGrade: 11, prerequisites: [{ code: 'NOPE' }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.highGrade', 'body.language']));
      const unknown = await send(admin, 'POST', '/api/courses', { ...honors, code: '230502', prerequisites: [{ code: 'NOPE' }] });
      expect(unknown.json().errors[0]).toMatchObject({ field: 'body.prerequisites.0.code' });
      expect((await send(admin, 'POST', '/api/courses', honors)).json()).toMatchObject({ code: 'course-code-taken', field: 'body.code' });
      // English 10A needs nothing; making it need 230501, which needs it, would close a loop.
      const ten = (await get<{ items: Course[] }>(admin, '/api/courses?search=230201')).items[0]!;
      const loop = await send(admin, 'PUT', `/api/courses/${ten.id}`, { code: ten.code, title: ten.title, credits: ten.credits, prerequisites: [{ code: '230501' }] }, ten.version);
      expect(loop.statusCode).toBe(400);
      expect(loop.json().errors[0].message).toContain('cannot need each other');
      expect((await send(principal, 'POST', '/api/courses', { ...honors, code: '999' })).statusCode).toBe(403);
      const helpdesk = await signInAs(app, 'helpdesk');
      expect((await get<{ items: Course[] }>(helpdesk, '/api/courses')).items.length).toBeGreaterThan(1);
      expect((await app.inject({ method: 'GET', url: '/api/courses', headers: (await signInAs(app, 'teacher')).headers })).statusCode).toBe(403);
    });
  });

  describe('rooms, periods and bell schedules', () => {
    it("lets a school's administrator and office keep its rooms, against the version seen, audited, and only their own school's", async () => {
      const added = await send(clerk, 'POST', `/api/schools/${world.schools.north}/rooms`, { code: '214', name: 'Chemistry lab', kind: 'lab', capacity: 32 });
      expect(added.statusCode, added.body).toBe(201);
      const room = added.json<{ id: number; version: number }>();
      expect((await send(principal, 'POST', `/api/schools/${world.schools.north}/rooms`, { code: '214', capacity: 30 })).json()).toMatchObject({ code: 'room-code-taken', field: 'body.code' });
      const changed = await send(principal, 'PUT', `/api/schools/${world.schools.north}/rooms/${room.id}`, { code: '214', name: 'Chemistry lab', kind: 'lab', capacity: 34 }, room.version);
      expect(changed.statusCode, changed.body).toBe(200);
      expect((await send(principal, 'PUT', `/api/schools/${world.schools.north}/rooms/${room.id}`, { code: '214', capacity: 30 }, room.version)).statusCode).toBe(412);
      expect((await send(principal, 'POST', `/api/schools/${world.schools.south}/rooms`, { code: '1', capacity: 30 })).statusCode).toBe(404);
      expect((await send(counselor, 'POST', `/api/schools/${world.schools.south}/rooms`, { code: '1', capacity: 30 })).statusCode).toBe(403);
      expect((await get<{ items: Array<{ code: string; capacity: number }> }>(admin, `/api/schools/${world.schools.north}/rooms`)).items).toEqual([expect.objectContaining({ code: '214', capacity: 34, sections: 0 })]);
      expect((await audits('room')).map((a) => a.action)).toEqual(['create', 'update']);
    });

    it('adds periods and a default bell schedule, and refuses removing a period that sections meet in, naming them', async () => {
      const north = world.schools.north;
      const p2 = await send(principal, 'POST', `/api/schools/${north}/periods`, { code: 'P2', name: 'Period 2', sortOrder: 2 });
      expect(p2.statusCode, p2.body).toBe(201);
      const bells = await send(principal, 'POST', `/api/schools/${north}/bell-schedules`, { name: 'Regular day', isDefault: true, periods: [{ code: 'P1', startsAt: '08:00', endsAt: '08:55' }, { code: 'P2', startsAt: '09:00', endsAt: '09:55' }] });
      expect(bells.statusCode, bells.body).toBe(201);
      const view = bells.json<{ periods: Array<{ id: number; code: string; sections: number; version: number }>; bellSchedules: Array<{ id: number; version: number; periods: Array<{ code: string; startsAt: string }> }> }>();
      expect(view.bellSchedules[0]!.periods.map((p) => `${p.code} ${p.startsAt}`)).toEqual(['P1 08:00', 'P2 09:00']);
      const p1 = view.periods.find((p) => p.code === 'P1')!;
      expect(p1.sections).toBe(2);

      const overlap = await send(principal, 'PUT', `/api/schools/${north}/bell-schedules/${view.bellSchedules[0]!.id}`, { name: 'Regular day', isDefault: true, periods: [{ code: 'P1', startsAt: '08:00', endsAt: '09:10' }, { code: 'P2', startsAt: '09:00', endsAt: '09:55' }] }, view.bellSchedules[0]!.version);
      expect(overlap.json().errors[0]).toMatchObject({ field: 'body.periods.1.startsAt' });
      const leftOut = await send(principal, 'PUT', `/api/schools/${north}/bell-schedules/${view.bellSchedules[0]!.id}`, { name: 'Regular day', isDefault: true, periods: [{ code: 'P2', startsAt: '09:00', endsAt: '09:55' }] }, view.bellSchedules[0]!.version);
      expect(leftOut.statusCode).toBe(409);
      expect(leftOut.json().detail).toContain('ENG10-01 (2026-27)');

      const refused = await send(principal, 'DELETE', `/api/schools/${north}/periods/${p1.id}`, undefined, p1.version);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'period-in-use', dependents: { sections: 2 }, named: { sections: ['ENG10-01 (2026-27)', 'ENG10-02 (2026-27)'] } });
      expect(refused.json().detail).toContain('2 sections (ENG10-01 (2026-27), ENG10-02 (2026-27))');
      const p2Row = view.periods.find((p) => p.code === 'P2')!;
      expect((await send(principal, 'DELETE', `/api/schools/${north}/periods/${p2Row.id}`)).statusCode).toBe(428);
      const removed = await send(principal, 'DELETE', `/api/schools/${north}/periods/${p2Row.id}`, undefined, p2Row.version);
      expect(removed.statusCode, removed.body).toBe(200);
      const after = await get<{ periods: Array<{ code: string }>; bellSchedules: Array<{ periods: Array<{ code: string }> }> }>(counselor, `/api/schools/${world.schools.south}/bell-schedules`);
      expect(after.periods.map((p) => p.code)).toEqual(['P1']);
      expect((await get<{ bellSchedules: Array<{ periods: Array<{ code: string }> }> }>(principal, `/api/schools/${north}/bell-schedules`)).bellSchedules[0]!.periods.map((p) => p.code)).toEqual(['P1']);
      expect((await audits('period')).map((a) => a.action)).toEqual(['create', 'delete']);
      expect((await audits('bell-schedule')).map((a) => a.action)).toEqual(['create']);
    });
  });

  describe('sections', () => {
    const list = (who: SignedIn, school = world.schools.north) => get<{ items: Section[]; choices: { periods: Array<{ id: number; code: string }>; rooms: Array<{ id: number; code: string }>; teachers: Array<{ staffId: number }> } }>(who, `/api/schools/${school}/sections`);

    it('opens a section of a course with its term, period, teacher and room, and the teacher then teaches it', async () => {
      const { choices } = await list(clerk);
      expect(choices.teachers.map((t) => t.staffId)).toEqual([teacherStaffId]);
      const room = choices.rooms.find((r) => r.code === '214')!;
      const p1 = choices.periods.find((p) => p.code === 'P1')!;
      // Terry already teaches ENG10-01 in P1: the same time is refused, naming it.
      const busy = await send(clerk, 'POST', `/api/schools/${world.schools.north}/sections`, { courseId: world.course, code: 'ENG10-03', term: 'S1', periodId: p1.id, staffId: teacherStaffId, roomId: room.id, capacity: 30 });
      expect(busy.statusCode).toBe(409);
      expect(busy.json()).toMatchObject({ code: 'teacher-double-booked', field: 'body.staffId' });
      expect(busy.json().detail).toContain('ENG10-01');
      await handle.db.deleteFrom('section_teacher').where('section_id', '=', world.section).execute();
      const created = await send(clerk, 'POST', `/api/schools/${world.schools.north}/sections`, { courseId: world.course, code: 'eng10-03', term: 'S1', periodId: p1.id, staffId: teacherStaffId, roomId: room.id, capacity: 30, program: 'el' });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json<Section>()).toMatchObject({ code: 'ENG10-03', term: 'S1', period: { code: 'P1' }, teacher: { staffId: teacherStaffId, name: 'Terry Teach' }, room: { code: '214' }, capacity: 30, enrolled: 0, program: 'el' });
      const mine = await get<{ items: Array<{ code: string }> }>(await signInAs(app, 'teacher'), '/api/me/sections');
      expect(mine.items.map((s) => s.code)).toContain('ENG10-03');
      expect((await audits('section')).some((a) => a.action === 'create' && a.school_id === world.schools.north)).toBe(true);

      const wrong = await send(clerk, 'POST', `/api/schools/${world.schools.north}/sections`, { courseId: world.course, code: 'ENG10-04', term: 'year', periodId: 999999, staffId: 999999, capacity: 30 });
      expect(wrong.statusCode).toBe(400);
      expect(wrong.json().errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['body.term', 'body.periodId', 'body.staffId']));
    });

    it('refuses lowering seats below the students in a section, and changing the course of a section with marks, saying what depends on it', async () => {
      const taught = (await list(principal)).items.find((s) => s.id === world.section)!;
      expect(taught.enrolled).toBe(2);
      const body = { courseId: taught.course.id, code: taught.code, term: taught.term, periodId: taught.period?.id ?? null, staffId: taught.teacher?.staffId ?? null, roomId: taught.room?.id ?? null, capacity: taught.capacity, locked: taught.locked, program: taught.program };
      expect((await send(principal, 'PUT', `/api/sections/${taught.id}`, body)).statusCode).toBe(428);
      const seats = await send(principal, 'PUT', `/api/sections/${taught.id}`, { ...body, capacity: 1 }, taught.version);
      expect(seats.statusCode).toBe(409);
      expect(seats.json()).toMatchObject({ code: 'seats-below-enrolled', field: 'body.capacity', dependents: { enrolled: 2 } });
      expect(seats.json().detail).toContain('2 students enrolled');
      const other = (await send(admin, 'POST', '/api/courses', { ...honors, code: '230601', prerequisites: [] })).json<Course>();
      const course = await send(principal, 'PUT', `/api/sections/${taught.id}`, { ...body, courseId: other.id }, taught.version);
      expect(course.statusCode).toBe(409);
      expect(course.json()).toMatchObject({ code: 'section-has-marks', field: 'body.courseId', dependents: { marks: 1 } });

      const locked = await send(principal, 'PUT', `/api/sections/${taught.id}`, { ...body, capacity: 2, locked: true }, taught.version);
      expect(locked.statusCode, locked.body).toBe(200);
      expect(locked.json<Section>()).toMatchObject({ capacity: 2, locked: true });
      expect((await send(principal, 'PUT', `/api/sections/${taught.id}`, body, taught.version)).statusCode).toBe(412);
      // Not their school's section: not found, as if it did not exist.
      expect((await send(principal, 'PUT', `/api/sections/${world.sections.south}`, body, 1)).statusCode).toBe(404);
      expect((await send(counselor, 'PUT', `/api/sections/${world.sections.south}`, body, 1)).statusCode).toBe(403);
      expect((await list(counselor, world.schools.south)).items.map((s) => s.code)).toEqual(['ENG10-01']);
    });
  });
});
