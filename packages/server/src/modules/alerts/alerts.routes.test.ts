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

  it('acknowledges and resolves against the version seen, audited, and refuses a stale change with 409', async () => {
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
    expect(stale.statusCode).toBe(409);
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
});
