import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from './app.ts';
import { fixedClock } from './clock.ts';
import type { DatabaseHandle } from './db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from './db/testing.ts';
import { signInAs, type SignedIn } from './testing/http.ts';
import { createSmallDistrict } from './testing/small-district.ts';

// What day it is, for a district in Los Angeles, at the instants where its day and UTC's differ.
// Each rule that reads "today" is asked at those instants through a server whose clock is pinned:
// before the fix they judged by UTC's day and these failed.
const SUNDAY_1630 = '2026-12-07T00:30:00Z'; // Sunday 6 December, 16:30 in Los Angeles; Monday in UTC
const SUNDAY_2330 = '2026-12-07T07:30:00Z'; // 23:30 the same Sunday
const SUNDAY_2359 = '2026-12-07T07:59:00Z'; // the last minute of Sunday there
const MONDAY_0000 = '2026-12-07T08:00:00Z'; // midnight in Los Angeles: Monday at last
const MONDAY_2330 = '2026-12-08T07:30:00Z'; // Monday 7 December, 23:30; Tuesday in UTC
const SPRING_SUNDAY_2330 = '2026-03-09T06:30:00Z'; // 23:30 on the day clocks sprang forward (PDT, UTC-7)
const SPRING_MONDAY_0000 = '2026-03-09T07:00:00Z';
const FALL_SUNDAY_2330 = '2026-11-02T07:30:00Z'; // 23:30 on the day clocks fell back (PST, UTC-8)
const FALL_MONDAY_0000 = '2026-11-02T08:00:00Z';

