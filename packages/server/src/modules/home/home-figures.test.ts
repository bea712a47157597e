import type { HomeFigures } from '@homeroom/core/api/home';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../app.ts';
import { DEMO_PASSWORD, setDemoPasswords } from '../../auth/demo-accounts.ts';
import type { DatabaseHandle } from '../../db/connection.ts';
import { seedDistrict } from '../../db/seed/index.ts';
import { openTestDatabase, testDatabaseKinds } from '../../db/testing.ts';
import { signInAs, type SignedIn } from '../../testing/http.ts';
import { recomputeDistrictAudits } from '../graduation/recompute-audits.ts';
import { insertTicket } from '../help-desk/help-desk.repository.ts';

/**
 * The administrators' home figures on a small generated district, each cross-checked against the
 * screen that owns its definition: the ADA, the readiness report, the graduation worklists.
 */
describe.each(testDatabaseKinds())('the home figures on the %s database', (kind) => {
  let handle: DatabaseHandle;
  let app: Awaited<ReturnType<typeof buildApp>>;
  let districtId: number;
  let admin: SignedIn;
  let principal: SignedIn;
  let north: { id: number; name: string };
  let other: { id: number };
  beforeAll(async () => {
    handle = await openTestDatabase(kind);
    const summary = await seedDistrict(handle.db, { seed: 5, students: 500 });
    districtId = summary.districtId;
    await setDemoPasswords(handle.db, summary.demoUsers);
    app = await buildApp({ db: handle.db });
    admin = await signInAs(app, 'admin', DEMO_PASSWORD);
    principal = await signInAs(app, 'principal', DEMO_PASSWORD);
    const grant = await handle.db.selectFrom('user_role as r').innerJoin('app_user as u', 'u.id', 'r.user_id').innerJoin('school as s', 's.id', 'r.school_id')
      .select(['s.id', 's.name']).where('u.username', '=', 'principal').where('r.role', '=', 'school-admin').executeTakeFirstOrThrow();
    north = grant;
    other = await handle.db.selectFrom('school').select('id').where('district_id', '=', districtId).where('id', '<>', north.id).orderBy('id').executeTakeFirstOrThrow();
  }, 180_000);
  afterAll(async () => {
    await app?.close();
    await handle?.close();
  });

  const figures = async (who: SignedIn, query = '') => {
    const response = await app.inject({ method: 'GET', url: `/api/home/figures${query}`, headers: who.headers });
    expect(response.statusCode, response.body).toBe(200);
    return response.json<HomeFigures>();
  };

  it("refuses a teacher, and hides another school's figures from a principal", async () => {
    const teacher = await signInAs(app, 'teacher', DEMO_PASSWORD);
    expect((await app.inject({ method: 'GET', url: '/api/home/figures', headers: teacher.headers })).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: `/api/home/figures?school=${other.id}`, headers: principal.headers })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/home/figures?school=x', headers: principal.headers })).statusCode).toBe(400);
  });

  it("gives a principal her school's attendance rate by day, the ADA's days enrolled and of attendance day by day", async () => {
    const f = await figures(principal);
    expect(f.school).toEqual({ id: north.id, name: north.name });
    expect(f.attendance.days.length).toBeGreaterThan(20);
    const first = f.attendance.days[0]!.date;
    const last = f.attendance.days.at(-1)!.date;
    const response = await app.inject({ method: 'GET', url: `/api/schools/${north.id}/ada?from=${first}&to=${last}`, headers: admin.headers });
    expect(response.statusCode, response.body).toBe(200);
    const ada = response.json<{ daysTaught: number; daysEnrolled: number; daysOfAttendance: number }>();
    expect(ada.daysTaught).toBe(f.attendance.days.length);
    expect(f.attendance.days.reduce((n, d) => n + d.expected, 0)).toBe(ada.daysEnrolled);
    expect(f.attendance.days.reduce((n, d) => n + d.present, 0)).toBe(ada.daysOfAttendance);
    const day = f.attendance.days[5]!;
    expect(day.rate).toBe(Math.round((1000 * day.present) / day.expected) / 10);
    expect(day.rate).toBeGreaterThan(80);
    expect(day.rate).toBeLessThan(100);
  });

  it('counts students without a complete schedule by school as the readiness report does', async () => {
    const f = await figures(admin);
    expect(f.school).toBeNull();
    const response = await app.inject({ method: 'GET', url: '/api/readiness', headers: admin.headers });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json<{ date: string; checks: Array<{ id: string; figure: number | null }> }>();
    expect(f.incompleteSchedules.day).toBe(report.date);
    expect(f.incompleteSchedules.total).toBe(report.checks.find((c) => c.id === 'students-without-complete-schedule')!.figure ?? 0);
    expect(f.incompleteSchedules.bySchool.reduce((n, s) => n + s.students, 0)).toBe(f.incompleteSchedules.total);
    const mine = await figures(admin, `?school=${north.id}`);
    expect(mine.incompleteSchedules.bySchool.every((s) => s.schoolId === north.id)).toBe(true);
  }, 120_000);

  it("reads the seniors at risk from the stored audits, the graduation worklists' seniors", async () => {
    const before = await figures(admin);
    expect(before.seniorsAtRisk).toMatchObject({ audited: 0, atRisk: 0, byRequirement: [], auditedSince: null });
    expect(before.seniorsAtRisk.seniors).toBeGreaterThan(0);
    await recomputeDistrictAudits(handle.db, districtId);
    const f = await figures(admin);
    expect(f.seniorsAtRisk.audited).toBe(f.seniorsAtRisk.seniors);
    expect(f.seniorsAtRisk.auditedSince).not.toBeNull();
    const high = await handle.db.selectFrom('school').select('id').where('district_id', '=', districtId).where('kind', '=', 'high').execute();
    let listed = 0;
    for (const { id } of high) {
      const response = await app.inject({ method: 'GET', url: `/api/schools/${id}/graduation-lists?list=seniors-at-risk&limit=1`, headers: admin.headers });
      expect(response.statusCode, response.body).toBe(200);
      listed += response.json<{ total: number }>().total;
    }
    expect(listed).toBeGreaterThan(0);
    expect(f.seniorsAtRisk.atRisk).toBe(listed);
    expect(f.seniorsAtRisk.byRequirement.length).toBeGreaterThan(0);
    for (const r of f.seniorsAtRisk.byRequirement) {
      expect(r.students).toBeGreaterThan(0);
      expect(r.students).toBeLessThanOrEqual(f.seniorsAtRisk.atRisk);
      expect(r.title).not.toBe('');
    }
  }, 120_000);

  it("counts open alerts by rule and open tickets by priority, a principal's her school's only", async () => {
    const alert = (schoolId: number, status: string) => ({
      district_id: districtId, rule: 'attendance-not-taken', subject_key: `school:${schoolId}:${status}`, subject_kind: 'school', subject_id: schoolId, subject_name: 'x', school_id: schoolId, title: 'x', figure: '{}', status,
    });
    await handle.db.insertInto('alert').values([alert(north.id, 'open'), alert(north.id, 'acknowledged'), alert(other.id, 'open'), { ...alert(north.id, 'resolved'), rule: 'job-failed' }]).execute();
    const reporter = await handle.db.selectFrom('app_user').select('id').where('username', '=', 'principal').executeTakeFirstOrThrow();
    const context = { screen: '/', records: [], failedRequests: [], userAgent: null };
    await insertTicket(handle.db, { districtId, reporterId: reporter.id, whatHappened: 'The roster will not save', context, priority: 'urgent', priorityReason: 'test' });
    await insertTicket(handle.db, { districtId, reporterId: reporter.id, whatHappened: 'A typo on the report card', context, priority: 'low', priorityReason: 'test' });
    const district = await figures(admin);
    expect(district.alerts).toEqual({ total: 3, byRule: [{ rule: 'attendance-not-taken', open: 2, acknowledged: 1 }] });
    expect(district.tickets).toEqual({ total: 2, byPriority: { urgent: 1, high: 0, normal: 0, low: 1 } });
    const school = await figures(principal);
    expect(school.alerts).toEqual({ total: 2, byRule: [{ rule: 'attendance-not-taken', open: 1, acknowledged: 1 }] });
    expect(school.tickets.total).toBe(2);
  });
});
