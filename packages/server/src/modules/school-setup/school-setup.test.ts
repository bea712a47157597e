import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { createSmallDistrict } from '../../testing/small-district.ts';

type World = Awaited<ReturnType<typeof createSmallDistrict>>;
interface Year { id: number; name: string; version: number; startDate: string; endDate: string; terms: Array<{ id: number; code: string; name: string; startDate: string; endDate: string; gradingPeriods: Array<{ id: number; code: string; name: string; startDate: string; endDate: string; isFinal: boolean; marksDue: string | null }> }> }

const nextYearTerms = [
  {
    code: 'S1', name: 'Fall', startDate: '2027-08-16', endDate: '2028-01-21',
    gradingPeriods: [
      { code: 'S1-P1', name: 'Fall progress report', startDate: '2027-08-16', endDate: '2027-10-08', marksDue: '2027-10-13' },
      { code: 'S1-F', name: 'Fall final', startDate: '2027-08-16', endDate: '2028-01-21', isFinal: true, marksDue: '2028-01-26' },
    ],
  },
  { code: 'S2', name: 'Spring', startDate: '2028-01-24', endDate: '2028-06-09', gradingPeriods: [{ code: 'S2-F', name: 'Spring final', startDate: '2028-01-24', endDate: '2028-06-09', isFinal: true, marksDue: '2028-06-14' }] },
];

/** The current year's setup as the form would send it back, with one change applied. */
function asSent(year: Year) {
  return { startDate: year.startDate, endDate: year.endDate, terms: year.terms.map((t) => ({ code: t.code, name: t.name, startDate: t.startDate, endDate: t.endDate, gradingPeriods: t.gradingPeriods.map(({ id: _id, ...g }) => g) })) };
}

