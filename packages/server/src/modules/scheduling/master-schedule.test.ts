import type { FastifyInstance } from 'fastify';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '../../db/connection.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, waitForRun, type SignedIn } from '../../testing/http.ts';
import type { createSmallDistrict } from '../../testing/small-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

type World = Awaited<ReturnType<typeof createSmallDistrict>>;

/**
 * North High's year on a four-period day: Algebra twice, Chemistry in the lab, AP US History and
 * AP Biology both in period 3 (so the AP check and a singleton clash show), a locked Band, and
 * twenty juniors who asked for them. English 10 comes from the small district, without rooms.
 */
async function addMasterSchedule(handle: DatabaseHandle, world: World) {
  const db = handle.db;
  const d = world.districtId;
  const school = world.schools.north;
  const year = (await db.selectFrom('school_year').select('id').where('district_id', '=', d).where('is_current', '=', true).executeTakeFirstOrThrow()).id;
  const s1 = (await db.selectFrom('term').select('id').where('district_id', '=', d).where('code', '=', 'S1').executeTakeFirstOrThrow()).id;
  const { id: s2 } = await db.insertInto('term').values({ district_id: d, school_year_id: year, code: 'S2', name: 'Spring', start_date: '2027-01-25', end_date: '2027-06-10' }).returning('id').executeTakeFirstOrThrow();
  const p1 = (await db.selectFrom('period').select('id').where('district_id', '=', d).where('school_id', '=', school).where('code', '=', 'P1').executeTakeFirstOrThrow()).id;
  const more = await db.insertInto('period').values([2, 3, 4].map((n) => ({ district_id: d, school_id: school, code: `P${n}`, name: `Period ${n}`, sort_order: n }))).returning('id').execute();
  const periods = [p1, ...more.map((p) => p.id)] as [number, number, number, number];
  const rooms = await db
    .insertInto('room')
    .values([
      { district_id: d, school_id: school, code: 'R1', room_type: 'classroom', capacity: 36 },
      { district_id: d, school_id: school, code: 'R2', room_type: 'classroom', capacity: 36 },
      { district_id: d, school_id: school, code: 'LAB', room_type: 'lab', capacity: 32 },
      { district_id: d, school_id: school, code: 'BAND', room_type: 'music', capacity: 60 },
    ])
    .returning('id')
    .execute();
  const [r1, r2, lab, bandRoom] = rooms.map((r) => r.id) as [number, number, number, number];
  const courses = await db
    .insertInto('course')
    .values([
      { district_id: d, code: 'ALG', title: 'ALGEBRA 1', credits: '10', subject: 'math', term_length: 'year' },
      { district_id: d, code: 'CHEM', title: 'CHEMISTRY', credits: '10', subject: 'science', term_length: 'year', room_type: 'lab' },
      { district_id: d, code: 'APUS', title: 'AP US HISTORY', credits: '10', subject: 'social', honors: 'ap', term_length: 'year' },
      { district_id: d, code: 'APBIO', title: 'AP BIOLOGY', credits: '10', subject: 'science', honors: 'ap', term_length: 'year' },
      { district_id: d, code: 'BAND', title: 'BAND', credits: '10', subject: 'arts', term_length: 'year', room_type: 'music' },
    ])
    .returning('id')
    .execute();
  const [alg, chem, apus, apbio, band] = courses.map((c) => c.id) as [number, number, number, number, number];
  const staff = await db
    .insertInto('staff')
    .values(['Ada Math', 'Bo Science', 'Cy Music'].map((name, i) => ({ district_id: d, local_id: `T${i + 2}`, first_name: name.split(' ')[0]!, last_name: name.split(' ')[1]! })))
    .returning('id')
    .execute();
  const [math, science, music] = staff.map((s) => s.id) as [number, number, number];
  const terry = (await db.selectFrom('staff').select('id').where('district_id', '=', d).where('local_id', '=', 'E100').executeTakeFirstOrThrow()).id;
  await db.insertInto('staff_assignment').values([terry, math, science, music].map((id) => ({ district_id: d, staff_id: id, school_id: school, school_year_id: year, role: 'teacher' as const, max_sections: 3, start_date: '2026-08-01' }))).execute();
  await db
    .insertInto('staff_course_qualification')
    .values([[terry, world.course], [math, alg], [math, apus], [science, chem], [science, apbio], [music, band]].map(([staff_id, course_id]) => ({ district_id: d, staff_id: staff_id!, course_id: course_id! })))
    .execute();
  const section = async (code: string, course: number, period: number, teacher: number, room: number, capacity = 34, locked = false) => {
    const { id } = await db.insertInto('section').values({ district_id: d, school_id: school, school_year_id: year, course_id: course, code, capacity, room_id: room, is_locked: locked }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('section_meeting').values([s1, s2].map((term) => ({ district_id: d, section_id: id, term_id: term, period_id: periods[period - 1]! }))).execute();
    await db.insertInto('section_teacher').values({ district_id: d, section_id: id, staff_id: teacher, start_date: '2026-08-01' }).execute();
    return id;
  };
  const sections = {
    alg1: await section('ALG-01', alg, 1, math, r2),
    alg2: await section('ALG-02', alg, 2, math, r2),
    chem: await section('CHEM-01', chem, 1, science, lab, 32),
    apus: await section('APUS-01', apus, 3, math, r1),
    apbio: await section('APBIO-01', apbio, 3, science, r2),
    band: await section('BAND-01', band, 4, music, bandRoom, 60, true),
  };
  const students = await db
    .insertInto('student')
    .values(Array.from({ length: 20 }, (_, i) => ({ district_id: d, local_id: `5${String(i).padStart(3, '0')}`, first_name: `Junior${i}`, last_name: 'Lane', birth_date: '2009-01-01', gender: 'X' as const })))
    .returning('id')
    .execute();
  const ids = students.map((s) => s.id);
  await db.insertInto('enrollment').values(ids.map((id) => ({ district_id: d, student_id: id, school_id: school, school_year_id: year, grade_level: 11, entry_date: '2026-08-10', entry_code: 'E1' }))).execute();
  await db
    .insertInto('course_request')
    .values(
      ids.flatMap((student, i) => [
        { district_id: d, student_id: student, school_id: school, school_year_id: year, course_id: alg, required: true, priority: 1, source: 'sequence' as const },
        { district_id: d, student_id: student, school_id: school, school_year_id: year, course_id: apus, required: true, priority: 2, source: 'student-choice' as const },
        { district_id: d, student_id: student, school_id: school, school_year_id: year, course_id: apbio, required: true, priority: 3, source: 'student-choice' as const },
        ...(i < 10 ? [{ district_id: d, student_id: student, school_id: school, school_year_id: year, course_id: band, required: false, priority: 5, source: 'student-choice' as const }] : []),
      ]),
    )
    .execute();
  // Five of them sit in AP Biology and in the second Algebra section.
  await db
    .insertInto('section_roster')
    .values(ids.slice(0, 5).flatMap((student) => [sections.apbio, sections.alg2].map((section_id) => ({ district_id: d, section_id, student_id: student, start_date: '2026-08-10', source: 'seed' as const }))))
    .execute();
  return { sections, rooms: { r1, r2, lab, bandRoom }, teachers: { terry, math, science, music }, courses: { alg, chem, apus, apbio, band }, year };
}

describe.each(testDatabaseKinds())('the master-schedule builder in the product on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: World;
  let school: Awaited<ReturnType<typeof addMasterSchedule>>;
  let principal: SignedIn;
  const fixture = withTestApp(kind);
  beforeAll(async () => {
    ({ handle, world, app } = fixture);
    school = await addMasterSchedule(handle, world);
    principal = await signInAs(app, 'principal');
  });

  const grid = async () => {
    const response = await app.inject({ method: 'GET', url: `/api/schools/${world.schools.north}/master-schedule`, headers: principal.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json();
  };
  const move = (sectionId: number, payload: object, version?: number) =>
    app.inject({ method: 'POST', url: `/api/master-schedule/sections/${sectionId}/move`, headers: { ...principal.headers, ...(version !== undefined ? { 'if-match': `"${version}"` } : {}) }, payload });
  const waitForBuild = (url: string) => waitForRun(app, url, principal.headers);
  const build = async (options: object = {}) => {
    const started = await app.inject({ method: 'POST', url: `/api/schools/${world.schools.north}/master-schedule/builds`, headers: principal.headers, payload: { timeLimitSeconds: 3, ...options } });
    expect(started.statusCode, started.body).toBe(202);
    return waitForBuild(started.json().url);
  };

  it('shows the grid by teacher and by room, with fill, locks, checks on their sections, and sections missing a room or teacher', async () => {
    const g = await grid();
    expect(g.schoolYear).toBe('2026-27');
    expect(g.terms).toEqual(['S1', 'S2']);
    expect(g.periods.map((p: { code: string }) => p.code)).toEqual(['P1', 'P2', 'P3', 'P4']);
    const apbio = g.sections.find((s: { code: string }) => s.code === 'APBIO-01');
    expect(apbio).toMatchObject({ course: 'APBIO', term: 'year', period: 'P3', slots: ['S1-P3', 'S2-P3'], teacher: { name: 'Science, Bo' }, room: { code: 'R2' }, enrolled: 5, capacity: 34, locked: false });
    expect(g.sections.find((s: { code: string }) => s.code === 'BAND-01').locked).toBe(true);
    const kinds = apbio.checks.map((i: number) => g.checks[i].kind).sort();
    expect(kinds).toEqual(['group-in-one-period', 'singleton-clash']);
    expect(g.checks.find((c: { kind: string }) => c.kind === 'singleton-clash').message).toMatch(/APBIO and APUS meet only in S1-P3, S2-P3: 20 students/);
    const science = g.byTeacher.find((t: { staffId: number }) => t.staffId === school.teachers.science);
    expect(science.cells['S1-P1']).toEqual([school.sections.chem]);
    expect(g.byRoom.find((r: { code: string }) => r.code === 'R2').cells['S2-P2']).toEqual([school.sections.alg2]);
    expect(g.unplaced).toEqual(expect.arrayContaining([{ id: world.sections.northOther, code: 'ENG10-02', missing: ['teacher', 'room'] }, { id: world.section, code: 'ENG10-01', missing: ['room'] }]));
  });

  it('lets a counselor of another school see nothing and a teacher not move a section', async () => {
    const counselor = await signInAs(app, 'counselor');
    expect((await app.inject({ method: 'GET', url: `/api/schools/${world.schools.north}/master-schedule`, headers: counselor.headers })).statusCode).toBe(404);
    const teacher = await signInAs(app, 'teacher');
    expect((await app.inject({ method: 'POST', url: `/api/master-schedule/sections/${school.sections.apbio}/move`, headers: teacher.headers, payload: { period: 'P2', dryRun: true } })).statusCode).toBe(403);
  });

  it('previews the clashes a move would cause before it is saved', async () => {
    const clash = (await move(school.sections.apbio, { period: 'P1', dryRun: true })).json();
    expect(clash.canSave).toBe(false);
    expect(clash.clashes.filter((c: { hard: boolean }) => c.hard).map((c: { kind: string }) => c.kind).sort()).toEqual(['room-double-booked', 'teacher-double-booked']);
    expect(clash.clashes.find((c: { kind: string }) => c.kind === 'teacher-double-booked').message).toBe('Science, Bo already teaches CHEM-01 then.');
    const soft = (await move(school.sections.apbio, { period: 'P2', roomId: school.rooms.r1, dryRun: true })).json();
    expect(soft.canSave).toBe(true);
    expect(soft.studentsAffected).toBe(5);
    expect(soft.clashes).toEqual(expect.arrayContaining([
      expect.objectContaining({ kind: 'students-double-booked', hard: false, students: 5, message: '5 students in APBIO-01 already have another class then.' }),
      expect.objectContaining({ kind: 'students-affected', students: 5 }),
    ]));
    const unqualified = (await move(school.sections.apbio, { staffId: school.teachers.music, dryRun: true })).json();
    expect(unqualified.clashes.find((c: { kind: string }) => c.kind === 'teacher-not-qualified')).toMatchObject({ hard: true, message: 'Music, Cy is not qualified to teach AP BIOLOGY.' });
    const wrongRoom = (await move(school.sections.apbio, { roomId: school.rooms.bandRoom, period: 'P2', dryRun: true })).json();
    expect(wrongRoom.clashes.map((c: { kind: string }) => c.kind)).toContain('room-wrong-type');
    const newClash = (await move(school.sections.alg1, { period: 'P3', roomId: school.rooms.r2, dryRun: true })).json();
    expect(newClash.clashes.map((c: { kind: string }) => c.kind)).toContain('teacher-double-booked');
  });

  it('refuses a save that double-books a teacher, and saves a clean move against the version seen, audited', async () => {
    const before = (await grid()).sections.find((s: { code: string }) => s.code === 'APBIO-01');
    const refused = await move(school.sections.apbio, { period: 'P1' }, before.version);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'move-breaks-rules' });
    expect(refused.json().detail).toMatch(/Science, Bo already teaches CHEM-01 then/);
    expect((await move(school.sections.apbio, { period: 'P2', roomId: school.rooms.r1 })).statusCode).toBe(428);
    const saved = await move(school.sections.apbio, { period: 'P2', roomId: school.rooms.r1, reason: 'AP Biology out of AP US History\'s period' }, before.version);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toMatchObject({ saved: true, studentsAffected: 5, version: before.version + 1 });
    const after = (await grid()).sections.find((s: { code: string }) => s.code === 'APBIO-01');
    expect(after).toMatchObject({ period: 'P2', room: { code: 'R1' } });
    expect((await move(school.sections.apbio, { period: 'P4' }, before.version)).statusCode).toBe(412);
    // One event, one row, naming the five students whose schedules the move changed.
    const audit = await handle.db.selectFrom('audit_event').select(['entity', 'student_ids']).where('entity_id', '=', `section ${school.sections.apbio}`).execute();
    const roster = await handle.db.selectFrom('section_roster').select('student_id').where('section_id', '=', school.sections.apbio).orderBy('student_id').execute();
    expect(roster).toHaveLength(5);
    expect(audit).toEqual([{ entity: 'schedule', student_ids: roster.map((r) => r.student_id) }]);
    expect((await grid()).checks.filter((c: { kind: string }) => c.kind === 'singleton-clash')).toEqual([]);
  });

  it('locks a section, refuses to move it, and a build keeps it where it is', async () => {
    const apus = (await grid()).sections.find((s: { code: string }) => s.code === 'APUS-01');
    const locked = await app.inject({ method: 'POST', url: `/api/master-schedule/sections/${school.sections.apus}/lock`, headers: { ...principal.headers, 'if-match': `"${apus.version}"` }, payload: { locked: true } });
    expect(locked.statusCode, locked.body).toBe(200);
    expect(locked.json()).toMatchObject({ locked: true, version: apus.version + 1 });
    const moveLocked = (await move(school.sections.apus, { period: 'P4', dryRun: true })).json();
    expect(moveLocked.clashes[0]).toMatchObject({ kind: 'section-locked', hard: true });
    const run = await build();
    expect(run.status, run.error).toBe('preview');
    expect(run.summary).toMatchObject({ locksKept: 2, sections: 8 });
    expect(run.summary.proposed.requiredMet).toBeGreaterThanOrEqual(run.summary.current.requiredMet);
    // The preview says how many more students the proposal completes than the schedule as it stands.
    expect(run.summary.moreStudentsComplete).toBe(run.summary.proposed.studentsComplete - run.summary.current.studentsComplete);
    const placed = await handle.db.selectFrom('scheduling_run_placement').selectAll().where('scheduling_run_id', '=', run.id).where('section_id', 'in', [school.sections.apus, school.sections.band]).execute();
    const p = (code: string) => handle.db.selectFrom('period').select('id').where('school_id', '=', world.schools.north).where('code', '=', code).executeTakeFirstOrThrow();
    expect(placed.filter((r) => r.section_id === school.sections.apus).map((r) => [r.period_id, r.staff_id, r.room_id])).toEqual([
      [(await p('P3')).id, school.teachers.math, school.rooms.r1],
      [(await p('P3')).id, school.teachers.math, school.rooms.r1],
    ]);
    expect(placed.filter((r) => r.section_id === school.sections.band).every((r) => r.room_id === school.rooms.bandRoom && r.staff_id === school.teachers.music)).toBe(true);
    expect((await app.inject({ method: 'POST', url: `/api/master-builds/${run.id}/discard`, headers: principal.headers })).json().status).toBe('discarded');
  });

  it('keeps every section with its teacher when asked, building only times and rooms', async () => {
    const run = await build({ keepTeachers: true });
    expect(run.status, run.error).toBe('preview');
    // Only ENG10-02, which had no teacher, gets one.
    expect(run.summary).toMatchObject({ keepTeachers: true, teachersChanged: 1 });
    const teachers = await handle.db.selectFrom('section_teacher').select(['section_id', 'staff_id']).where('end_date', 'is', null).execute();
    const placed = await handle.db.selectFrom('scheduling_run_placement').select(['section_id', 'staff_id']).where('scheduling_run_id', '=', run.id).execute();
    for (const p of placed) {
      const now = teachers.find((t) => t.section_id === p.section_id);
      if (now) expect(p.staff_id).toBe(now.staff_id);
    }
    await app.inject({ method: 'POST', url: `/api/master-builds/${run.id}/discard`, headers: principal.headers });
  });

  it('refuses to commit a build whose proposal breaks a hard rule, naming the section, and changes nothing', async () => {
    const run = await build();
    expect(run.status, run.error).toBe('preview');
    // A proposal kept by a builder that put a section in a room of the wrong kind.
    await handle.db.updateTable('scheduling_run_placement').set({ room_id: school.rooms.bandRoom }).where('scheduling_run_id', '=', run.id).where('section_id', '=', school.sections.alg1).execute();
    const meetings = () => handle.db.selectFrom('section_meeting').select(['section_id', 'term_id', 'period_id']).orderBy('section_id').orderBy('term_id').execute();
    const before = await meetings();
    const refused = await app.inject({ method: 'POST', url: `/api/master-builds/${run.id}/commit`, headers: principal.headers });
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'build-breaks-rules', sections: ['ALG-01'] });
    expect(refused.json().detail).toMatch(/section ALG-01: room BAND is music, ALG needs classroom/);
    expect(await meetings()).toEqual(before);
    expect((await handle.db.selectFrom('section').select('room_id').where('id', '=', school.sections.alg1).executeTakeFirstOrThrow()).room_id).toBe(school.rooms.r2);
    expect((await app.inject({ method: 'GET', url: `/api/master-builds/${run.id}`, headers: principal.headers })).json().status).toBe('preview');
    await app.inject({ method: 'POST', url: `/api/master-builds/${run.id}/discard`, headers: principal.headers });
  });

  it('commits a build atomically, and refuses to commit one whose master schedule changed since it started', async () => {
    const run = await build();
    expect(run.status, run.error).toBe('preview');
    const chem = (await grid()).sections.find((s: { code: string }) => s.code === 'CHEM-01');
    await app.inject({ method: 'POST', url: `/api/master-schedule/sections/${school.sections.chem}/lock`, headers: { ...principal.headers, 'if-match': `"${chem.version}"` }, payload: { locked: true } });
    const stale = await app.inject({ method: 'POST', url: `/api/master-builds/${run.id}/commit`, headers: principal.headers });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('master-schedule-changed');
    await app.inject({ method: 'POST', url: `/api/master-builds/${run.id}/discard`, headers: principal.headers });

    const fresh = await build();
    expect(fresh.status, fresh.error).toBe('preview');
    const proposed = await handle.db.selectFrom('scheduling_run_placement').select(['section_id', 'period_id', 'staff_id', 'room_id']).where('scheduling_run_id', '=', fresh.id).orderBy('section_id').orderBy('term_id').execute();
    const committed = await app.inject({ method: 'POST', url: `/api/master-builds/${fresh.id}/commit`, headers: principal.headers });
    expect(committed.statusCode, committed.body).toBe(200);
    const now = await handle.db.selectFrom('section_meeting').select(['section_id', 'period_id']).where('section_id', 'in', proposed.map((r) => r.section_id)).orderBy('section_id').orderBy('term_id').execute();
    expect(now).toEqual(proposed.map((r) => ({ section_id: r.section_id, period_id: r.period_id })));
    const g = await grid();
    expect(g.checks.filter((c: { kind: string }) => c.kind.endsWith('double-booked'))).toEqual([]);
    expect(g.unplaced).toEqual([]);
    expect((await app.inject({ method: 'POST', url: `/api/master-builds/${fresh.id}/commit`, headers: principal.headers })).statusCode).toBe(409);
    expect((await app.inject({ method: 'POST', url: `/api/scheduling-runs/${fresh.id}/commit`, headers: principal.headers })).json().code).toBe('not-a-student-run');

    // Built again at once, nothing better is found than what was just committed: the build keeps
    // it, moves nothing, and shows the same figures on both sides.
    const again = await build();
    expect(again.status, again.error).toBe('preview');
    expect(again.summary).toMatchObject({ chosen: 'incumbent', sectionsMoved: 0, teachersChanged: 0, roomsChanged: 0, studentsAffected: 0 });
    expect(again.summary.proposed).toEqual(again.summary.current);
    await app.inject({ method: 'POST', url: `/api/master-builds/${again.id}/discard`, headers: principal.headers });
  });

  it("reports a build no schedule can satisfy with the builder's reason, changing nothing", async () => {
    const { id: french } = await handle.db.insertInto('course').values({ district_id: world.districtId, code: 'FREN1', title: 'FRENCH 1', credits: '10', subject: 'language', term_length: 'year', language: 'french' }).returning('id').executeTakeFirstOrThrow();
    await handle.db.insertInto('section').values({ district_id: world.districtId, school_id: world.schools.north, school_year_id: school.year, course_id: french, code: 'FREN1-01', capacity: 30 }).execute();
    const run = await build();
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/^no master schedule keeps every rule: .*FREN1/);
  });
});