describe.each(testDatabaseKinds())("the district's day in every rule, on the %s database", (kind) => {
  let handle: DatabaseHandle;
  let world: Awaited<ReturnType<typeof createSmallDistrict>>;
  let lateStudent: number;
  let dueSunday: number;
  const apps: FastifyInstance[] = [];
  const servers = new Map<string, { app: FastifyInstance; as: Map<string, SignedIn> }>();

  /** A server whose clock reads `instant`, and a user signed in to it. */
  async function at(instant: string, username: string) {
    let server = servers.get(instant);
    if (!server) {
      const app = await buildApp({ db: handle.db, clock: fixedClock(instant) });
      apps.push(app);
      server = { app, as: new Map() };
      servers.set(instant, server);
    }
    let signedIn = server.as.get(username);
    if (!signedIn) {
      signedIn = await signInAs(server.app, username);
      server.as.set(username, signedIn);
    }
    const headers = signedIn.headers;
    const app = server.app;
    return {
      get: (url: string) => app.inject({ method: 'GET', url, headers }),
      put: (url: string, payload: unknown) => app.inject({ method: 'PUT', url, headers, payload: payload as object }),
    };
  }

  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createSmallDistrict(handle.db);
    const d = world.districtId;
    const north = world.schools.north;
    const year = (await handle.db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow()).id;
    // School days around the instants: the Friday and Monday of the first week of December, and the
    // Mondays after each change of clocks; last spring's in a year and term of its own.
    const days = ['2026-12-04', '2026-12-07', '2026-12-08', '2026-11-02'];
    await handle.db.insertInto('calendar_day').values(days.map((day) => ({ district_id: d, school_id: north, day, school_year_id: year, is_instructional: true, day_type: 'regular' }))).execute();
    const { id: lastYear } = await handle.db
      .insertInto('school_year')
      .values({ district_id: d, name: '2025-26', start_date: '2025-08-01', end_date: '2026-07-31' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { id: spring } = await handle.db
      .insertInto('term')
      .values({ district_id: d, school_year_id: lastYear, code: 'S2', name: 'Spring 2026', start_date: '2026-01-26', end_date: '2026-06-12' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await handle.db.insertInto('calendar_day').values({ district_id: d, school_id: north, day: '2026-03-09', school_year_id: lastYear, is_instructional: true, day_type: 'regular' }).execute();
    const period = (await handle.db.selectFrom('section_meeting').select('period_id').where('section_id', '=', world.sections.taught).executeTakeFirstOrThrow()).period_id;
    await handle.db.insertInto('section_meeting').values({ district_id: d, section_id: world.sections.taught, term_id: spring, period_id: period }).execute();
    await handle.db.updateTable('section_teacher').set({ start_date: '2026-01-05' }).where('district_id', '=', d).where('section_id', '=', world.sections.taught).execute();
    // A teacher may change three days back: on Monday that reaches Friday, on Tuesday it does not.
    await handle.db.updateTable('attendance_rule').set({ teacher_edit_days: 3 }).where('district_id', '=', d).execute();
    // A student who leaves the teacher's class on Monday 7 December (the roster's end is exclusive).
    const { id } = await handle.db
      .insertInto('student')
      .values({ district_id: d, local_id: '1099', state_id: '91099', first_name: 'Ellis', last_name: 'Late', birth_date: '2010-02-02', gender: 'X', cohort: 2028 })
      .returning('id')
      .executeTakeFirstOrThrow();
    lateStudent = id;
    await handle.db.insertInto('enrollment').values({ district_id: d, student_id: id, school_id: north, school_year_id: year, grade_level: 10, entry_date: '2026-08-10', entry_code: 'E1', exit_date: '2026-12-07', exit_code: 'T1' }).execute();
    await handle.db
      .insertInto('section_roster')
      .values([
        { district_id: d, section_id: world.sections.taught, student_id: id, start_date: '2026-01-26', end_date: '2026-06-12', source: 'seed' },
        { district_id: d, section_id: world.sections.taught, student_id: id, start_date: '2026-08-10', end_date: '2026-12-07', source: 'seed' },
      ])
      .execute();
    // Marks due on Sunday 6 December.
    const term = (await handle.db.selectFrom('term').select('id').where('district_id', '=', d).where('code', '=', 'S1').executeTakeFirstOrThrow()).id;
    dueSunday = (
      await handle.db
        .insertInto('grading_period')
        .values({ district_id: d, term_id: term, code: 'S1-P2', name: 'Second progress report', start_date: '2026-10-12', end_date: '2026-12-04', marks_due: '2026-12-06' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => {
    await Promise.all(apps.map((app) => app.close()));
    await handle?.close();
  });

  const attendanceUrl = (day?: string) => `/api/sections/${world.sections.taught}/attendance${day ? `/${day}` : ''}`;
  // Last spring's roster had Ellis in it; this year's has Avery.
  const save = (day: string) => ({ idempotencyKey: `clock-${day}-${Math.random().toString(36).slice(2)}`, marks: [{ studentId: day < '2026-08-01' ? lateStudent : world.students.avery, code: 'A' }] });

  it.each([
    [SUNDAY_1630, '2026-12-06'],
    [SUNDAY_2359, '2026-12-06'],
    [MONDAY_0000, '2026-12-07'],
    [MONDAY_2330, '2026-12-07'],
    [SPRING_SUNDAY_2330, '2026-03-08'],
    [SPRING_MONDAY_0000, '2026-03-09'],
    [FALL_SUNDAY_2330, '2026-11-01'],
    [FALL_MONDAY_0000, '2026-11-02'],
  ])('at %s it is %s for the district: the session says so to the web app', async (instant, day) => {
    const session = await (await at(instant, 'teacher')).get('/api/auth/session');
    expect(session.json().user).toMatchObject({ timeZone: 'America/Los_Angeles', today: day });
  });

  it.each([
    [SUNDAY_1630, '2026-12-07', 422],
    [SUNDAY_2330, '2026-12-07', 422],
    [SUNDAY_2359, '2026-12-07', 422],
    [MONDAY_0000, '2026-12-07', 200],
    [SPRING_SUNDAY_2330, '2026-03-09', 422],
    [SPRING_MONDAY_0000, '2026-03-09', 200],
    [FALL_SUNDAY_2330, '2026-11-02', 422],
    [FALL_MONDAY_0000, '2026-11-02', 200],
  ])('at %s attendance for %s answers %i: a day that has not begun in Los Angeles has not happened', async (instant, day, status) => {
    const response = await (await at(instant, 'teacher')).put(attendanceUrl(day), save(day));
    expect(response.statusCode, response.body).toBe(status);
    if (status === 422) expect(response.json()).toMatchObject({ code: 'attendance-in-future' });
  });

  it("opens the district's day when no day is named", async () => {
    expect((await (await at(SUNDAY_1630, 'teacher')).get(attendanceUrl())).json()).toMatchObject({ date: '2026-12-06' });
    expect((await (await at(MONDAY_0000, 'teacher')).get(attendanceUrl())).json()).toMatchObject({ date: '2026-12-07' });
    expect((await (await at(SUNDAY_1630, 'teacher')).get('/api/me/sections')).json()).toMatchObject({ date: '2026-12-06' });
  });

  it("counts a teacher's days back from the district's day: Friday is still theirs at 23:30 on Monday", async () => {
    const monday = await at(MONDAY_2330, 'teacher');
    expect((await monday.put(attendanceUrl('2026-12-04'), save('2026-12-04'))).statusCode).toBe(200);
    const tuesday = await at('2026-12-08T08:00:00Z', 'teacher');
    const late = await tuesday.put(attendanceUrl('2026-12-04'), save('2026-12-04'));
    expect(late.statusCode).toBe(403);
    expect(late.json()).toMatchObject({ code: 'attendance-window-closed' });
  });

  it("closes marks on the district's due date, not eight hours early", async () => {
    const url = `/api/sections/${world.sections.taught}/marks/${dueSunday}`;
    const sunday = await at(SUNDAY_1630, 'teacher');
    expect((await sunday.put(url, { marks: [{ studentId: world.students.blake, mark: 'C' }] })).statusCode).toBe(200);
    // Still Sunday in Los Angeles: a change needs no reason yet.
    const change = await (await at(SUNDAY_2359, 'teacher')).put(url, { marks: [{ studentId: world.students.blake, mark: 'B' }] });
    expect(change.statusCode, change.body).toBe(200);
    const monday = await (await at(MONDAY_0000, 'teacher')).put(url, { marks: [{ studentId: world.students.blake, mark: 'A' }] });
    expect(monday.statusCode).toBe(400);
    expect(monday.json()).toMatchObject({ code: 'reason-required' });
  });

  it("keeps a student in the teacher's class until the district's midnight on the day they leave", async () => {
    expect((await (await at(SUNDAY_2359, 'teacher')).get(`/api/students/${lateStudent}`)).statusCode).toBe(200);
    expect((await (await at(MONDAY_0000, 'teacher')).get(`/api/students/${lateStudent}`)).statusCode).toBe(404);
    // The school sees them enrolled until then too, and their schedule "today" is Sunday's.
    const principal = await at(SUNDAY_1630, 'principal');
    const record = (await principal.get(`/api/students/${lateStudent}`)).json();
    expect(record.schedule.sections.map((s: { sectionId: number }) => s.sectionId)).toContain(world.sections.taught);
    expect((await (await at(MONDAY_0000, 'principal')).get(`/api/students/${lateStudent}`)).statusCode).toBe(404);
  });
});
