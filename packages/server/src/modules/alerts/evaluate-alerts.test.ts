import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../clock.ts';
import { testDatabaseKinds } from '../../db/testing.ts';
import { inProcessJobQueue } from '../../jobs/queue.ts';
import { SCHOOL_MORNING, somethingWrongEverywhere } from '../../testing/alerts.ts';
import { withTestApp } from '../../testing/test-app.ts';
import { evaluateDistrictAlerts } from './evaluate-alerts.ts';
import { queueAlertEvaluations } from './watch-alerts.ts';

describe.each(testDatabaseKinds())('alert evaluation on the %s database', (kind) => {
  const t = withTestApp(kind);
  const alerts = () => t.db.selectFrom('alert').select(['rule', 'subject_kind', 'subject_id', 'school_id', 'status', 'link', 'figure']).where('district_id', '=', t.world.districtId).orderBy('id').execute();

  it('raises nothing on a quiet morning', async () => {
    expect(await evaluateDistrictAlerts(t.db, t.world.districtId, fixedClock(SCHOOL_MORNING))).toMatchObject({ findings: 0, raised: 0 });
  });

  it('raises one alert per rule and subject, naming it and the list behind it, and none twice', async () => {
    const { importId } = await somethingWrongEverywhere(t.db, t.world);
    expect(await evaluateDistrictAlerts(t.db, t.world.districtId, fixedClock(SCHOOL_MORNING))).toMatchObject({ findings: 5, raised: 5 });
    const north = t.world.schools.north;
    expect(await alerts()).toEqual([
      { rule: 'students-without-schedule', subject_kind: 'school', subject_id: north, school_id: north, status: 'open', link: `/schedules/incomplete?school=${north}`, figure: { students: 1, threshold: 0, day: '2026-08-17' } },
      { rule: 'attendance-not-taken', subject_kind: 'school', subject_id: north, school_id: north, status: 'open', link: `/attendance?school=${north}`, figure: { notTaken: 1, meetings: 1, thresholdPercent: 2, day: '2026-08-17' } },
      expect.objectContaining({ rule: 'job-failed', subject_kind: 'job', subject_id: t.world.job, school_id: null, link: `/api/jobs/${t.world.job}` }),
      expect.objectContaining({ rule: 'import-problems', subject_kind: 'import', subject_id: importId, link: '/district-import' }),
      expect.objectContaining({ rule: 'server-errors', subject_kind: 'server', subject_id: null, link: null, figure: expect.objectContaining({ errors: 25 }) }),
    ]);
    // Judged again ten minutes later: the same five, their figures refreshed, nothing new.
    expect(await evaluateDistrictAlerts(t.db, t.world.districtId, fixedClock('2026-08-17T17:40:00Z'))).toMatchObject({ findings: 5, raised: 0 });
    expect(await alerts()).toHaveLength(5);
  });

  it('keeps a resolved alert resolved while its subject is still wrong', async () => {
    await t.db.updateTable('alert').set({ status: 'resolved' }).where('district_id', '=', t.world.districtId).where('rule', '=', 'job-failed').execute();
    expect(await evaluateDistrictAlerts(t.db, t.world.districtId, fixedClock('2026-08-17T17:45:00Z'))).toMatchObject({ raised: 0 });
    expect((await alerts()).filter((a) => a.rule === 'job-failed').map((a) => a.status)).toEqual(['resolved']);
  });

  it('is queued as a background job, once per interval whichever server asks', async () => {
    const jobs = inProcessJobQueue(t.db);
    expect(await queueAlertEvaluations(t.db, jobs, 5, fixedClock(SCHOOL_MORNING))).toBe(1);
    expect(await queueAlertEvaluations(t.db, jobs, 5, fixedClock(SCHOOL_MORNING))).toBe(0);
    await jobs.close();
    const job = await t.db.selectFrom('job').select(['status', 'result']).where('district_id', '=', t.world.districtId).where('kind', '=', 'alert-evaluation').executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'succeeded', result: expect.objectContaining({ raised: 0 }) });
  });

  it('counts the server’s errors (5xx) by the minute', async () => {
    const before = await t.db.selectFrom('server_error_minute').select((eb) => eb.fn.sum<number>('errors').as('n')).executeTakeFirstOrThrow();
    t.app.get('/api/test-only/boom', async () => {
      throw new Error('boom');
    });
    expect((await t.app.inject({ method: 'GET', url: '/api/test-only/boom' })).statusCode).toBe(500);
    expect((await t.app.inject({ method: 'GET', url: '/api/health' })).statusCode).toBe(200);
    // Counted after the answer is sent: the count may land a moment after the test has its answer.
    const counted = async () => Number((await t.db.selectFrom('server_error_minute').select((eb) => eb.fn.sum<number>('errors').as('n')).executeTakeFirstOrThrow()).n) - Number(before.n);
    await expect.poll(counted).toBe(1);
  });
});
