import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { SCHOOL_MORNING, somethingWrongEverywhere } from '../../testing/alerts.ts';
import { signInAs } from '../../testing/http.ts';
import { withTestApp } from '../../testing/test-app.ts';
import { evaluateDistrictAlerts } from './evaluate-alerts.ts';

describe.each(testDatabaseKinds())('the alert routes on the %s database', (kind) => {
  const t = withTestApp(kind);
  const as = async (user: string) => (await signInAs(t.app, user)).headers;
  const list = async (user: string) => (await t.app.inject({ method: 'GET', url: '/api/alerts', headers: await as(user) })).json();

  it('lists the open alerts of the person’s schools: all for the district, their school’s for a principal', async () => {
    await somethingWrongEverywhere(t.db, t.world);
    await evaluateDistrictAlerts(t.db, t.world.districtId, fixedClock(SCHOOL_MORNING));
    const district = await list('admin');
    expect(district.open).toBe(5);
    expect(district.items.map((a: { rule: string }) => a.rule).sort()).toEqual(['attendance-not-taken', 'import-problems', 'job-failed', 'server-errors', 'students-without-schedule']);
    const north = await list('principal');
    expect(north.items.map((a: { rule: string; schoolId: number }) => [a.rule, a.schoolId]).sort()).toEqual([
      ['attendance-not-taken', t.world.schools.north],
      ['students-without-schedule', t.world.schools.north],
    ]);
    expect(north.items[0]).toMatchObject({ subject: { kind: 'school', id: t.world.schools.north, name: 'North High' }, status: 'open', version: 1 });
    expect(await list('south-principal')).toEqual({ open: 0, items: [] });
    expect((await t.app.inject({ method: 'GET', url: '/api/alerts', headers: await as('teacher') })).statusCode).toBe(403);
  });

  it('acknowledges and resolves against the version seen, audited, and refuses a stale change with 412', async () => {
    const alert = (await list('principal')).items.find((a: { rule: string }) => a.rule === 'students-without-schedule');
    const principal = await as('principal');
    const url = `/api/alerts/${alert.id}`;
    expect((await t.app.inject({ method: 'POST', url: `${url}/acknowledge`, headers: principal })).statusCode).toBe(428);
    const acknowledged = await t.app.inject({ method: 'POST', url: `${url}/acknowledge`, headers: { ...principal, 'if-match': '"1"' } });
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.headers.etag).toBe('"2"');
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'principal', version: 2 });
    // The district office, still on the version it loaded, is told someone got there first.
    const stale = await t.app.inject({ method: 'POST', url: `${url}/resolve`, headers: { ...(await as('admin')), 'if-match': '"1"' }, payload: {} });
    expect(stale.statusCode).toBe(412);
    expect(stale.json()).toMatchObject({ code: 'stale-version', version: 2 });
    // South's principal cannot see North's alert at all.
    expect((await t.app.inject({ method: 'POST', url: `${url}/resolve`, headers: { ...(await as('south-principal')), 'if-match': '"2"' }, payload: {} })).statusCode).toBe(404);
    const resolved = await t.app.inject({ method: 'POST', url: `${url}/resolve`, headers: { ...principal, 'if-match': '"2"' }, payload: { note: 'Counselors placed Devon' } });
    expect(resolved.statusCode, resolved.body).toBe(200);
    expect(resolved.json()).toMatchObject({ status: 'resolved', version: 3 });
    expect((await list('principal')).items.map((a: { rule: string }) => a.rule)).toEqual(['attendance-not-taken']);
    const again = await t.app.inject({ method: 'POST', url: `${url}/resolve`, headers: { ...principal, 'if-match': '"3"' }, payload: {} });
    expect(again.json()).toMatchObject({ code: 'alert-resolved' });
    const audit = await t.db.selectFrom('audit_event').select(['action', 'entity', 'entity_id', 'school_id', 'reason', 'user_id']).where('entity', '=', 'alert').orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'update', entity: 'alert', entity_id: String(alert.id), school_id: t.world.schools.north, reason: null, user_id: t.world.users.principal },
      { action: 'update', entity: 'alert', entity_id: String(alert.id), school_id: t.world.schools.north, reason: 'Counselors placed Devon', user_id: t.world.users.principal },
    ]);
  });

  it('keeps alerts about no school for the district office', async () => {
    const job = (await list('admin')).items.find((a: { rule: string }) => a.rule === 'job-failed');
    const refused = await t.app.inject({ method: 'POST', url: `/api/alerts/${job.id}/acknowledge`, headers: { ...(await as('principal')), 'if-match': '"1"' } });
    expect(refused.statusCode).toBe(404);
  });

  it('lets the district office change a rule, by name, against its version, audited; and the next evaluation judges by it', async () => {
    const admin = await as('admin');
    const rules = await t.app.inject({ method: 'GET', url: '/api/alert-rules', headers: admin });
    expect(rules.statusCode).toBe(200);
    const attendance = rules.json().items.find((r: { rule: string }) => r.rule === 'attendance-not-taken');
    expect(attendance).toEqual({ rule: 'attendance-not-taken', enabled: true, settings: { percent: 2, minutesAfterStart: 60 }, defaults: { percent: 2, minutesAfterStart: 60 }, version: 0, changedAt: null });
    expect((await t.app.inject({ method: 'GET', url: '/api/alert-rules', headers: await as('principal') })).statusCode).toBe(403);

    const put = (version: string, payload: object) => t.app.inject({ method: 'PUT', url: '/api/alert-rules/attendance-not-taken', headers: { ...admin, 'if-match': version }, payload });
    const bad = await put('"0"', { enabled: true, settings: { percent: 'two', minutes: 5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['body.settings', 'body.settings.percent']);
    const changed = await put('"0"', { enabled: true, settings: { minutesAfterStart: 180 } });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toMatchObject({ settings: { percent: 2, minutesAfterStart: 180 }, version: 1 });
    expect((await put('"0"', { enabled: false, settings: {} })).json()).toMatchObject({ code: 'stale-version' });
    expect((await t.app.inject({ method: 'PUT', url: '/api/alert-rules/no-such-rule', headers: { ...admin, 'if-match': '"0"' }, payload: { enabled: true } })).statusCode).toBe(404);
    expect(await t.db.selectFrom('audit_event').select(['entity', 'entity_id']).where('entity', '=', 'alert-rule').execute()).toEqual([{ entity: 'alert-rule', entity_id: 'attendance-not-taken' }]);

    // Tomorrow at 10:30 North's 8:00 class is not three hours old: under the district's rule, no alert.
    await t.db.insertInto('calendar_day').values({ district_id: t.world.districtId, school_id: t.world.schools.north, day: '2026-08-24', school_year_id: (await t.db.selectFrom('school_year').select('id').where('district_id', '=', t.world.districtId).where('is_current', '=', true).executeTakeFirstOrThrow()).id, is_instructional: true, day_type: 'regular' }).execute();
    await evaluateDistrictAlerts(t.db, t.world.districtId, fixedClock('2026-08-24T17:30:00Z'));
    expect(await t.db.selectFrom('alert').select('subject_key').where('rule', '=', 'attendance-not-taken').where('subject_key', 'like', '%2026-08-24').execute()).toEqual([]);
  });
});
