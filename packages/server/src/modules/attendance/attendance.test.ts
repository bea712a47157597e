import { beforeAll, describe, expect, it } from 'vitest';
import { testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { sectionAttendance } from '@homeroom/core/api/attendance';
import { createAttendanceDistrict } from '../../testing/attendance-district.ts';
import { withTestApp } from '../../testing/test-app.ts';

describe.each(testDatabaseKinds())('attendance on the %s database', (kind) => {
  const t = withTestApp(kind, { district: createAttendanceDistrict });
  const as: Record<string, SignedIn> = {};
  beforeAll(async () => {
    for (const user of ['terry', 'mo', 'kim', 'clerk', 'principal', 'admin']) as[user] = await signInAs(t.app, user);
  });
  let keys = 0;
  const key = () => `test-save-${String(++keys).padStart(4, '0')}`;
  const roster = (user: string, section: number, date: string) => t.app.inject({ method: 'GET', url: `/api/sections/${section}/attendance?date=${date}`, headers: as[user]!.headers });
  const take = (user: string, section: number, date: string, marks: Array<{ studentId: number; code: string }>, idempotencyKey = key()) =>
    t.app.inject({ method: 'PUT', url: `/api/sections/${section}/attendance/${date}`, headers: as[user]!.headers, payload: { idempotencyKey, marks } });
  const count = async (table: 'attendance_taking' | 'attendance_change' | 'period_attendance' | 'audit_event') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  const codesOf = async (section: number, date: string) =>
    Object.fromEntries(
      (await t.db.selectFrom('period_attendance').select(['student_id', 'code']).where('section_id', '=', section).where('day', '=', date).execute()).map((r) => [r.student_id, r.code]),
    );
  const daily = (student: number, date: string) =>
    t.db.selectFrom('daily_attendance').select(['status', 'code', 'periods_absent', 'periods_scheduled', 'derived']).where('student_id', '=', student).where('day', '=', date).executeTakeFirst();

  it('lists the roster as it stood that day, everyone present until marked', async () => {
    const before = await roster('terry', t.world.sections.english, '2026-09-03');
    expect(before.statusCode, before.body).toBe(200);
    const body = before.json();
    expect(body.students.map((s: { name: { first: string } }) => s.name.first)).toEqual(['Ana', 'Ben', 'Dee']);
    expect(body.students.every((s: { code: string; recorded: boolean }) => s.code === 'P' && !s.recorded)).toBe(true);
    expect(body.taken).toBe(false);
    expect(body.period).toEqual({ code: 'P1', name: 'Period 1' });
    const after = (await roster('terry', t.world.sections.english, '2026-09-08')).json();
    expect(after.students.map((s: { name: { first: string } }) => s.name.first)).toEqual(['Ana', 'Ben', 'Cruz']);
  });

  it('refuses a day without school, saying why', async () => {
    const holiday = await roster('terry', t.world.sections.english, '2026-11-26');
    expect(holiday.statusCode).toBe(422);
    expect(holiday.json().title).toBe('No school on 2026-11-26: Thanksgiving');
    const labor = await take('terry', t.world.sections.english, '2026-09-07', []);
    expect(labor.json().title).toBe('No school on 2026-09-07: Labor Day');
    const weekend = await roster('terry', t.world.sections.english, '2026-09-05');
    expect(weekend.json().title).toBe('No school on 2026-09-05: a weekend');
    expect(await count('attendance_taking')).toBe(0);
  });

  it("answers 'not found' to a teacher asking for another teacher's section, and writes nothing but the refusals", async () => {
    const before = await t.db.selectFrom('audit_event').select((eb) => eb.fn.max('id').as('id')).executeTakeFirstOrThrow();
    expect((await roster('mo', t.world.sections.english, '2026-09-03')).statusCode).toBe(404);
    expect((await take('terry', t.world.sections.math, '2026-09-03', [])).statusCode).toBe(404);
    expect((await take('kim', t.world.sections.english, '2026-09-03', [])).statusCode).toBe(404);
    const written = await t.db.selectFrom('audit_event').select(['action', 'student_id', 'student_ids']).where('id', '>', Number(before.id ?? 0)).execute();
    expect(written).toEqual(Array(3).fill({ action: 'refused', student_id: null, student_ids: null }));
    expect(await count('attendance_taking')).toBe(0);
  });

  it('checks every mark first and saves nothing when one is wrong, naming the student and the field', async () => {
    const response = await take('terry', t.world.sections.english, '2026-09-03', [
      { studentId: t.world.students.cruz, code: 'A' },
      { studentId: t.world.students.ana, code: 'Q' },
      { studentId: t.world.students.ben, code: 'A' },
    ]);
    expect(response.statusCode).toBe(422);
    const problem = response.json();
    expect(problem.code).toBe('attendance-not-valid');
    expect(problem.errors).toEqual([
      { field: 'marks[0].studentId', message: `Student ${t.world.students.cruz} is not on the roster of ENG10-01 on 2026-09-03.` },
      { field: 'marks[1].code', message: '"Q" (for Ana Alvarez) is not an attendance code; the codes are P, T, A, E, I, M, S, IS.' },
    ]);
    expect(await count('period_attendance')).toBe(0);
    expect(await count('attendance_taking')).toBe(0);
  });

  it.each([
    ['a hostile idempotency key', { idempotencyKey: "'; drop table attendance_taking; --", marks: [] }],
    ['no idempotency key', { marks: [] }],
    ['a code that is SQL', { idempotencyKey: 'naughty-0001', marks: [{ studentId: 1, code: "P'; --" }] }],
    ['a student id that is not a number', { idempotencyKey: 'naughty-0002', marks: [{ studentId: '1 or 1=1', code: 'A' }] }],
    ['a thousand marks', { idempotencyKey: 'naughty-0003', marks: Array.from({ length: 1000 }, (_, i) => ({ studentId: i + 1, code: 'A' })) }],
  ])('refuses a save with %s with a problem document and stores nothing', async (_label, payload) => {
    const response = await t.app.inject({ method: 'PUT', url: `/api/sections/${t.world.sections.english}/attendance/2026-09-03`, headers: as.terry!.headers, payload });
    expect([400, 422]).toContain(response.statusCode);
    expect(response.headers['content-type']).toMatch(/problem\+json/);
    expect(await count('attendance_taking')).toBe(0);
    expect(await count('period_attendance')).toBe(0);
  });

  it('stores a retried save once and answers the retry with the first answer', async () => {
    const idempotencyKey = key();
    const first = await take('terry', t.world.sections.english, '2026-09-11', [{ studentId: t.world.students.ben, code: 'A' }], idempotencyKey);
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ stored: true, replayed: false, students: 3, present: 2, absent: 1, changed: 1 });
    const counts = [await count('attendance_taking'), await count('attendance_change'), await count('period_attendance'), await count('audit_event')];
    const retry = await take('terry', t.world.sections.english, '2026-09-11', [{ studentId: t.world.students.ben, code: 'A' }], idempotencyKey);
    expect(retry.statusCode).toBe(200);
    expect(retry.json()).toEqual({ ...first.json(), replayed: true });
    expect([await count('attendance_taking'), await count('attendance_change'), await count('period_attendance'), await count('audit_event')]).toEqual(counts);
    // The same retry sent twice at once (a flaky network): still one save.
    const racing = await Promise.all([1, 2, 3].map(() => take('terry', t.world.sections.english, '2026-09-10', [{ studentId: t.world.students.cruz, code: 'T' }], 'racing-retry-0001')));
    expect(racing.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(new Set(racing.map((r) => r.json().takingId)).size).toBe(1);
    expect(racing.filter((r) => !r.json().replayed)).toHaveLength(1);
    const takings = await t.db.selectFrom('attendance_taking').select('id').where('idempotency_key', '=', 'racing-retry-0001').execute();
    expect(takings).toHaveLength(1);
    expect((await take('terry', t.world.sections.english, '2026-09-09', [], idempotencyKey)).json().code).toBe('idempotency-key-reused');
  });

  it('ends consistent when two tabs save the same section at once', async () => {
    const { ana, ben, cruz } = t.world.students;
    const [a, b] = await Promise.all([
      take('mo', t.world.sections.art, '2026-09-10', [{ studentId: ana, code: 'A' }, { studentId: ben, code: 'T' }]),
      take('mo', t.world.sections.art, '2026-09-10', [{ studentId: ben, code: 'A' }, { studentId: cruz, code: 'A' }]),
    ]);
    expect([a.statusCode, b.statusCode]).toEqual([200, 200]);
    const stored = await codesOf(t.world.sections.art, '2026-09-10');
    const tabA = { [ana]: 'A', [ben]: 'T', [cruz]: 'P' };
    const tabB = { [ana]: 'P', [ben]: 'A', [cruz]: 'A' };
    // The later save wins whole: never a mix of the two.
    expect([tabA, tabB]).toContainEqual(stored);
    // The history ends at what is stored, for every student.
    for (const student of [ana, ben, cruz]) {
      const last = await t.db.selectFrom('attendance_change').select('new_code').where('student_id', '=', student).where('section_id', '=', t.world.sections.art).where('day', '=', '2026-09-10').orderBy('id', 'desc').executeTakeFirst();
      expect(last?.new_code ?? 'P').toBe(stored[student]);
    }
    expect(await daily(ben, '2026-09-10')).toMatchObject({ status: stored[ben] === 'A' ? 'partial' : 'present' });
  });

  it('derives the day from the periods: absent every period is a full-day absence, fewer is partial', async () => {
    const { ana, cruz } = t.world.students;
    expect((await take('terry', t.world.sections.english, '2026-09-02', [{ studentId: ana, code: 'A' }])).statusCode).toBe(200);
    expect(await daily(ana, '2026-09-02')).toEqual({ status: 'partial', code: 'A', periods_absent: 1, periods_scheduled: 3, derived: true });
    await take('mo', t.world.sections.math, '2026-09-02', [{ studentId: ana, code: 'A' }]);
    await take('mo', t.world.sections.art, '2026-09-02', [{ studentId: ana, code: 'A' }]);
    expect(await daily(ana, '2026-09-02')).toEqual({ status: 'absent', code: 'A', periods_absent: 3, periods_scheduled: 3, derived: true });
    for (const section of [t.world.sections.english, t.world.sections.math, t.world.sections.art]) {
      expect((await take(section === t.world.sections.english ? 'terry' : 'mo', section, '2026-09-14', [{ studentId: cruz, code: 'A' }])).statusCode).toBe(200);
    }
    await take('terry', t.world.sections.english, '2026-09-09', [{ studentId: cruz, code: 'A' }]);
    expect(await daily(cruz, '2026-09-09')).toMatchObject({ status: 'partial' });
    const view = (await roster('terry', t.world.sections.english, '2026-09-02')).json();
    expect(view.taken).toBe(true);
    expect(view.students.find((s: { id: number }) => s.id === ana)).toMatchObject({ code: 'A', recorded: true });
  });

  it("names the day by its most frequent absence, a tie going to the earliest period's, and counts the district's full-day number", async () => {
    // A November day no other test uses; Ben ends it partly present, as the P-1 figures below count him.
    const { ben } = t.world.students;
    await take('mo', t.world.sections.math, '2026-11-24', [{ studentId: ben, code: 'I' }]);
    await take('mo', t.world.sections.art, '2026-11-24', [{ studentId: ben, code: 'A' }]);
    expect(await daily(ben, '2026-11-24')).toEqual({ status: 'partial', code: 'I', periods_absent: 2, periods_scheduled: 3, derived: true });
    await t.db.updateTable('attendance_rule').set({ full_day_absent_periods: 2 }).execute();
    try {
      await take('mo', t.world.sections.art, '2026-11-24', [{ studentId: ben, code: 'I' }]);
      expect(await daily(ben, '2026-11-24')).toEqual({ status: 'absent', code: 'I', periods_absent: 2, periods_scheduled: 3, derived: true });
    } finally {
      await t.db.updateTable('attendance_rule').set({ full_day_absent_periods: null }).execute();
    }
    await take('mo', t.world.sections.art, '2026-11-24', []);
    expect(await daily(ben, '2026-11-24')).toMatchObject({ status: 'partial', periods_absent: 1 });
  });

  it('derives the day right when the teachers of all her periods save at the same moment', async () => {
    const { ben } = t.world.students;
    const saves = await Promise.all([
      take('terry', t.world.sections.english, '2026-09-04', [{ studentId: ben, code: 'A' }]),
      take('mo', t.world.sections.math, '2026-09-04', [{ studentId: ben, code: 'I' }]),
      take('mo', t.world.sections.art, '2026-09-04', [{ studentId: ben, code: 'A' }]),
    ]);
    expect(saves.map((s) => s.statusCode)).toEqual([200, 200, 200]);
    expect(await daily(ben, '2026-09-04')).toEqual({ status: 'absent', code: 'A', periods_absent: 3, periods_scheduled: 3, derived: true });
    // Present again in every period (a mistake on the paper): a full day of attendance.
    await Promise.all([take('terry', t.world.sections.english, '2026-09-04', []), take('mo', t.world.sections.math, '2026-09-04', []), take('mo', t.world.sections.art, '2026-09-04', [])]);
    expect(await daily(ben, '2026-09-04')).toMatchObject({ status: 'present', periods_absent: 0 });
  });

  it('keeps teachers to recent days; the clerk corrects older ones', async () => {
    await t.db.updateTable('attendance_rule').set({ teacher_edit_days: 0 }).where('district_id', '=', t.world.districtId).execute();
    try {
      const late = await take('terry', t.world.sections.english, '2026-09-04', []);
      expect(late.statusCode).toBe(403);
      expect(late.json().code).toBe('attendance-window-closed');
      expect((await take('clerk', t.world.sections.english, '2026-09-04', [])).statusCode).toBe(200);
    } finally {
      await t.db.updateTable('attendance_rule').set({ teacher_edit_days: 3650 }).where('district_id', '=', t.world.districtId).execute();
    }
  });

  it("records a clerk's correction with its reason, in the history and the audit trail, and a teacher's re-save keeps it", async () => {
    const { ana } = t.world.students;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/students/${ana}/attendance-corrections`,
      headers: as.clerk!.headers,
      payload: { date: '2026-09-02', sectionId: t.world.sections.math, code: 'I', reason: 'father called: ill with a fever' },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ oldCode: 'A', code: 'I', section: 'GEO-01', changed: true });
    const change = await t.db.selectFrom('attendance_change').select(['old_code', 'new_code', 'source', 'reason', 'changed_by']).where('student_id', '=', ana).where('section_id', '=', t.world.sections.math).orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(change).toEqual({ old_code: 'A', new_code: 'I', source: 'clerk', reason: 'father called: ill with a fever', changed_by: t.world.staff.clerk });
    const audit = await t.db.selectFrom('audit_event').select(['action', 'entity', 'reason', 'user_id']).where('student_id', '=', ana).where('action', '=', 'correct').executeTakeFirstOrThrow();
    expect(audit).toEqual({ action: 'correct', entity: 'attendance', reason: 'father called: ill with a fever', user_id: t.world.users.clerk });
    // The teacher saves the period again from a stale page: Ana is still absent, and the clerk's reason stays.
    await take('mo', t.world.sections.math, '2026-09-02', [{ studentId: ana, code: 'A' }]);
    expect((await codesOf(t.world.sections.math, '2026-09-02'))[ana]).toBe('I');
    // A correction without a reason, or by a teacher, is refused.
    const noReason = await t.app.inject({ method: 'POST', url: `/api/students/${ana}/attendance-corrections`, headers: as.clerk!.headers, payload: { date: '2026-09-02', code: 'I' } });
    expect(noReason.statusCode).toBe(400);
    const teacher = await t.app.inject({ method: 'POST', url: `/api/students/${ana}/attendance-corrections`, headers: as.terry!.headers, payload: { date: '2026-09-02', code: 'I', reason: 'x-ray' } });
    expect(teacher.statusCode).toBe(403);
  });

  it('turns uncleared absences into excused ones when a guardian sends a note', async () => {
    const { cruz } = t.world.students;
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/students/${cruz}/attendance-notes`,
      headers: as.clerk!.headers,
      payload: { from: '2026-09-14', to: '2026-09-15', reason: 'family emergency, note signed by mother', guardianId: t.world.guardians.mother },
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({ periodsExcused: 3 });
    for (const section of [t.world.sections.english, t.world.sections.math, t.world.sections.art]) expect((await codesOf(section, '2026-09-14'))[cruz]).toBe('E');
    expect(await daily(cruz, '2026-09-14')).toMatchObject({ status: 'absent', code: 'E' });
    const history = await t.db.selectFrom('attendance_change').select(['source', 'new_code']).where('student_id', '=', cruz).where('day', '=', '2026-09-14').where('source', '=', 'parent-note').execute();
    expect(history).toHaveLength(3);
    // An absence marked later in the note's days is excused as it is saved.
    await take('terry', t.world.sections.english, '2026-09-15', [{ studentId: cruz, code: 'A' }]);
    expect((await codesOf(t.world.sections.english, '2026-09-15'))[cruz]).toBe('E');
    await take('terry', t.world.sections.english, '2026-09-15', []);
  });

  it('takes an elementary day directly from the homeroom', async () => {
    const { eli, fay } = t.world.students;
    const response = await take('kim', t.world.sections.kinder, '2026-09-02', [{ studentId: eli, code: 'I' }]);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ period: null, students: 2, absent: 1 });
    expect(await daily(eli, '2026-09-02')).toEqual({ status: 'absent', code: 'I', periods_absent: 1, periods_scheduled: 1, derived: false });
    // Present is not stored: the taking says Fay was there, and the roster shows her recorded present.
    expect(await daily(fay, '2026-09-02')).toBeUndefined();
    const view = (await roster('kim', t.world.sections.kinder, '2026-09-02')).json();
    expect(view.students.map((s: { code: string; recorded: boolean }) => [s.code, s.recorded])).toEqual([
      ['I', true],
      ['P', true],
    ]);
  });

  it('computes ADA and chronic absence through the API as worked by hand', async () => {
    // Lincoln, 1–15 September (see attendance-district.ts and the core's tests): Ana absent all day
    // on the 2nd, Cruz on the 14th; the partial days and tardies count as attended.
    // Days taught 10; days of attendance 9 + 10 + 5 + 3 = 27; ADA 2.7.
    const ada = await t.app.inject({ method: 'GET', url: `/api/schools/${t.world.schools.lincoln}/ada?from=2026-09-01&to=2026-09-15`, headers: as.principal!.headers });
    expect(ada.statusCode, ada.body).toBe(200);
    expect(ada.json()).toMatchObject({ daysTaught: 10, daysEnrolled: 29, daysOfAttendance: 27, ada: { numerator: 27, denominator: 10, value: 2.7 } });
    // P-1 to its end: the ten September days and 23–25 November (Thanksgiving and the day after are off).
    const p1 = (await t.app.inject({ method: 'GET', url: `/api/schools/${t.world.schools.lincoln}/ada?period=P1&year=2026-27&asOf=2026-12-31`, headers: as.clerk!.headers })).json();
    expect(p1).toMatchObject({ from: '2026-07-01', to: '2026-12-31', daysTaught: 13, ada: { numerator: 27 + 3 * 3, denominator: 13 } });
    // Garfield: Eli ill on the 2nd; 19 days of attendance in 10 days taught.
    const garfield = (await t.app.inject({ method: 'GET', url: `/api/schools/${t.world.schools.garfield}/ada?from=2026-09-01&to=2026-09-15`, headers: as.admin!.headers })).json();
    expect(garfield.ada).toEqual({ numerator: 19, denominator: 10, value: 1.9 });
    const chronic = await t.app.inject({ method: 'GET', url: `/api/schools/${t.world.schools.lincoln}/chronic-absence?asOf=2026-09-15`, headers: as.principal!.headers });
    expect(chronic.statusCode, chronic.body).toBe(200);
    expect(chronic.json()).toMatchObject({ daysTaught: 10, studentsCounted: 4, chronicallyAbsent: 2, rate: { numerator: 2, denominator: 4, percent: 50 } });
    expect(chronic.json().students.map((s: { name: { first: string }; daysEnrolled: number; daysAbsent: number }) => [s.name.first, s.daysEnrolled, s.daysAbsent])).toEqual([
      ['Ana', 10, 1],
      ['Cruz', 6, 1],
    ]);
    // The clerk of Lincoln does not see Garfield's figures.
    expect((await t.app.inject({ method: 'GET', url: `/api/schools/${t.world.schools.garfield}/ada`, headers: as.clerk!.headers })).statusCode).toBe(404);
  });

  it("shows who has not taken attendance on a day, at a school and across the district", async () => {
    const school = await t.app.inject({ method: 'GET', url: `/api/schools/${t.world.schools.lincoln}/attendance-not-taken?date=2026-09-08`, headers: as.principal!.headers });
    expect(school.statusCode, school.body).toBe(200);
    expect(school.json()).toMatchObject({ meetings: 3, taken: 0, notTaken: 3, teachersNotTaken: 2 });
    await take('terry', t.world.sections.english, '2026-09-08', []);
    const after = (await t.app.inject({ method: 'GET', url: `/api/schools/${t.world.schools.lincoln}/attendance-not-taken?date=2026-09-08`, headers: as.principal!.headers })).json();
    expect(after).toMatchObject({ meetings: 3, taken: 1, notTaken: 2, teachersNotTaken: 1 });
    expect(after.sections.map((s: { section: string; teachers: Array<{ name: string }> }) => [s.section, s.teachers.map((t) => t.name)])).toEqual([
      ['GEO-01', ['Mo Staff']],
      ['ART-01', ['Mo Staff']],
    ]);
    const district = await t.app.inject({ method: 'GET', url: '/api/attendance-not-taken?date=2026-09-08', headers: as.admin!.headers });
    expect(district.statusCode, district.body).toBe(200);
    expect(district.json()).toMatchObject({ meetings: 4, taken: 1, notTaken: 3, teachersNotTaken: 2 });
    expect((await t.app.inject({ method: 'GET', url: '/api/attendance-not-taken?date=2026-09-08', headers: as.principal!.headers })).statusCode).toBe(403);
  });

  const lastAudit = () => t.db.selectFrom('audit_event').select(['user_id', 'action', 'entity', 'entity_id', 'student_id', 'student_ids']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const idsOf = (body: { students: Array<{ id: number }> }) => body.students.map((s) => s.id).sort((a, b) => a - b);

  it("audits a roster read and a save as one row each, naming exactly the students on that day's roster", async () => {
    const read = await roster('terry', t.world.sections.english, '2026-11-23');
    expect(read.statusCode, read.body).toBe(200);
    const onRoster = idsOf(read.json());
    expect(onRoster).toHaveLength(3);
    expect(await lastAudit()).toEqual({ user_id: t.world.users.terry, action: 'read', entity: 'attendance', entity_id: null, student_id: null, student_ids: onRoster });
    const audits = await count('audit_event');
    const saved = await take('terry', t.world.sections.english, '2026-11-23', []);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(await count('audit_event')).toBe(audits + 1);
    // Everyone on the roster is saved (present unless marked), so the save names them all.
    expect(await lastAudit()).toEqual({ user_id: t.world.users.terry, action: 'update', entity: 'attendance', entity_id: String(saved.json().takingId), student_id: null, student_ids: onRoster });
  });

  it('answers the roster as its response schema says, to the field', async () => {
    const response = await roster('terry', t.world.sections.english, '2026-09-03');
    expect(response.statusCode, response.body).toBe(200);
    const parsed = sectionAttendance.safeParse(response.json());
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });
});