describe.each(testDatabaseKinds())('school setup: terms, grading periods and the calendar on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: FastifyInstance;
  let world: World;
  let admin: SignedIn;
  let principal: SignedIn;
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    world = await createSmallDistrict(handle.db);
    const d = world.districtId;
    // Attendance taken at North on 2026-08-18, and a progress mark given in the fall.
    await handle.db.insertInto('daily_attendance').values({ district_id: d, student_id: world.students.avery, day: '2026-08-18', school_id: world.schools.north, status: 'present', derived: false }).execute();
    const progress = await handle.db.selectFrom('grading_period').select('id').where('district_id', '=', d).where('code', '=', 'S1-P1').executeTakeFirstOrThrow();
    await handle.db.insertInto('mark').values({ district_id: d, student_id: world.students.avery, section_id: world.section, grading_period_id: progress.id, mark: 'B' }).execute();
    app = await buildApp({ db: handle.db });
    admin = await signInAs(app, 'admin');
    principal = await signInAs(app, 'principal');
  });
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const years = async (who: SignedIn = admin) => {
    const response = await app.inject({ method: 'GET', url: '/api/school-years', headers: who.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<{ years: Year[] }>().years;
  };
  const yearNamed = async (name: string) => (await years()).find((y) => y.name === name)!;
  const putYear = (year: Year, payload: object, version = year.version, who = admin) =>
    app.inject({ method: 'PUT', url: `/api/school-years/${year.id}`, headers: { ...who.headers, 'if-match': `"${version}"` }, payload });
  const audits = (entity: string) => handle.db.selectFrom('audit_event').select(['action', 'entity_id', 'details']).where('entity', '=', entity).execute();

  it('sets up next year\'s terms and grading periods against the version seen, audited, and then copies the master schedule into it', async () => {
    const copy = () => app.inject({ method: 'POST', url: `/api/schools/${world.schools.north}/master-schedule/copy`, headers: principal.headers, payload: { fromYear: '2026-27', toYear: '2027-28' } });
    const before = await copy();
    expect(before.statusCode).toBe(409);
    expect(before.json().code).toBe('no-terms');

    const next = await yearNamed('2027-28');
    expect(next.terms).toEqual([]);
    const saved = await putYear(next, { startDate: next.startDate, endDate: next.endDate, terms: nextYearTerms });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.headers.etag).toBe(`"${next.version + 1}"`);
    const year = saved.json<Year>();
    expect(year.terms.map((t) => [t.code, t.gradingPeriods.map((g) => `${g.code}${g.isFinal ? '*' : ''}`)])).toEqual([['S1', ['S1-P1', 'S1-F*']], ['S2', ['S2-F*']]]);
    expect((await audits('school-year')).find((a) => a.entity_id === String(next.id))).toBeTruthy();

    const stale = await putYear(next, { startDate: next.startDate, endDate: next.endDate, terms: [] });
    expect(stale.statusCode).toBe(412);
    expect(stale.json().code).toBe('stale-version');
    expect((await yearNamed('2027-28')).terms).toHaveLength(2);

    const copied = await copy();
    expect(copied.statusCode, copied.body).toBe(201);
    expect(copied.json().sections).toBeGreaterThan(0);
  });

  it('refuses a setup that breaks the rules, naming the field, and saves nothing', async () => {
    const next = await yearNamed('2027-28');
    const bad = structuredClone(asSent(next));
    bad.terms[0]!.endDate = '2028-09-01';
    bad.terms[1]!.gradingPeriods[0]!.isFinal = false;
    const response = await putYear(next, bad);
    expect(response.statusCode).toBe(400);
    const fields = response.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['body.terms.0.endDate', 'body.terms.1.gradingPeriods']));
    expect((await yearNamed('2027-28')).version).toBe(next.version);
  });

  it('refuses changing or removing a term or grading period that has marks or attendance, saying what depends on it', async () => {
    const current = await yearNamed('2026-27');
    const moved = structuredClone(asSent(current));
    moved.terms[0]!.endDate = '2027-01-29';
    const term = await putYear(current, moved);
    expect(term.statusCode).toBe(409);
    expect(term.json()).toMatchObject({ code: 'term-in-use', field: 'body.terms.0.endDate', dependents: { marks: 1, attendance: 1 } });
    expect(term.json().detail).toContain('1 mark and 1 attendance record');

    const removed = structuredClone(asSent(current));
    removed.terms[0]!.gradingPeriods = removed.terms[0]!.gradingPeriods.filter((g) => g.code !== 'S1-P1');
    const period = await putYear(current, removed);
    expect(period.statusCode).toBe(409);
    expect(period.json()).toMatchObject({ code: 'grading-period-in-use', dependents: { marks: 1 } });

    const gone = await putYear(current, { ...asSent(current), terms: [] });
    expect(gone.statusCode).toBe(409);
    expect(gone.json()).toMatchObject({ code: 'term-in-use', field: 'body.terms' });

    // A name and a marks due date may still change.
    const renamed = structuredClone(asSent(current));
    renamed.terms[0]!.name = 'Fall semester';
    renamed.terms[0]!.gradingPeriods[0]!.marksDue = '2026-10-16';
    expect((await putYear(current, renamed)).statusCode).toBe(200);
    expect((await yearNamed('2026-27')).terms[0]!.name).toBe('Fall semester');
  });

  it('creates a new school year with its terms; only a district administrator may', async () => {
    const payload = { name: '2028-29', startDate: '2028-08-01', endDate: '2029-07-31', terms: [{ ...nextYearTerms[1]!, code: 'S1', startDate: '2028-08-14', endDate: '2029-01-19', gradingPeriods: [{ code: 'S1-F', name: 'Fall final', startDate: '2028-08-14', endDate: '2029-01-19', isFinal: true }] }] };
    expect((await app.inject({ method: 'POST', url: '/api/school-years', headers: principal.headers, payload })).statusCode).toBe(403);
    const created = await app.inject({ method: 'POST', url: '/api/school-years', headers: admin.headers, payload });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json<Year>().terms[0]!.gradingPeriods[0]!.isFinal).toBe(true);
    const again = await app.inject({ method: 'POST', url: '/api/school-years', headers: admin.headers, payload });
    expect(again.json()).toMatchObject({ code: 'school-year-exists', field: 'body.name' });
    const helpdesk = await signInAs(app, 'helpdesk');
    expect((await years(helpdesk)).map((y) => y.name)).toContain('2028-29');
  });

  describe('the calendar', () => {
    const month = async (who: SignedIn, school = world.schools.north) => {
      const response = await app.inject({ method: 'GET', url: `/api/schools/${school}/calendar?month=2026-08`, headers: who.headers });
      expect(response.statusCode, response.body).toBe(200);
      return response.json<{ days: Array<{ day: string; dayType: string; instructional: boolean; version: number; note: string | null }> }>().days;
    };
    const setDay = (who: SignedIn, day: string, payload: object, version?: number, school = world.schools.north) =>
      app.inject({ method: 'PUT', url: `/api/schools/${school}/calendar/${day}`, headers: { ...who.headers, ...(version !== undefined ? { 'if-match': `"${version}"` } : {}) }, payload });

    it('lets a school administrator add a holiday and a minimum day to their school, against the version seen, audited', async () => {
      const added = await setDay(principal, '2026-08-24', { dayType: 'holiday', note: 'Staff development' });
      expect(added.statusCode, added.body).toBe(200);
      expect(added.json().days[0]).toMatchObject({ dayType: 'holiday', instructional: false, version: 1 });
      const friday = (await month(principal)).find((d) => d.day === '2026-08-21')!;
      expect((await setDay(principal, '2026-08-21', { dayType: 'minimum' })).statusCode).toBe(428);
      const minimum = await setDay(principal, '2026-08-21', { dayType: 'minimum', note: 'Back-to-school night' }, friday.version);
      expect(minimum.statusCode, minimum.body).toBe(200);
      expect((await setDay(principal, '2026-08-21', { dayType: 'regular' }, friday.version)).statusCode).toBe(412);
      expect((await setDay(principal, '2026-08-21', { dayType: 'regular' }, friday.version + 1)).json().days[0]).toMatchObject({ dayType: 'regular', instructional: true });
      expect((await audits('calendar-day')).map((a) => a.entity_id)).toEqual(expect.arrayContaining([`${world.schools.north}/2026-08-24`, `${world.schools.north}/2026-08-21`]));
    });

    it('refuses to make a day with attendance a holiday, saying how much attendance depends on it', async () => {
      const tuesday = (await month(principal)).find((d) => d.day === '2026-08-18')!;
      const refused = await setDay(principal, '2026-08-18', { dayType: 'holiday' }, tuesday.version);
      expect(refused.statusCode).toBe(409);
      expect(refused.json()).toMatchObject({ code: 'day-has-attendance', field: 'body.dayType', dependents: { attendance: 1 } });
      expect((await month(principal)).find((d) => d.day === '2026-08-18')).toMatchObject({ dayType: 'regular', version: tuesday.version });
      // The district holiday is refused at every school, so nothing changes at South either.
      const district = await app.inject({ method: 'PUT', url: '/api/calendar/2026-08-18', headers: admin.headers, payload: { dayType: 'holiday' } });
      expect(district.statusCode).toBe(409);
      expect((await month(admin, world.schools.south)).find((d) => d.day === '2026-08-18')!.dayType).toBe('regular');
    });

    it('keeps each school to its own calendar, lets the district close every school, and lets the help desk change nothing', async () => {
      expect((await setDay(principal, '2026-08-24', { dayType: 'holiday' }, undefined, world.schools.south)).statusCode).toBe(404);
      const district = await app.inject({ method: 'PUT', url: '/api/calendar/2026-08-31', headers: admin.headers, payload: { dayType: 'holiday', note: 'Summer heat closure' } });
      expect(district.statusCode, district.body).toBe(200);
      expect(district.json().days.length).toBeGreaterThanOrEqual(2);
      const helpdesk = await signInAs(app, 'helpdesk');
      expect((await month(admin, world.schools.south)).find((d) => d.day === '2026-08-31')!.dayType).toBe('holiday');
      expect((await app.inject({ method: 'GET', url: `/api/schools/${world.schools.south}/calendar`, headers: helpdesk.headers })).statusCode).toBe(403);
      expect((await setDay(helpdesk, '2026-08-25', { dayType: 'holiday' })).statusCode).toBe(403);
      const outside = await setDay(admin, '2031-01-05', { dayType: 'holiday' });
      expect(outside.json().errors[0].field).toBe('params.date');
    });
  });
});
