// `homeroom load-test --quick` against this machine's PostgreSQL (a few seconds of arrivals at ten
// times a small expected peak), recorded where the readiness check reads it. On the embedded
// database it says that the load test needs PostgreSQL.
import { describe, expect, it } from 'vitest';
import { setExpectedPeak } from '../modules/readiness/readiness.repository.ts';
import { createSmallDistrict } from '../testing/small-district.ts';
import { databaseForCommands, withCommandDatabase } from './cli-test-helpers.ts';
import { runCommand } from './testing.ts';

const onPostgres = Boolean(process.env.DATABASE_URL);

describe(`homeroom load-test (${onPostgres ? 'postgres' : 'embedded'})`, () => {
  databaseForCommands('homeroom-load-test-');
  const withDatabase = withCommandDatabase;

  it('says what is wrong with its use (exit 2)', async () => {
    expect((await runCommand(['load-test', '--seconds', '0'])).code).toBe(2);
    expect((await runCommand(['load-test', 'now'])).code).toBe(2);
  });

  it.runIf(!onPostgres)('refuses the embedded database: a district runs on PostgreSQL', async () => {
    const run = await runCommand(['load-test', '--quick']);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/DATABASE_URL/);
  });

  it.runIf(onPostgres)('replays the morning on a district of its own and records it for the readiness check, leaving the district untouched', async () => {
    const world = await withDatabase(async (db) => {
      const district = await createSmallDistrict(db);
      await setExpectedPeak(db, district.districtId, 2);
      return district;
    });
    const run = await runCommand(['load-test', '--quick']);
    expect(run.code, run.err).toBe(0);
    const result = JSON.parse(run.out);
    expect(result).toMatchObject({ format: 'homeroom.bench/v1', name: 'attendance-morning', quick: true });
    expect(result.results[0].params).toMatchObject({ teachersPerSecond: 20, teachers: 100 });
    expect(result.results[0].metrics.savesAcknowledged).toBe(100);
    const recorded = await withDatabase((db) => db.selectFrom('load_test_run').selectAll().execute());
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ district_id: world.districtId, target_saves_per_second: 20, errors: 0, quick: true });
    // The district's own data is not where the morning was replayed.
    const takings = await withDatabase((db) => db.selectFrom('attendance_taking').select('id').execute());
    expect(takings).toHaveLength(0);
    const readiness = JSON.parse((await runCommand(['readiness', '--json', '--date', '2026-08-20'])).out);
    const check = readiness.checks.find((c: { id: string }) => c.id === 'load-test');
    expect(check.threshold).toBe(20);
    expect(check.figure).toBe(Number(recorded[0]!.saves_per_second));
    expect(['pass', 'fail']).toContain(check.status);
  });
});
