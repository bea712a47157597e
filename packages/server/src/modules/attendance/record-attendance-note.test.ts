import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { calendarDays, createAttendanceDistrict } from '../../testing/attendance-district.ts';

/**
 * Ana attends Lincoln High and, for one class, Roosevelt High. Lincoln's clerk takes a note from
 * her mother: it excuses her at Lincoln, whose office saw it, and not at Roosevelt, whose has not.
 */
describe("a note from home excuses absences at the recording office's schools only", () => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: Awaited<ReturnType<typeof createAttendanceDistrict>>;
  let roosevelt: { school: number; section: number };
  const as: Record<string, SignedIn> = {};
  beforeAll(async () => {
    handle = await openTestDatabase('embedded');
    world = await createAttendanceDistrict(handle.db, 'NTE');
    const d = world.districtId;
    const db = handle.db;
    const { id: school } = await db.insertInto('school').values({ district_id: d, code: 'NTE-RHS', name: 'Roosevelt High', kind: 'high', low_grade: 9, high_grade: 12, attendance_mode: 'period' }).returning('id').executeTakeFirstOrThrow();
    const term = await db.selectFrom('term').select(['id', 'school_year_id']).where('district_id', '=', d).executeTakeFirstOrThrow();
    await db.insertInto('calendar_day').values(calendarDays(d, school, term.school_year_id, '2026-09-01', '2026-09-15', { '2026-09-07': 'Labor Day' })).execute();
    const { id: period } = await db.insertInto('period').values({ district_id: d, school_id: school, code: 'P6', name: 'Period 6', sort_order: 6 }).returning('id').executeTakeFirstOrThrow();
    const { course_id } = await db.selectFrom('section').select('course_id').where('id', '=', world.sections.english).executeTakeFirstOrThrow();
    const { id: section } = await db.insertInto('section').values({ district_id: d, school_id: school, school_year_id: term.school_year_id, course_id, code: 'ENG10-09', capacity: 30 }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('section_meeting').values({ district_id: d, section_id: section, term_id: term.id, period_id: period }).execute();
    await db.insertInto('enrollment').values({ district_id: d, student_id: world.students.ana, school_id: school, school_year_id: term.school_year_id, grade_level: 10, entry_date: '2026-09-01', entry_code: 'E1' }).execute();
    await db.insertInto('section_roster').values({ district_id: d, section_id: section, student_id: world.students.ana, start_date: '2026-09-01', source: 'seed' }).execute();
    roosevelt = { school, section };
    app = await buildApp({ db: handle.db });
    for (const user of ['terry', 'clerk', 'admin']) as[user] = await signInAs(app, user);
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const take = async (user: string, section: number, date: string, code: string) => {
    const response = await app.inject({ method: 'PUT', url: `/api/sections/${section}/attendance/${date}`, headers: as[user]!.headers, payload: { idempotencyKey: randomUUID(), marks: [{ studentId: world.students.ana, code }] } });
    expect(response.statusCode, response.body).toBe(200);
  };
  const codeOf = async (section: number, date: string) =>
    (await handle.db.selectFrom('period_attendance').select('code').where('section_id', '=', section).where('student_id', '=', world.students.ana).where('day', '=', date).executeTakeFirst())?.code;

  it('excuses what Lincoln recorded, now and later, and leaves Roosevelt as its teacher marked it', async () => {
    await take('terry', world.sections.english, '2026-09-14', 'A');
    await take('admin', roosevelt.section, '2026-09-14', 'A');
    const note = await app.inject({
      method: 'POST',
      url: `/api/students/${world.students.ana}/attendance-notes`,
      headers: as.clerk!.headers,
      payload: { from: '2026-09-14', to: '2026-09-15', reason: 'fever, note signed by her mother' },
    });
    expect(note.statusCode, note.body).toBe(201);
    expect(note.json()).toMatchObject({ periodsExcused: 1 });
    expect(await codeOf(world.sections.english, '2026-09-14')).toBe('E');
    expect(await codeOf(roosevelt.section, '2026-09-14')).toBe('A');
    // Marked absent the next day: excused at Lincoln as it is saved, not at Roosevelt.
    await take('terry', world.sections.english, '2026-09-15', 'A');
    await take('admin', roosevelt.section, '2026-09-15', 'A');
    expect(await codeOf(world.sections.english, '2026-09-15')).toBe('E');
    expect(await codeOf(roosevelt.section, '2026-09-15')).toBe('A');
    const roster = await app.inject({ method: 'GET', url: `/api/sections/${roosevelt.section}/attendance?date=2026-09-15`, headers: as.admin!.headers });
    expect(roster.json().students[0]).toMatchObject({ id: world.students.ana, noteFromHome: false });
  });
});
